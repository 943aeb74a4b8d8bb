// Runs the shared scenarios (engines.py) in Debian's Firefox ESR, driven by puppeteer-core over
// WebDriver BiDi. Reads {origin, screenshots, scenarios, tabs, errors} from the JSON file named on
// its command line; writes {version, results: {name: {answers, errors, failure}}} as JSON on stdout.
// A page's errors are the recorder's (engine_recorder.js) and what BiDi's log reports: console
// errors and uncaught exceptions.
import { readFile } from "node:fs/promises";
import puppeteer from "puppeteer-core";

const FIREFOX = "/usr/bin/firefox-esr";
const VIEWS = { desktop: [1280, 900], phone: [390, 844] };
const TIMEOUT_MS = 120_000;
// Firefox reports a MathML element with the wrong number of children when it lays one out, and on
// a slow connection it lays out a formula the parser is still filling in: a report of a moment
// that the loaded page no longer has. These are not counted as errors; the shared check of the
// loaded page (engine_checks.js, `malformed`) is what fails a formula that stays wrong.
const MATHML_LAYOUT = /^Invalid markup: Incorrect number of children for <\w+\/> tag\.$/;
// Every request for another host goes to a closed local port (Firefox never proxies 127.0.0.1).
const PREFS = {
  "network.proxy.type": 1, "network.proxy.http": "127.0.0.1", "network.proxy.http_port": 9,
  "network.proxy.ssl": "127.0.0.1", "network.proxy.ssl_port": 9, "network.proxy.no_proxies_on": "127.0.0.1",
  // Scrollbars over the page, as on a phone, so that a 390 px viewport lays out 390 px.
  "widget.gtk.overlay-scrollbars.enabled": true,
};

const input = JSON.parse(await readFile(process.argv[2], "utf8"));

const browser = await puppeteer.launch({
  browser: "firefox", executablePath: FIREFOX, headless: true, extraPrefsFirefox: PREFS, protocolTimeout: TIMEOUT_MS,
});

async function run({ name, path, steps }) {
  const result = { answers: {}, errors: [], failure: null, seconds: 0 }, start = Date.now();
  let page;
  try {
    // Under load, BiDi sometimes loses a tab it is making while another closes: one more try.
    page = await browser.newPage().catch(() => browser.newPage());
    page.setDefaultTimeout(TIMEOUT_MS);
    page.on("console", (m) => m.type() === "error" && result.errors.push(`console: ${m.text()}`));
    page.on("pageerror", (e) => MATHML_LAYOUT.test(e.message) || result.errors.push(`uncaught: ${e.message}`));
    const [width, height] = VIEWS[steps[0][1]];
    await page.setViewport({ width, height });
    await page.goto(input.origin + path, { waitUntil: "load" });
    for (const [kind, key, script] of steps) {
      if (kind === "view") await page.setViewport({ width: VIEWS[key][0], height: VIEWS[key][1] });
      else if (kind === "check") result.answers[key] = JSON.parse(await page.evaluate(script));
      else if (kind === "shot") {
        await page.evaluate("window.scrollTo(0, 0)");
        await page.screenshot({ path: `${input.screenshots}/${key}-firefox.png`, fullPage: true });
      }
    }
    result.errors.push(...JSON.parse(await page.evaluate(input.errors)));
  } catch (error) {
    result.failure = `${name}: ${error.message}`;
  } finally {
    await page?.close().catch(() => null);
    result.seconds = (Date.now() - start) / 1000;
  }
  return [name, result];
}

// A few tabs at once, each taking the next scenario when it is done.
const queue = [...input.scenarios], results = {};
await Promise.all(Array.from({ length: input.tabs }, async () => {
  while (queue.length) {
    const [name, result] = await run(queue.shift());
    results[name] = result;
  }
}));
const version = await browser.version();
await browser.close();
process.stdout.write(JSON.stringify({ version, results }));
