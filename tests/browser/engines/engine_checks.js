// The questions every engine is asked, by this same code: engines.py composes them into the shared
// scenarios, and each runner only evaluates them. Each is an async function of one JSON argument
// that returns plain data. The page is driven through its markup alone (buttons, the aria-live
// region, the figure's pictures): buttons are clicked and keys pressed by dispatching DOM events.
({
  async wait(what, test, ms = 15000) {
    const end = Date.now() + ms;
    while (!test()) {
      if (Date.now() > end) throw Error(`waited ${ms} ms for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },

  // Until every math block holds its MathML (or Temml's error), at most 5 s: the test reports it.
  async settle() {
    const done = () => [...document.querySelectorAll(".arithmatex")].every((el) => el.querySelector("math, .temml-error"));
    await this.wait("the math", done, 5000).catch(() => null);
  },

  // inspect_page.js's reading of the page, passed in, plus the box of every formula a reader sees.
  async page(state) {
    const shown = [...document.querySelectorAll(".arithmatex > math")]
      .filter((m) => !m.closest("details:not([open])") && m.checkVisibility());
    const empty = shown.filter((m) => {
      const box = m.getBoundingClientRect();
      return !(box.width > 0 && box.height > 0);
    }).map((m) => m.textContent.slice(0, 60));
    // Formulas whose structure is wrong once the page has loaded: a script or element with the
    // wrong number of children. (Firefox also reports this while the parser is half-way through a
    // formula on a slow connection; engine_firefox.mjs sets those reports aside for this check.)
    const arity = { msup: 2, msub: 2, mfrac: 2, mroot: 2, mover: 2, munder: 2, msubsup: 3, munderover: 3 };
    const malformed = [...document.querySelectorAll(Object.keys(arity).join(","))]
      .filter((el) => el.namespaceURI === "http://www.w3.org/1998/Math/MathML" && el.children.length !== arity[el.localName])
      .map((el) => `<${el.localName}> of ${el.children.length}: ${el.textContent.slice(0, 40)}`);
    return {
      math: { ...state.math, shown: shown.length, empty, malformed },
      images: state.images, overflow: state.overflow, figures: state.figures.length,
      width: document.documentElement.clientWidth, height: document.documentElement.scrollHeight,
    };
  },

  // The first step player of the page: on screen, paused with its button, one step on with "Next
  // step", one step back with the left arrow key. What the live region says (its aria-hidden parts
  // left out, as a screen reader does) and whether the picture changed, at each stage.
  async player() {
    const figure = document.querySelector("figure[data-vb-player]");
    if (!figure) throw Error("no figure with a step player on this page");
    const root = figure.querySelector(".vb-player");
    const button = (name) => root.querySelector(`.vb-player__${name}`);
    const live = root.querySelector("[aria-live]");
    const said = (node) => node.nodeType === Node.TEXT_NODE ? node.textContent
      : node.getAttribute?.("aria-hidden") === "true" ? " " : [...node.childNodes].map(said).join(" ");
    const canvas = () => [...figure.querySelectorAll("canvas")].find((c) => c.checkVisibility());
    const read = () => ({
      says: said(live).replace(/\s+/g, " ").trim(), politeness: live.getAttribute("aria-live"),
      button: button("play").getAttribute("aria-label"), picture: canvas()?.toDataURL() ?? null,
    });
    figure.scrollIntoView({ block: "center" });
    await this.wait("the player's picture", () => canvas()?.getBoundingClientRect().width > 0);
    const drawn = canvas().getBoundingClientRect();
    if (button("play").getAttribute("aria-label") === "Pause") button("play").click();
    await this.wait("the player to pause", () => read().politeness === "polite", 5000);
    const before = read();
    button("next").click();
    await this.wait("step on", () => read().says !== before.says && read().picture !== before.picture, 5000);
    const next = read();
    root.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", bubbles: true, cancelable: true }));
    await this.wait("step back", () => read().says === before.says, 5000);
    const back = read();
    const steps = [...figure.querySelectorAll(".vb-figure__steps li")]
      .map((li) => `${li.dataset.vbCount} ${li.textContent}`.replace(/\s+/g, " ").trim());
    const brief = ({ picture, ...rest }) => ({ ...rest, picture: picture?.length ?? 0 });
    return {
      steps, box: [drawn.width, drawn.height],
      before: brief(before), next: brief(next), back: brief(back),
      nextRedrew: next.picture !== before.picture, backRestored: back.picture === before.picture,
    };
  },

  // The explorer as its address left it, then with `expression` typed into its field: each table.
  async explorer(expression) {
    const root = document.getElementById("vbx");
    const rows = () => [...root.querySelectorAll("table tbody tr")]
      .map((tr) => [...tr.children].map((cell) => [cell.textContent, cell.dataset.value ?? null]));
    const fields = () => [...root.querySelectorAll(".vbx__variables input")].map((i) => [i.dataset.name, i.value]);
    await this.wait("the explorer's table", () => rows().length > 0);
    const loaded = { rows: rows(), fields: fields() };
    const field = root.querySelector("#vbx-expression");
    field.value = expression;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    const before = JSON.stringify(loaded.rows);
    await this.wait("the typed expression's table", () => JSON.stringify(rows()) !== before);
    return { loaded, typed: { rows: rows(), fields: fields() } };
  },
})
