// Step player over each animation: steps drawn on a canvas from the figure's patch atlas, with
// controls, keys and live captions. Without JavaScript the figure keeps its GIF.
(() => {
  const players = new Map(); // figure -> its player's destroy(), for the page shown
  const reduce = matchMedia("(prefers-reduced-motion: reduce)");
  const ICONS = {
    first: "M4 5h2v14H4zm9 0v14l-7-7zm8 0v14l-7-7z",
    prev: "M15 5v14l-9-7zm1 0h2v14h-2z",
    play: "M7 5v14l12-7z",
    pause: "M6 5h4v14H6zm8 0h4v14h-4z",
    next: "M6 5h2v14H6zm3 0v14l9-7z",
    last: "M3 5v14l7-7zm7 0v14l7-7zm8 0h2v14h-2z",
  };
  const make = (tag, attributes, ...children) => {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    el.append(...children);
    return el;
  };

  // Builds the player into `figure` and returns the function that stops it.
  const player = (figure) => {
    const items = [...figure.querySelectorAll(".vb-figure__steps li")];
    const img = figure.querySelector("picture img");
    const source = figure.querySelector('picture source:not([media*="reduce"])'); // the narrow GIF
    if (!items.length || !source) throw new Error("no steps or narrow source in the markup");
    const captions = items.map((li) => li.textContent);
    const last = captions.length - 1;
    const size = (el) => [el.getAttribute("width"), el.getAttribute("height")];
    const sizes = { wide: size(img), narrow: size(source) };
    const narrow = matchMedia(source.media);
    const abort = new AbortController();
    const atlases = {};
    let step = 0, wants = !reduce.matches, visible = false, data, base, key, drawn = {}, timer;

    const button = (name, label, action) => {
      const b = make("button", { type: "button", class: `vb-player__${name}`, title: label,
        "aria-label": label });
      b.innerHTML = `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="${ICONS[name]}"/></svg>`;
      b.onclick = action;
      return b;
    };
    const canvas = make("canvas", { class: "vb-player__canvas", role: "img", "aria-label": img.alt });
    const play = button("play", "Play", () => (wants ? pause() : start()));
    const range = make("input", { type: "range", min: 1, max: last + 1, class: "vb-player__range",
      "aria-label": "Step" });
    range.oninput = () => user(range.value - 1);
    const count = make("p", { class: "vb-player__count" });
    const caption = make("p", { class: "vb-player__caption" });
    const live = make("div", { class: "vb-player__live", "aria-atomic": "true" }, count, caption);
    // Hidden copies of every caption share the live text's grid cell: the tallest sets its height.
    const sizers = captions.map((c) => make("div", { class: "vb-player__sizer", "aria-hidden": "true" },
      make("p", { class: "vb-player__count" }, "\u00a0"), make("p", {}, c)));
    const root = make("div", {
      class: "vb-player", tabindex: 0, role: "group", "aria-roledescription": "step player",
      "aria-label": `Step player: ${figure.querySelector("figcaption")?.textContent.trim() || img.alt}`,
      "aria-keyshortcuts": "ArrowLeft ArrowRight Home End Space",
    }, canvas,
    make("div", { class: "vb-player__bar" },
      button("first", "First step", () => user(0)),
      button("prev", "Previous step", () => user(step - 1)),
      play,
      button("next", "Next step", () => user(step + 1)),
      button("last", "Last step", () => user(last)),
      range),
    make("div", { class: "vb-player__text" }, live, ...sizers));

    root.onkeydown = (e) => {
      const moves = { ArrowLeft: step - 1, ArrowRight: step + 1, Home: 0, End: last };
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key in moves && e.target !== range) user(moves[e.key]);
      else if (e.key === " " && e.target.tagName !== "BUTTON") wants ? pause() : start();
      else return;
      e.preventDefault();
    };

    // Frame i = frame 0's patch, then the patches of frames 1..i: stepping on draws only the new ones.
    const draw = () => {
      if (drawn.key !== key) return;
      const context = canvas.getContext("2d");
      for (let f = drawn.step < step ? drawn.step + 1 : 0; f <= step; f++) {
        for (const [sx, sy, w, h, dx, dy] of data.variants[key].patches[f]) {
          context.drawImage(drawn.atlas, sx, sy, w, h, dx, dy, w, h);
        }
      }
      drawn.step = step;
      Object.assign(canvas.dataset, { step, variant: key });
    };

    const go = (to) => {
      step = Math.max(0, Math.min(last, to));
      const phase = items[step].dataset.vbPhase; // "step" is the plain default: nothing to add
      const label = `Step ${step + 1} of ${last + 1}${phase && phase !== "step" ? ` — ${phase}` : ""}`;
      count.textContent = label;
      caption.textContent = captions[step];
      range.value = step + 1;
      range.setAttribute("aria-valuetext", label);
      draw();
    };

    // Loops like the GIF while wanted, on screen and drawn; captions are announced only when paused.
    const run = () => {
      const running = wants && visible && drawn.key === key;
      clearTimeout(timer);
      if (running) timer = setTimeout(() => (go((step + 1) % (last + 1)), run()), data.durations[step]);
      root.dataset.playing = running;
      live.setAttribute("aria-live", running ? "off" : "polite");
      const label = wants ? "Pause" : "Play";
      play.title = label;
      play.setAttribute("aria-label", label);
      play.firstChild.firstChild.setAttribute("d", ICONS[label.toLowerCase()]);
    };
    const pause = () => ((wants = false), run());
    const start = () => (step === last && go(0), (wants = true), run());
    const user = (to) => (pause(), go(to));

    // The variant for the palette and width in force, drawn once its atlas has loaded.
    const choose = () => {
      const layout = narrow.matches ? "narrow" : "wide";
      const want = (key = `${layout}-${document.body.dataset.mdColorScheme === "slate" ? "dark" : "light"}`);
      if (!data) return ([canvas.width, canvas.height] = sizes[layout]);
      const variant = data.variants[want];
      atlases[want] ||= new Promise((done, failed) => {
        const atlas = new Image();
        atlas.onload = () => done(atlas);
        atlas.onerror = () => failed(new Error(`cannot load ${variant.atlas}`));
        atlas.src = new URL(variant.atlas, base);
      });
      atlases[want].then((atlas) => {
        if (key !== want || abort.signal.aborted) return;
        if (drawn.key !== want) {
          [canvas.width, canvas.height] = [variant.width, variant.height];
          drawn = { key: want, step: -1, atlas };
        }
        draw();
        run();
      }, fail);
    };

    const load = () => {
      near.disconnect();
      base = new URL(figure.dataset.vbPlayer, location.href);
      fetch(base, { signal: abort.signal })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
        .then((json) => {
          if (json.frames !== captions.length) throw new Error("its step count differs from the page's");
          data = json;
          choose();
        })
        .catch(fail);
    };

    // Fetch the steps once the figure comes near; run only while half of it is on screen.
    const near = new IntersectionObserver((seen) => seen.some((e) => e.isIntersecting) && load(),
      { rootMargin: "100% 0px" });
    const onScreen = new IntersectionObserver((seen) => ((visible = seen.at(-1).isIntersecting), run()),
      { threshold: 0.5 });
    const scheme = new MutationObserver(choose);
    const onReduce = () => reduce.matches && pause();
    const destroy = () => {
      clearTimeout(timer);
      abort.abort();
      for (const observer of [near, onScreen, scheme]) observer.disconnect();
      narrow.removeEventListener("change", choose);
      reduce.removeEventListener("change", onReduce);
    };
    const fail = (error) => {
      if (abort.signal.aborted) return;
      console.error(`step player ${figure.dataset.vbFigure}: ${error.message}; showing the GIF`);
      destroy();
      root.remove();
      figure.classList.remove("vb-figure--player");
    };

    figure.insertBefore(root, figure.querySelector(".vb-figure__steps"));
    figure.classList.add("vb-figure--player");
    near.observe(figure);
    onScreen.observe(canvas);
    scheme.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    narrow.addEventListener("change", choose);
    reduce.addEventListener("change", onReduce);
    choose();
    go(0);
    run();
    return destroy;
  };

  // On each page Material shows (instant navigation too): end players whose figure left, start new ones.
  document$.subscribe(() => {
    for (const [figure, destroy] of players) {
      if (figure.isConnected) continue;
      destroy();
      players.delete(figure);
    }
    for (const figure of document.querySelectorAll("figure[data-vb-player]")) {
      if (players.has(figure)) continue;
      try {
        players.set(figure, player(figure));
      } catch (error) {
        console.error(`step player ${figure.dataset.vbFigure}: ${error.message}`);
      }
    }
  });
})();
