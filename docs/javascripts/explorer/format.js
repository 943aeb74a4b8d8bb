// Numbers as visual_backprop/format.py writes them, rounded exactly: fmt(0.42000001668930054) === "0.42".
// JavaScript's toFixed rounds ties away from zero; Python rounds the exact binary value half to even,
// so the rounding here is done on the exact fraction, with BigInt.

/** x (finite) as an exact fraction [numerator, denominator] of BigInts, |x| only. */
const fraction = (x) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const high = view.getUint32(0), low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent = -1074;
  if (biased) (mantissa |= 1n << 52n), (exponent = biased - 1075);
  return exponent >= 0 ? [mantissa << BigInt(exponent), 1n] : [mantissa, 1n << BigInt(-exponent)];
};

/** round(|x| · 10^shift), ties to even, exactly. */
const scaled = (x, shift) => {
  let [num, den] = fraction(x);
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  const q = num / den, twice = (num % den) * 2n;
  return twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
};

const negative = (x) => x < 0 || Object.is(x, -0);

/** Python's f"{x:.{places}f}". */
export const fixed = (x, places) => {
  const digits = scaled(x, places).toString().padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places), part = digits.slice(digits.length - places);
  return (negative(x) ? "-" : "") + whole + (places ? `.${part}` : "");
};

/** Python's f"{x:.{places}e}" for a finite x. */
export const exponential = (x, places) => {
  let power = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(x)));
  let q = scaled(x, places - power);
  // The estimate can be one off near a power of ten; the exact digit count settles it.
  for (let k = 0; k < 3 && x !== 0; k++) {
    const length = q.toString().length;
    if (length > places + 1) power += 1;
    else if (length < places + 1) power -= 1;
    else break;
    q = scaled(x, places - power);
  }
  const digits = q.toString().padStart(places + 1, "0");
  const mantissa = digits[0] + (places ? `.${digits.slice(1)}` : "");
  const exp = `${power < 0 ? "-" : "+"}${String(Math.abs(power)).padStart(2, "0")}`;
  return `${negative(x) ? "-" : ""}${mantissa}e${exp}`;
};

const special = (x) => (Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf");
const trim = (text) => (text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text);

/** Python's f"{x:g}": 6 significant digits, trailing zeros dropped. */
export const general = (x) => {
  if (!Number.isFinite(x)) return special(x);
  if (x === 0) return negative(x) ? "-0" : "0";
  const [, power] = exponential(x, 5).split("e");
  const p = Number(power);
  if (p >= -4 && p < 6) return trim(fixed(x, 5 - p));
  const [mantissa, exp] = exponential(x, 5).split("e");
  return `${trim(mantissa)}e${exp}`;
};

/** fmt() of visual_backprop/format.py: `digits` significant digits, no trailing zeros, no "-0". */
export const fmt = (x, digits = 4, minus = "-", places = null) => {
  x = Number(x);
  if (!Number.isFinite(x)) return special(x).replaceAll("-", minus);
  if (places !== null) {
    const text = fixed(x, places);
    return (Number(text) === 0 && text.startsWith("-") ? text.slice(1) : text).replaceAll("-", minus);
  }
  if (x === 0) return "0";
  const exponent = Math.floor(Math.log10(Math.abs(x)));
  let text;
  if (exponent >= -5 && exponent < 7) {
    text = trim(fixed(x, Math.max(digits - 1 - exponent, 0)));
  } else {
    const [mantissa, power] = exponential(x, digits - 1).split("e");
    text = `${trim(mantissa)}e${Number(power)}`;
  }
  if (text === "-0" || text === "0") return "0";
  return text.replaceAll("-", minus);
};
