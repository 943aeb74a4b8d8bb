"""Firefox ESR's runner, from Python: engine_firefox.mjs (puppeteer-core over WebDriver BiDi) in a
Node process of its own, started at once and read when its results are wanted, so Firefox works
while the other engines do."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from engines import ERRORS, HERE

FIREFOX = Path("/usr/bin/firefox-esr")
SCRIPT = HERE / "engine_firefox.mjs"
TABS = 2  # pages at once: two cores, shared with the other engines
TIMEOUT_S = 300


class FirefoxRun:
    """The scenarios running in Firefox; `results()` waits for them."""

    def __init__(self, origin: str, screenshots: Path, scenarios: list[dict]):
        node = shutil.which("node")
        if not node:
            raise RuntimeError("the Firefox runner needs node (scripts/dev installs it)")
        if not FIREFOX.is_file():
            raise RuntimeError(f"no Firefox at {FIREFOX}: apt-get install firefox-esr "
                               "(scripts/dev test does it)")
        self.request = tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8")  # noqa: SIM115
        json.dump({"origin": origin, "screenshots": str(screenshots), "scenarios": scenarios, "tabs": TABS,
                   "errors": ERRORS}, self.request)
        self.request.flush()
        self.process = subprocess.Popen([node, str(SCRIPT), self.request.name], cwd=HERE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def results(self) -> dict:
        """{"version", "results": {name: {"answers", "errors", "failure"}}}; a crash raises, with stderr."""
        try:
            out, err = self.process.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
            raise RuntimeError(f"Firefox's scenarios took over {TIMEOUT_S} s:\n{err[-4000:]}") from None
        finally:
            self.request.close()
        if self.process.returncode:
            raise RuntimeError(f"engine_firefox.mjs exited with {self.process.returncode}:\n{err[-4000:]}")
        return json.loads(out)
