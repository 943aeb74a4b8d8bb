// Step player over each animation, drawn from its patch atlas. Without JavaScript: the GIF.
(() => {
  const players = new Map(); // figure -> stop()
  const reduce = matchMedia("(prefers-reduced-motion: reduce)");
  const ICONS = { play: "M7 5v14l12-7z", pause: "M6 5h4v14H6zm8 0h4v14h-4z" };

  // Brings to life the player that hooks/figures.py put into `figure`; returns its stop().
  const player = (figure) => {
    const items = [...figure.querySelectorAll(".vb-figure__steps li")];
    const source = figure.querySelector('source:not([media*="reduce"])'); // narrow
    const root = figure.querySelector(".vb-player");
    if (!items.length || !source || !root) throw Error("no steps, narrow source or player in the markup");
    const part = (name) => figure.querySelector(`.vb-player__${name}`);
    const [canvas, play, range, count, caption, live] =
      ["canvas", "play", "range", "count", "caption", "live"].map(part);
    const pictures = [...figure.querySelectorAll("picture")];
    const captions = items.map((li) => li.textContent);
    const last = captions.length - 1;
    const narrow = matchMedia(source.media);
    const abort = new AbortController(), { signal } = abort;
    const atlases = {};
    let step = 0, wants = !reduce.matches, visible = false, data, base, key, drawn = {}, timer;

    const buttons = { first: () => user(0), prev: () => user(step - 1), play: () => toggle(),
      next: () => user(step + 1), last: () => user(last) };
    for (const name in buttons) part(name).onclick = buttons[name];
    range.oninput = () => user(range.value - 1);

    root.onkeydown = (e) => {
      const moves = { ArrowLeft: step - 1, ArrowRight: step + 1, Home: 0, End: last };
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key in moves && e.target !== range) user(moves[e.key]);
      else if (e.key === " " && e.target.tagName !== "BUTTON") toggle();
      else return;
      e.preventDefault();
    };

    // Frame i: frame 0, then the patches of frames 1..i over it (unchanged pixels are transparent).
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
      const phase = items[step].dataset.vbPhase; // "step" is the default: not shown
      const text = `Step ${step + 1} of ${last + 1}${phase && phase !== "step" ? ` — ${phase}` : ""}`;
      count.textContent = text;
      caption.textContent = captions[step];
      range.value = step + 1;
      range.setAttribute("aria-valuetext", text);
      draw();
    };

    // Loops like the GIF while wanted, on screen and drawn; announced only when paused.
    const run = () => {
      const running = wants && visible && drawn.key === key;
      clearTimeout(timer);
      if (running) timer = setTimeout(() => (go((step + 1) % (last + 1)), run()), data.durations[step]);
      root.dataset.playing = running;
      live.setAttribute("aria-live", running ? "off" : "polite");
      const text = wants ? "Pause" : "Play";
      play.title = text;
      play.setAttribute("aria-label", text);
      play.querySelector("path").setAttribute("d", ICONS[text.toLowerCase()]);
    };
    const pause = () => ((wants = false), run());
    const start = () => (step === last && go(0), (wants = true), run());
    const toggle = () => (wants ? pause() : start());
    const user = (to) => (pause(), go(to));

    // The variant for the palette and width in force, drawn once its atlas is in.
    const choose = () => {
      const want = (key = `${narrow.matches ? "narrow" : "wide"}-${
        document.body.dataset.mdColorScheme === "slate" ? "dark" : "light"}`);
      if (!data) return; // the canvas stays hidden, and unsized, until it draws
      const variant = data.variants[want];
      (atlases[want] ||= new Promise((done, failed) => {
        const atlas = new Image();
        atlas.onload = () => done(atlas);
        atlas.onerror = () => failed(Error(`cannot load ${variant.atlas}`));
        atlas.src = new URL(variant.atlas, base);
      })).then((atlas) => {
        if (key !== want || signal.aborted) return;
        if (drawn.key !== want) {
          [canvas.width, canvas.height] = [variant.width, variant.height];
          drawn = { key: want, step: -1, atlas };
        }
        draw();
        // The GIF stays until the canvas has a frame; then it leaves the page, so that nothing
        // keeps a hidden copy sized for the wide layout (Lighthouse checks hidden images too).
        figure.classList.add("vb-figure--drawn");
        pictures.forEach((picture) => picture.remove());
        run();
      }, fail);
    };

    const load = () => {
      near.disconnect();
      base = new URL(figure.dataset.vbPlayer, location.href);
      fetch(base, { signal })
        .then((r) => (r.ok ? r.json() : Promise.reject(Error(`HTTP ${r.status}`))))
        .then((json) => {
          if (json.frames !== captions.length) throw Error("step count differs from the page's");
          data = json;
          choose();
        })
        .catch(fail);
    };

    // Fetch once the figure comes near; run while half of it is on screen.
    const near = new IntersectionObserver((seen) => seen.some((e) => e.isIntersecting) && load(),
      { rootMargin: "100% 0px" });
    const onScreen = new IntersectionObserver((seen) => ((visible = seen.at(-1).isIntersecting), run()),
      { threshold: 0.5 });
    const scheme = new MutationObserver(choose);
    const stop = () => {
      clearTimeout(timer);
      abort.abort();
      [near, onScreen, scheme].forEach((o) => o.disconnect());
    };
    const fail = (error) => {
      if (signal.aborted) return;
      console.error(`step player ${figure.dataset.vbFigure}: ${error.message}; GIF shown`);
      stop();
      root.remove();
      canvas.before(...pictures);
      figure.classList.remove("vb-figure--drawn");
    };

    near.observe(figure);
    onScreen.observe(canvas);
    scheme.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    narrow.addEventListener("change", choose, { signal });
    reduce.addEventListener("change", () => reduce.matches && pause(), { signal });
    choose();
    go(0);
    run();
    return stop;
  };

  // Each page Material shows, instant navigation too: stop the players that left, start the new.
  document$.subscribe(() => {
    for (const [figure, stop] of players) if (!figure.isConnected) stop(), players.delete(figure);
    for (const figure of document.querySelectorAll("figure[data-vb-player]")) {
      try {
        players.has(figure) || players.set(figure, player(figure));
      } catch (error) {
        console.error(`step player ${figure.dataset.vbFigure}: ${error.message}`);
      }
    }
  });
})();
