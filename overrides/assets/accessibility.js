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

  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      nameCodeTools();
      sizes.disconnect();
      for (const box of document.querySelectorAll(SCROLLERS)) {
        sizes.observe(box);
        if (box.firstElementChild) sizes.observe(box.firstElementChild);
      }
    });
  };
  new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  schedule();
})();
