// Put first into every page's <head> by the engines' test server (engines.py): records in
// window.vbEngineErrors what a console would show as an error, for the engine whose driver has no
// console log (WebKitWebDriver speaks WebDriver classic only), and alike in the other two.
// It sees console.error calls, uncaught errors, unhandled promise rejections and resources that
// failed to load; not the engine's own messages (a CSS parse warning, say), which only a log shows.
(() => {
  const errors = (window.vbEngineErrors = []);
  const words = (value) => {
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    if (typeof value === "string") return value;
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  };
  const consoleError = console.error;
  console.error = function (...args) {
    errors.push(`console.error: ${args.map(words).join(" ")}`);
    return consoleError.apply(this, args);
  };
  addEventListener("error", (event) => {
    const element = event.target;
    if (element instanceof Element) {
      const url = element.currentSrc || element.src || element.href || "";
      errors.push(`failed to load <${element.localName}> ${url}`);
    } else {
      errors.push(`uncaught ${words(event.error ?? event.message)} (${event.filename}:${event.lineno})`);
    }
  }, true);
  addEventListener("unhandledrejection", (event) => errors.push(`unhandled rejection: ${words(event.reason)}`));
  addEventListener("securitypolicyviolation", (event) =>
    errors.push(`blocked by ${event.violatedDirective}: ${event.blockedURI}`));
})();
