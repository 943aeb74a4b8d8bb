// Accessibility fixes that the theme's defaults need and CSS cannot make. They run whenever the
// page's content changes: Material adds its code-block tools after load, and instant navigation
// swaps the content in place.
(() => {
  const SCROLLERS = ".md-typeset pre > code, .md-typeset .katex-display, .md-typeset__scrollwrap";

  const fix = () => {
    // Material puts each code block's copy button in an unnamed <nav>; a page with several code
    // blocks then has several identical navigation landmarks. The button is a tool, not navigation.
    for (const nav of document.querySelectorAll("nav.md-code__nav:not([role])")) {
      nav.setAttribute("role", "none");
    }
    // A box that scrolls sideways must take keyboard focus, or a keyboard user cannot scroll it.
    for (const box of document.querySelectorAll(SCROLLERS)) {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.vbScrollFocus = "";
      } else if (!scrolls && "vbScrollFocus" in box.dataset) {
        box.removeAttribute("tabindex");
        delete box.dataset.vbScrollFocus;
      }
    }
  };

  let queued = false;
  const schedule = () => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(() => { queued = false; fix(); });
    }
  };
  new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", schedule);
  schedule();
})();
