// Accessibility fixes the theme's defaults need and CSS cannot make, run on each page Material shows:
// document$ emits on the first load and after every instant navigation, once the theme has set the
// page up (its code-block tools and table boxes included).
document$.subscribe(() => {
  // The search overlay is a dialog: name it after its field, so a screen reader says what opened.
  const search = document.querySelector('[data-md-component="search"][role="dialog"]');
  const field = document.querySelector(".md-search__input");
  if (search && field) search.setAttribute("aria-label", field.getAttribute("aria-label"));

  // Each code block's copy button sits in an unnamed <nav>, so a page with several code blocks has
  // several identical navigation landmarks. The button is a tool, not navigation.
  for (const nav of document.querySelectorAll("nav.md-code__nav")) nav.setAttribute("role", "none");

  // A box that scrolls sideways must take keyboard focus, or a keyboard user cannot scroll it. The
  // observer reports a box and its content when the browser has laid them out and whenever either
  // changes size (a font arriving late widens the content), so reading widths there forces no layout.
  const boxes = ".md-typeset pre > code, .md-typeset .arithmatex, .md-typeset .md-typeset__scrollwrap";
  const scrollers = new ResizeObserver((entries) => {
    for (const box of new Set(entries.map((entry) => entry.target.closest(boxes)))) {
      if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
      else box.removeAttribute("tabindex");
    }
  });
  for (const box of document.querySelectorAll(boxes)) {
    scrollers.observe(box);
    if (box.firstElementChild) scrollers.observe(box.firstElementChild);
  }
});
