// Step player over each animation, drawn from its patch atlas. Without JavaScript: the GIF.
// Its markup, the labels and icons it swaps included, comes from overrides/partials/vb-figure.html:
// this script reads the page and writes only text and state into it.
(() => {
  const reduce = matchMedia("(prefers-reduced-motion: reduce)");

  // The stepping core, for any figure holding the partial's controls (.vb-player): buttons, range,
  // keys, counter, caption and play/pause over captions.length steps. It knows nothing of images:
  // show(step) draws a step, ready() says whether it can, duration(step) is its time in ms while
  // playing. It plays only while `view` is half on screen. Returns { go, run, stop }.
  const stepper = (figure, { captions, counts, show, ready = () => true, duration,
    view = figure.querySelector(".vb-player__canvas") }) => {
    const root = figure.querySelector(".vb-player");
    const part = (name) => root.querySelector(`.vb-player__${name}`);
    const [play, range, count, caption, live] = ["play", "range", "count", "caption", "live"].map(part);
    const last = captions.length - 1;
    const abort = new AbortController(), { signal } = abort;
    let step = 0, wants = !reduce.matches, visible = false, timer;

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

    const go = (to) => {
      step = Math.max(0, Math.min(last, to));
      count.textContent = counts[step];
      caption.textContent = captions[step];
      range.value = step + 1;
      range.setAttribute("aria-valuetext", counts[step]);
      show(step);
    };

    // Loops like the GIF while wanted, on screen and ready; announced only when paused. The button
    // offers what a press would do: its label and icon are the page's data-vb-play or data-vb-pause.
    const run = () => {
      const running = wants && visible && ready();
      clearTimeout(timer);
      if (running) timer = setTimeout(() => (go((step + 1) % (last + 1)), run()), duration(step));
      root.dataset.playing = running;
      live.setAttribute("aria-live", running ? "off" : "polite");
      const offer = wants ? "Pause" : "Play";
      const text = play.dataset[`vb${offer}`];
      play.title = text;
      play.setAttribute("aria-label", text);
      play.querySelector("path").setAttribute("d", play.dataset[`vb${offer}Icon`]);
    };
    const pause = () => ((wants = false), run());
    const start = () => (step === last && go(0), (wants = true), run());
    const toggle = () => (wants ? pause() : start());
    const user = (to) => (pause(), go(to));

    const onScreen = new IntersectionObserver((seen) => ((visible = seen.at(-1).isIntersecting), run()),
      { threshold: 0.5 });
    onScreen.observe(view);
    reduce.addEventListener("change", () => reduce.matches && pause(), { signal });
    const stop = () => {
      clearTimeout(timer);
      abort.abort();
      onScreen.disconnect();
    };
    return { go, run, stop, get step() { return step; } };
  };

  // Brings to life the player of an animation `figure`: loads player.json once it comes near,
  // draws the frames of the variant in force from its atlas; returns its stop().
  const player = (figure) => {
    const items = [...figure.querySelectorAll(".vb-figure__steps li")];
    const source = figure.querySelector('source:not([media*="reduce"])'); // narrow
    const root = figure.querySelector(".vb-player");
    const canvas = figure.querySelector(".vb-player__canvas");
    if (!items.length || !source || !root || !canvas) throw Error("no steps, narrow source or player in the markup");
    const pictures = [...figure.querySelectorAll("picture")];
    const captions = items.map((li) => li.textContent);
    const narrow = matchMedia(source.media);
    const abort = new AbortController(), { signal } = abort;
    const atlases = {};
    let data, base, key, drawn = {};

    // Frame i: frame 0, then the patches of frames 1..i over it (unchanged pixels are transparent).
    const draw = (step) => {
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

    const steps = stepper(figure, {
      captions, counts: items.map((li) => li.dataset.vbCount), show: draw,
      ready: () => drawn.key === key, duration: (step) => data.durations[step],
    });

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
        draw(steps.step);
        // The GIF stays until the canvas has a frame; then it leaves the page, so that nothing
        // keeps a hidden copy sized for the wide layout (Lighthouse checks hidden images too).
        figure.classList.add("vb-figure--drawn");
        pictures.forEach((picture) => picture.remove());
        steps.run();
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

    // Fetch once the figure comes near.
    const near = new IntersectionObserver((seen) => seen.some((e) => e.isIntersecting) && load(),
      { rootMargin: "100% 0px" });
    const scheme = new MutationObserver(choose);
    const stop = () => {
      steps.stop();
      abort.abort();
      [near, scheme].forEach((o) => o.disconnect());
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
    scheme.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    narrow.addEventListener("change", choose, { signal });
    choose();
    steps.go(0);
    steps.run();
    return stop;
  };

  // Shared with other pages' scripts: the stepping core alone.
  window.vbStepper = stepper;

  // Each page Material shows, instant navigation too: stop the players that left, start the new.
  const players = new Map(); // figure -> stop()
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
