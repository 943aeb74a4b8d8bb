// Reads what a reader would see on the loaded page; the browser tests assert on the result.
async () => {
  const width = document.documentElement.clientWidth;
  const visible = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });

  // Images: lazy ones below the fold are asked for now, so every shown image can be checked. A
  // <picture> that just switched source (new colour scheme, reduced motion) may still be fetching.
  const shown = [...document.images].filter(visible);
  for (const img of shown) if (img.loading === "lazy") img.loading = "eager";
  for (let tries = 0; tries < 50; tries++) {
    const pending = shown.filter((img) => !(img.complete && img.naturalWidth > 0));
    if (!pending.length) break;
    await Promise.race([
      Promise.all(pending.map((img) => img.decode().catch(() => null))),
      new Promise((resolve) => setTimeout(resolve, 100)),
    ]);
  }
  await document.fonts.ready;
  const images = [...document.images].map((img) => ({
    src: img.getAttribute("src"),
    currentSrc: img.currentSrc,
    alt: img.getAttribute("alt"),
    visible: visible(img),
    naturalWidth: img.naturalWidth,
  }));

  // Math: every arithmatex block typeset, and no TeX source left in the text a reader sees.
  const skip = "pre, code, kbd, samp, script, style, textarea, math, .md-search";
  const leftovers = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(skip) || !visible(el)) continue;
    const match = node.textContent.match(/\$|\\[()[\]]|\\[A-Za-z]{2,}/);
    if (match) {
      const at = Math.max(0, match.index - 30);
      leftovers.push(node.textContent.slice(at, match.index + 40).replace(/\s+/g, " "));
    }
  }
  const math = {
    blocks: document.querySelectorAll(".arithmatex").length,
    typeset: document.querySelectorAll(".arithmatex > math").length,
    errors: [...document.querySelectorAll(".temml-error")].map((e) => e.title || e.textContent),
    leftovers,
  };

  // Horizontal overflow: anything reaching past the right edge that no scrolling box contains.
  const clips = (el) => getComputedStyle(el).overflowX !== "visible";
  const overflowing = [];
  for (const el of document.querySelectorAll(".md-container *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1 || !visible(el)) continue;
    let contained = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (clips(up) && up.getBoundingClientRect().right <= width + 1) { contained = true; break; }
    }
    if (!contained) {
      const cls = typeof el.className === "string" ? el.className.trim().split(/\s+/).join(".") : "";
      overflowing.push(`${el.tagName.toLowerCase()}${cls ? "." + cls : ""} reaches ${Math.round(box.right)} px`);
    }
  }
  const overflow = {
    width,
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    elements: overflowing.slice(0, 10),
  };

  // Figures: every <figure> the figures hook wrote, with each variant's state.
  const url = (src) => new URL(src, document.baseURI).href.split("#")[0];
  const figures = [...document.querySelectorAll("figure[data-vb-figure]")].map((f) => ({
    name: f.dataset.vbFigure,
    animated: f.classList.contains("vb-figure--animation"),
    // The step player (docs/javascripts/player.js) replaces an animation's <picture> by a canvas.
    // It keeps the GIF on show until its atlas is in and it has drawn a frame.
    drawn: f.classList.contains("vb-figure--drawn"),
    variant: f.querySelector("canvas")?.dataset.variant ?? null, // e.g. "wide-dark", once drawn
    canvasVisible: [...f.querySelectorAll("canvas")].some(visible),
    caption: f.querySelector("figcaption")?.textContent.trim() ?? "",
    images: [...f.querySelectorAll("img")].map((img) => ({
      src: img.getAttribute("src"),
      shown: img.currentSrc.split("#")[0],
      alt: img.getAttribute("alt"),
      width: img.getAttribute("width"),
      height: img.getAttribute("height"),
      visible: visible(img),
      naturalWidth: img.naturalWidth,
      shownWidth: img.getBoundingClientRect().width,
      sources: [...(img.closest("picture")?.querySelectorAll("source") ?? [])].map((s) => ({
        media: s.getAttribute("media"), url: url(s.getAttribute("srcset").trim().split(/\s+/)[0]),
      })),
    })),
  }));

  // Layout shifts so far that no input caused (Lighthouse's CLS counts these), reported to an
  // observer asking for the buffered ones.
  const shifts = await new Promise((resolve) => {
    const seen = [];
    const observer = new PerformanceObserver((list) => seen.push(...list.getEntries()));
    observer.observe({ type: "layout-shift", buffered: true });
    setTimeout(() => {
      observer.disconnect();
      const box = (r) => [r.x, r.y, r.width, r.height].map(Math.round).join(",");
      resolve(seen.filter((e) => !e.hadRecentInput).map((e) => ({
        at: Math.round(e.startTime),
        value: e.value,
        moved: e.sources.map((s) => `${s.node?.nodeName}.${s.node?.className ?? ""} "${
          s.node?.textContent?.slice(0, 40) ?? ""}" from ${box(s.previousRect)} to ${box(s.currentRect)}`),
      })));
    }, 200);
  });

  return {
    scheme: document.body.getAttribute("data-md-color-scheme"),
    title: document.title,
    images, math, overflow, figures, shifts,
  };
}
