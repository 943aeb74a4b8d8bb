// Accessibility fixes that the theme's defaults need and CSS cannot make. They run whenever the
// page's content changes: Material adds its code-block tools after load, and instant navigation
// swaps the content in place.
(() => {
  const SCROLLERS = ".md-typeset pre > code, .md-typeset .katex-display, .md-typeset__scrollwrap";

  const nameCodeTools = () => {
    // Material puts each code block's copy button in an unnamed <nav>; a page with several code
    // blocks then has several identical navigation landmarks. The button is a tool, not navigation.
    for (const nav of document.querySelectorAll("nav.md-code__nav:not([role])")) {
      nav.setAttribute("role", "none");
    }
  };

  // A box that scrolls sideways must take keyboard focus, or a keyboard user cannot scroll it.
  // Boxes are measured when the browser has just laid them out (a ResizeObserver reports each one
  // when first observed and whenever its size or its content's size changes): measuring them any
  // other time would force a layout of the whole page, the longest task a page of math has.
  const focusable = (boxes) => {
    const scrolling = boxes.map((box) => box.scrollWidth > box.clientWidth + 1); // all reads first
    boxes.forEach((box, i) => {
      if (scrolling[i] && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.vbScrollFocus = "";
      } else if (!scrolling[i] && "vbScrollFocus" in box.dataset) {
        box.removeAttribute("tabindex");
        delete box.dataset.vbScrollFocus;
      }
    });
  };
  const sizes = new ResizeObserver((entries) => {
    focusable([...new Set(entries.map((e) => e.target.closest(SCROLLERS)).filter(Boolean))]);
  });

  // The browser skips the parts of an article far from the screen (content-visibility: auto,
  // hooks/sections.py). Observing a box in a skipped part would make it lay that part out, so a
  // part's boxes are observed once the browser first shows it.
  const shownParts = new WeakSet();
  const measurable = (box) => {
    const part = box.closest(".vb-section");
    return !part || shownParts.has(part);
  };

  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      nameCodeTools();
      sizes.disconnect();
      for (const box of document.querySelectorAll(SCROLLERS)) {
        if (!measurable(box)) continue;
        sizes.observe(box);
        if (box.firstElementChild) sizes.observe(box.firstElementChild);
      }
    });
  };
  document.addEventListener("contentvisibilityautostatechange", (event) => {
    if (event.skipped || shownParts.has(event.target)) return;
    shownParts.add(event.target);
    schedule();
  }, true);

  // A keyboard user may tab ahead of what the browser has shown. So the parts not shown yet are
  // measured too, in idle moments and one part at a time (each a small layout, no long task);
  // <html data-vb-scrollers="measured"> tells when all are done.
  const idle = window.requestIdleCallback || ((task) => setTimeout(task, 50));
  let measuring = false;
  const measureRest = () => {
    const part = [...document.querySelectorAll(".vb-section")].find((p) => !shownParts.has(p));
    if (!part) {
      measuring = false;
      document.documentElement.dataset.vbScrollers = "measured";
      schedule();
      return;
    }
    shownParts.add(part);
    focusable([...part.querySelectorAll(SCROLLERS)]);
    idle(measureRest);
  };
  const measureLater = () => {
    if (measuring) return;
    measuring = true;
    delete document.documentElement.dataset.vbScrollers;
    idle(measureRest);
  };

  new MutationObserver(() => {
    schedule();
    measureLater();
  }).observe(document.body, { childList: true, subtree: true });
  schedule();
  if (document.readyState === "complete") measureLater();
  else window.addEventListener("load", measureLater, { once: true });
})();
