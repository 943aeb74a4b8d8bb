// Step player over every animation the figures hook emits: each step is drawn on a canvas from
// the figure's patch atlas (frame 0, then each later frame's changed rectangles), with controls,
// keys and the step's caption as live text. Without JavaScript the figure's GIF stays.
(() => {
  const players = new Map(); // figure -> Player, for the figures on the current page
  const reduce = matchMedia("(prefers-reduced-motion: reduce)");
  const ICONS = {
    first: "M4 5h2v14H4zM13 5v14l-7-7zM21 5v14l-7-7z",
    prev: "M15 5v14l-9-7zM16 5h2v14h-2z",
    play: "M7 5v14l12-7z",
    pause: "M6 5h4v14H6zM14 5h4v14h-4z",
    next: "M6 5h2v14H6zM9 5v14l9-7z",
    last: "M3 5v14l7-7zM10 5v14l7-7zM18 5h2v14h-2z",
  };

  const make = (tag, props = {}, ...children) => {
    const el = Object.assign(document.createElement(tag), props);
    el.append(...children);
    return el;
  };
  const set = (el, attributes) => {
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    return el;
  };
  const dark = () => document.body.dataset.mdColorScheme === "slate";

  class Player {
    constructor(figure) {
      const steps = [...figure.querySelectorAll(".vb-figure__steps li")];
      const img = figure.querySelector("picture img");
      const narrow = figure.querySelector('picture source:not([media*="reduce"])');
      if (!steps.length || !img || !narrow) throw new Error("figure markup lacks steps, image or narrow source");
      this.figure = figure;
      this.captions = steps.map((li) => li.textContent);
      this.phases = steps.map((li) => li.dataset.vbPhase);
      const size = (el) => [+el.getAttribute("width"), +el.getAttribute("height")];
      this.sizes = { wide: size(img), narrow: size(narrow) };
      this.narrow = matchMedia(narrow.media);
      this.step = 0;
      this.wants = !reduce.matches; // play when on screen; false once the reader pauses or steps
      this.visible = false;
      this.atlases = {};
      this.drawn = { key: null, step: -1 };
      this.abort = new AbortController();
      this.build(img.alt, figure.querySelector("figcaption")?.textContent.trim());
      this.pick = this.pick.bind(this);
      this.onReduce = () => reduce.matches && this.pause();
      this.narrow.addEventListener("change", this.pick);
      reduce.addEventListener("change", this.onReduce);
      this.scheme = new MutationObserver(this.pick);
      this.scheme.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
      // Fetch the steps when the figure comes near; play only while most of it is on screen.
      this.near = new IntersectionObserver((seen) => seen.some((e) => e.isIntersecting) && this.load(),
        { rootMargin: "100% 0px" });
      this.near.observe(figure);
      this.onScreen = new IntersectionObserver((seen) => {
        this.visible = seen[seen.length - 1].isIntersecting;
        this.run();
      }, { threshold: 0.5 });
      this.onScreen.observe(this.canvas);
      this.pick();
      this.show();
      this.run();
    }

    build(alt, caption) {
      const n = this.captions.length;
      this.canvas = set(make("canvas", { className: "vb-player__canvas" }), { role: "img", "aria-label": alt });
      const button = (name, label, action) => {
        const b = set(make("button", { type: "button", className: `vb-player__${name}`, title: label }),
          { "aria-label": label });
        b.innerHTML = `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="${ICONS[name]}"/></svg>`;
        b.addEventListener("click", action);
        return b;
      };
      this.playButton = button("play", "Play", () => (this.wants ? this.pause() : this.play()));
      this.range = set(make("input", { type: "range", min: 1, max: n, value: 1, className: "vb-player__range" }),
        { "aria-label": "Step" });
      this.range.addEventListener("input", () => this.user(this.range.value - 1));
      const bar = make("div", { className: "vb-player__bar" },
        button("first", "First step", () => this.user(0)),
        button("prev", "Previous step", () => this.user(this.step - 1)),
        this.playButton,
        button("next", "Next step", () => this.user(this.step + 1)),
        button("last", "Last step", () => this.user(n - 1)),
        this.range);
      this.count = make("p", { className: "vb-player__count" });
      this.caption = make("p", { className: "vb-player__caption" });
      this.live = set(make("div", { className: "vb-player__live" }, this.count, this.caption), { "aria-atomic": "true" });
      // Invisible copies of every caption share the live text's grid cell, so its height never jumps.
      const sizers = this.captions.map((c) => set(make("div", { className: "vb-player__sizer" },
        make("p", { className: "vb-player__count" }, "\u00a0"), make("p", {}, c)), { "aria-hidden": "true" }));
      const text = make("div", { className: "vb-player__text" }, this.live, ...sizers);
      this.root = set(make("div", { className: "vb-player", tabIndex: 0 }, this.canvas, bar, text), {
        role: "group", "aria-roledescription": "step player", "aria-label": `Step player: ${caption || alt}`,
        "aria-keyshortcuts": "ArrowLeft ArrowRight Home End Space",
      });
      this.root.addEventListener("keydown", (e) => this.key(e));
      const steps = this.figure.querySelector(".vb-figure__steps");
      this.figure.insertBefore(this.root, steps);
      this.figure.classList.add("vb-figure--player");
    }

    key(e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const onRange = e.target === this.range;
      const moves = { ArrowLeft: this.step - 1, ArrowRight: this.step + 1, Home: 0, End: this.captions.length - 1 };
      if (e.key in moves && !onRange) this.user(moves[e.key]);
      else if (e.key === " " && e.target.tagName !== "BUTTON") this.wants ? this.pause() : this.play();
      else return;
      e.preventDefault();
    }

    async load() {
      this.near.disconnect();
      try {
        const url = new URL(this.figure.dataset.vbPlayer, location.href);
        const response = await fetch(url, { signal: this.abort.signal });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        this.data = await response.json();
        if (this.data.frames !== this.captions.length) throw new Error("step count differs from the page");
        this.base = url;
        this.pick();
      } catch (error) {
        this.fail(error);
      }
    }

    fail(error) {
      if (this.abort.signal.aborted) return;
      console.error(`step player ${this.figure.dataset.vbFigure}: ${error.message}; showing the GIF`);
      this.destroy();
      this.root.remove();
      this.figure.classList.remove("vb-figure--player");
    }

    // The variant for the current palette and width: resize the canvas, then draw once its atlas is in.
    pick() {
      const layout = this.narrow.matches ? "narrow" : "wide";
      const key = `${layout}-${dark() ? "dark" : "light"}`;
      if (!this.data) [this.canvas.width, this.canvas.height] = this.sizes[layout];
      this.current = key;
      if (!this.data) return;
      const variant = this.data.variants[key];
      this.atlases[key] ||= new Promise((done, failed) => {
        const atlas = new Image();
        atlas.onload = () => done(atlas);
        atlas.onerror = () => failed(new Error(`cannot load ${variant.atlas}`));
        atlas.src = new URL(variant.atlas, this.base);
      });
      this.atlases[key].then((atlas) => {
        if (this.current !== key || this.abort.signal.aborted) return;
        if (this.drawn.key !== key) {
          [this.canvas.width, this.canvas.height] = [variant.width, variant.height];
          this.drawn = { key, step: -1 };
        }
        this.atlas = atlas;
        this.draw();
        this.run();
      }, (error) => this.fail(error));
    }

    // Frame i is frame 0's patch plus every later frame's patches up to i, so stepping forward
    // draws only the new rectangles, and stepping back redraws from frame 0.
    draw() {
      const { key, step } = this.drawn;
      if (key !== this.current || !this.atlas) return;
      const patches = this.data.variants[key].patches;
      const context = this.canvas.getContext("2d");
      for (let f = step < this.step ? step + 1 : 0; f <= this.step; f++) {
        for (const [sx, sy, w, h, dx, dy] of patches[f]) context.drawImage(this.atlas, sx, sy, w, h, dx, dy, w, h);
      }
      this.drawn.step = this.step;
      this.canvas.dataset.step = this.step;
      this.canvas.dataset.variant = key;
    }

    show() {
      const n = this.captions.length;
      const label = `Step ${this.step + 1} of ${n} — ${this.phases[this.step]}`;
      this.count.textContent = label;
      this.caption.textContent = this.captions[this.step];
      this.range.value = this.step + 1;
      this.range.setAttribute("aria-valuetext", label);
      this.draw();
    }

    go(step) {
      this.step = Math.max(0, Math.min(this.captions.length - 1, step));
      this.show();
    }

    user(step) {
      this.pause();
      this.go(step);
    }

    play() {
      if (this.step === this.captions.length - 1) this.go(0);
      this.wants = true;
      this.run();
    }

    pause() {
      this.wants = false;
      this.run();
    }

    // Runs while the reader wants it, it is on screen and its atlas is drawn; loops like the GIF.
    // The caption is announced politely only while paused, so playback does not talk over the page.
    run() {
      const running = this.wants && this.visible && this.drawn.key === this.current && !!this.atlas;
      clearTimeout(this.timer);
      if (running) {
        this.timer = setTimeout(() => {
          this.go((this.step + 1) % this.captions.length);
          this.run();
        }, this.data.durations[this.step]);
      }
      this.root.dataset.playing = running;
      this.live.setAttribute("aria-live", running ? "off" : "polite");
      const label = this.wants ? "Pause" : "Play";
      this.playButton.setAttribute("aria-label", label);
      this.playButton.title = label;
      this.playButton.querySelector("path").setAttribute("d", ICONS[label.toLowerCase()]);
    }

    destroy() {
      clearTimeout(this.timer);
      this.abort.abort();
      this.near.disconnect();
      this.onScreen.disconnect();
      this.scheme.disconnect();
      this.narrow.removeEventListener("change", this.pick);
      reduce.removeEventListener("change", this.onReduce);
    }
  }

  // On every page Material shows (instant navigation too): drop players whose figure left, add the new ones.
  const mount = () => {
    for (const [figure, player] of players) {
      if (!figure.isConnected) {
        player.destroy();
        players.delete(figure);
      }
    }
    for (const figure of document.querySelectorAll("figure[data-vb-player]")) {
      if (players.has(figure)) continue;
      try {
        players.set(figure, new Player(figure));
      } catch (error) {
        console.error(`step player ${figure.dataset.vbFigure}: ${error.message}`);
      }
    }
  };
  if (window.document$) document$.subscribe(mount);
  else if (document.readyState === "loading") addEventListener("DOMContentLoaded", mount);
  else mount();
})();
