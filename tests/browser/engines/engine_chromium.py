"""Chromium's runner: the shared scenarios (engines.py) in the run's one Chromium (probes.py's
SharedChromium, driven by Playwright over CDP). Its screenshots are test_pages.py's, so it takes none."""

import asyncio
import json
import time

from engines import ERRORS, VIEWS

TABS = 2
TIMEOUT_MS = 60_000


async def run(browser, origin: str, scenarios: list[dict]) -> dict:
    """Every scenario, a few at a time, each in a fresh context: {"version", "results"}."""
    limit = asyncio.Semaphore(TABS)

    async def one(scenario):
        result = {"answers": {}, "errors": [], "failure": None, "seconds": 0}
        async with limit:
            start = time.monotonic()
            width, height = VIEWS[scenario["steps"][0][1]]
            context = await browser.new_context(viewport={"width": width, "height": height},
                                                device_scale_factor=1)
            context.set_default_timeout(TIMEOUT_MS)
            tab = await context.new_page()
            tab.on("console", lambda m: m.type == "error" and result["errors"].append(f"console: {m.text}"))
            tab.on("pageerror", lambda e: result["errors"].append(f"uncaught: {e}"))
            try:
                await tab.goto(origin + scenario["path"], wait_until="load")
                for kind, key, *script in scenario["steps"]:
                    if kind == "view":
                        await tab.set_viewport_size({"width": VIEWS[key][0], "height": VIEWS[key][1]})
                    elif kind == "check":
                        result["answers"][key] = json.loads(await tab.evaluate(script[0]))
                result["errors"] += json.loads(await tab.evaluate(ERRORS))
            except Exception as error:  # the scenario's tests fail with this message
                result["failure"] = f"{scenario['name']}: {type(error).__name__}: {error}"
            finally:
                await context.close()
                result["seconds"] = time.monotonic() - start
        return scenario["name"], result

    done = await asyncio.gather(*(one(scenario) for scenario in scenarios))
    return {"version": browser.version, "results": dict(done)}
