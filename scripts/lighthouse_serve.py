"""A built site served on 127.0.0.1 as its host serves it: text gzipped, the host's content types."""

import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path
from typing import ClassVar

HOST = "127.0.0.1"
TEXT_TYPES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".ipynb", ".txt", ".map"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzipped when the client accepts it, with the host's content types."""

    extensions_map: ClassVar = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                                ".js": "text/javascript", ".woff2": "font/woff2", ".svg": "image/svg+xml",
                                ".json": "application/json", ".gif": "image/gif", ".webp": "image/webp"}
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and path.suffix in TEXT_TYPES and accepts_gzip):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like body for SimpleHTTPRequestHandler's copyfile."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A threading server that says nothing when Chromium drops a kept-alive connection."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(served_root: Path) -> http.server.ThreadingHTTPServer:
    """Serve served_root gzipped on HOST at a free port, from a daemon thread."""
    handler = functools.partial(GzipHandler, directory=str(served_root))
    server = QuietServer((HOST, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def base_url(server, prefix: str) -> str:
    """The served site's root URL, under the deployed path prefix."""
    return f"http://{HOST}:{server.server_port}/" + (f"{prefix}/" if prefix else "")
