"""Running the pinned Lighthouse: installing it, building the site, listing its pages, one run per call."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from lighthouse_figures import CATEGORIES
from lighthouse_serve import HOST

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "scripts" / "lighthouse"
CLI = TOOL / "node_modules" / "lighthouse" / "cli" / "index.js"
REPORTS = ROOT / "test-artifacts" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {HOST}",
]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def site_url() -> str:
    """The deployed site_url from mkdocs.yml, read the way MkDocs reads it."""
    from mkdocs.utils import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as stream:
        return yaml_load(stream)["site_url"]


def install_lighthouse():
    """npm ci in scripts/lighthouse/ when its lockfile changed since the last install."""
    lock = TOOL / "package-lock.json"
    stamp = TOOL / "node_modules" / ".installed"
    want = hashlib.sha256(lock.read_bytes()).hexdigest()
    if CLI.is_file() and stamp.is_file() and stamp.read_text() == want:
        return
    print("installing the pinned Lighthouse into scripts/lighthouse/node_modules ...", flush=True)
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                   cwd=TOOL, check=True)
    stamp.write_text(want)


def build(target: Path):
    """mkdocs build --strict of the working tree into target."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(target)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"mkdocs build --strict failed:\n{(done.stdout + done.stderr)[-6000:]}")


def pages(site: Path, deployed: str) -> list[str]:
    """Every page the sitemap lists, as URLs relative to the site root."""
    locs = ElementTree.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")
    return [loc.text.strip().removeprefix(deployed) for loc in locs]


def lighthouse(url: str, out: Path, extra_flags=()) -> dict:
    """One Lighthouse run on the mobile preset; returns its report."""
    flags = " ".join([*CHROME_FLAGS, *extra_flags])
    command = ["node", str(CLI), url, "--output=json", f"--output-path={out}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for attempt in range(3):  # on a busy machine a DevTools call can time out: run it again
        out.unlink(missing_ok=True)
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if not done.returncode and out.is_file():
            report = json.loads(out.read_text(encoding="utf-8"))
            if not report.get("runtimeError"):
                return report
        print(f"lighthouse failed on {url} (attempt {attempt + 1} of 3)", file=sys.stderr, flush=True)
    raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-3000:]}")
