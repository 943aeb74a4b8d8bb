// The playground's four pictures, drawn on canvases from a Network's numbers: the decision boundary,
// the loss curve (log scale), the network's edges (colour and dash by sign, width by size, weights or
// ∂L/∂w) and the mean |∂L/∂z| per layer (log scale). Colours come from train.css's custom properties.

const GRID = 36; // cells per side of the decision boundary's picture
const EXTENT = 2.4; // the boundary shows (−2.4, 2.4)²
const DECADES = 4; // gradient edges: widths on a log scale over this many decades from the largest

/** The canvas sized to its box at the device's pixel ratio; returns its 2-D context in CSS pixels. */
const fit = (canvas, height) => {
  const ratio = window.devicePixelRatio || 1, width = canvas.clientWidth || 300;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.height = `${height}px`;
  }
  const context = canvas.getContext("2d");
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return [context, width, height];
};

/** The colours of the current scheme, read from the playground's custom properties. */
export const palette = (element) => {
  const style = getComputedStyle(element), read = (name) => style.getPropertyValue(name).trim();
  const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return { text: read("--vbt-text"), muted: read("--vbt-muted"), faint: read("--vbt-faint"),
    background: read("--vbt-background"), pos: read("--vbt-pos"), neg: read("--vbt-neg"),
    posRGB: rgb(read("--vbt-pos")), negRGB: rgb(read("--vbt-neg")), backgroundRGB: rgb(read("--vbt-background")) };
};

const font = (context, size = 12) => (context.font = `${size}px system-ui, sans-serif`);

/** The plane coloured by the output (blue towards −1, orange towards +1), the points on it. */
export const drawBoundary = (canvas, network, points, colours, pixels) => {
  const size = canvas.clientWidth || 300, [context] = fit(canvas, size);
  const image = pixels.image ??= new ImageData(GRID, GRID);
  if (!pixels.xs) {
    pixels.xs = new Float64Array(GRID * GRID);
    pixels.ys = new Float64Array(GRID * GRID);
    pixels.out = new Float64Array(GRID * GRID);
    for (let row = 0; row < GRID; row++) {
      for (let col = 0; col < GRID; col++) {
        pixels.xs[row * GRID + col] = -EXTENT + ((col + 0.5) * 2 * EXTENT) / GRID;
        pixels.ys[row * GRID + col] = EXTENT - ((row + 0.5) * 2 * EXTENT) / GRID;
      }
    }
  }
  const out = network.outputs(pixels.xs, pixels.ys, pixels.out);
  for (let cell = 0; cell < GRID * GRID; cell++) {
    const towards = out[cell] > 0 ? colours.posRGB : colours.negRGB, share = 0.45 * Math.min(Math.abs(out[cell]), 1);
    for (let c = 0; c < 3; c++) image.data[4 * cell + c] = colours.backgroundRGB[c] * (1 - share) + towards[c] * share;
    image.data[4 * cell + 3] = 255;
  }
  const small = pixels.canvas ??= Object.assign(document.createElement("canvas"), { width: GRID, height: GRID });
  small.getContext("2d").putImageData(image, 0, 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(small, 0, 0, size, size);
  const place = (v) => ((v + EXTENT) / (2 * EXTENT)) * size;
  context.lineWidth = 1.2;
  context.strokeStyle = colours.text;
  for (const [x1, x2, label] of points) {
    const x = place(x1), y = size - place(x2);
    context.beginPath();
    if (label > 0) context.moveTo(x, y - 5), context.lineTo(x + 4.5, y + 3.5), context.lineTo(x - 4.5, y + 3.5);
    else context.arc(x, y, 4, 0, 2 * Math.PI);
    context.closePath();
    context.fillStyle = label > 0 ? colours.pos : colours.neg;
    context.fill();
    context.stroke();
  }
};

/** The loss at every epoch so far, on a log scale. */
export const drawLoss = (canvas, losses, colours) => {
  const [context, width, height] = fit(canvas, 160);
  const left = 44, right = width - 8, top = 10, bottom = height - 24;
  const finite = losses.filter((l) => l > 0 && Number.isFinite(l));
  font(context, 11);
  context.fillStyle = colours.muted;
  context.fillText("epoch", (left + right) / 2 - 16, height - 6);
  if (!finite.length) return;
  let high = Math.ceil(Math.log10(Math.max(...finite))), low = Math.floor(Math.log10(Math.min(...finite)));
  if (high === low) high += 1;
  const last = Math.max(losses.length - 1, 100);
  const x = (e) => left + ((right - left) * e) / last, y = (l) => bottom - ((bottom - top) * (Math.log10(l) - low)) / (high - low);
  context.strokeStyle = colours.faint;
  context.lineWidth = 1;
  for (let p = low; p <= high; p++) {
    context.beginPath();
    context.moveTo(left, y(10 ** p));
    context.lineTo(right, y(10 ** p));
    context.stroke();
    if ((high - low) <= 6 || (p - low) % 2 === 0) context.fillText(`1e${p}`.replace("-", "−"), 4, y(10 ** p) + 4);
  }
  context.fillText("0", left, height - 6);
  context.fillText(String(last), x(last) - 40, height - 6);
  context.strokeStyle = colours.neg;
  context.lineWidth = 2;
  context.beginPath();
  const stride = Math.max(1, Math.floor(losses.length / (right - left)));
  for (let e = 0; e < losses.length; e += stride) {
    const l = Math.max(losses[e], 10 ** low);
    if (e === 0) context.moveTo(x(e), y(l));
    else context.lineTo(x(e), y(l));
  }
  context.lineTo(x(losses.length - 1), y(Math.max(losses.at(-1), 10 ** low)));
  context.stroke();
  context.beginPath(); // the current loss, a dot (the only mark at epoch 0)
  context.arc(x(losses.length - 1), y(Math.max(losses.at(-1), 10 ** low)), 3, 0, 2 * Math.PI);
  context.fillStyle = colours.neg;
  context.fill();
};

/** Every weight as an edge: orange solid where positive, blue dashed where negative, width by size. */
export const drawNetwork = (canvas, network, showGradients, colours) => {
  const [context, width, height] = fit(canvas, 220);
  const { sizes } = network, columns = sizes.length, radius = 7;
  const x = (k) => 20 + ((width - 40) * k) / (columns - 1);
  const y = (k, j) => 16 + ((height - 40) * (j + 0.5)) / sizes[k];
  const source = showGradients ? network.gW : network.W;
  let largest = 0;
  for (const w of source) for (const v of w) largest = Math.max(largest, Math.abs(v));
  const thickness = (v) => {
    if (!largest || !v) return 0.4;
    if (!showGradients) return 0.4 + (4 * Math.abs(v)) / largest;
    return 0.4 + 4 * Math.max(0, 1 + Math.log10(Math.abs(v) / largest) / DECADES);
  };
  // One path per sign and width (to the nearest quarter pixel), so a frame strokes a few dozen paths.
  const paths = new Map();
  for (let k = 0; k < columns - 1; k++) {
    const inputs = sizes[k];
    source[k].forEach((v, index) => {
      const key = `${v < 0 ? "-" : "+"}${Math.round(thickness(v) * 4) / 4}`;
      if (!paths.has(key)) paths.set(key, []);
      paths.get(key).push(x(k), y(k, index % inputs), x(k + 1), y(k + 1, Math.floor(index / inputs)));
    });
  }
  for (const [key, lines] of paths) {
    context.beginPath();
    context.setLineDash(key[0] === "-" ? [4, 3] : []);
    context.strokeStyle = key[0] === "-" ? colours.neg : colours.pos;
    context.lineWidth = Number(key.slice(1));
    for (let at = 0; at < lines.length; at += 4) context.moveTo(lines[at], lines[at + 1]), context.lineTo(lines[at + 2], lines[at + 3]);
    context.stroke();
  }
  context.setLineDash([]);
  context.lineWidth = 1.2;
  font(context, 11);
  for (let k = 0; k < columns; k++) {
    for (let j = 0; j < sizes[k]; j++) {
      context.beginPath();
      context.arc(x(k), y(k, j), radius, 0, 2 * Math.PI);
      context.fillStyle = colours.background;
      context.fill();
      context.strokeStyle = colours.text;
      context.stroke();
    }
    context.fillStyle = colours.muted;
    const label = k === 0 ? "x" : k === columns - 1 ? "out" : `L${k}`;
    context.fillText(label, x(k) - context.measureText(label).width / 2, height - 6);
  }
};

/** Mean |∂L/∂z| per layer as bars on a log scale, each with its number. */
export const drawBars = (canvas, network, colours, format) => {
  const [context, width, height] = fit(canvas, 160);
  const values = [...network.meanGradZ], count = values.length, positive = values.filter((v) => v > 0);
  font(context, 11);
  const top = 18, bottom = height - 22, slot = (width - 8) / count;
  let high = positive.length ? Math.ceil(Math.log10(Math.max(...positive))) : 0;
  let low = positive.length ? Math.floor(Math.log10(Math.min(...positive))) : -4;
  if (high - low < 3) low = high - 3;
  values.forEach((v, k) => {
    const share = v > 0 ? Math.max(0, (Math.log10(v) - low) / (high - low)) : 0;
    const left = 4 + k * slot + slot * 0.15, barWidth = slot * 0.7, barTop = bottom - share * (bottom - top);
    context.fillStyle = colours.neg;
    context.fillRect(left, barTop, barWidth, bottom - barTop);
    context.fillStyle = colours.text;
    const text = format(v), label = k === count - 1 ? "out" : `L${k + 1}`;
    const textWidth = context.measureText(text).width;
    if (textWidth < slot) context.fillText(text, left + barWidth / 2 - textWidth / 2, Math.max(barTop - 4, 11));
    context.fillStyle = colours.muted;
    context.fillText(label, left + barWidth / 2 - context.measureText(label).width / 2, height - 6);
  });
  context.strokeStyle = colours.faint;
  context.beginPath();
  context.moveTo(0, bottom + 0.5);
  context.lineTo(width, bottom + 0.5);
  context.stroke();
};
