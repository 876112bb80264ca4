/**
 * Numbers in word-vector text files: a byte-level float parser that rounds as
 * Python's `float()` followed by a float32 cast does (what gensim's
 * `np.float32(text)` computes), and the shortest-repr formatting numpy uses
 * for float32 values (what gensim's `repr(value)` writes).
 */

/** Exact powers of ten (10^0 .. 10^22 are exact doubles). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** Python's float syntax, after the fast path gave up (no underscores). */
const FLOAT_TEXT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

/** Latin-1 text of `u8[start, end)` (for error messages and the slow path). */
export function latin1(u8: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(u8[i]);
  return s;
}

/**
 * Parses the decimal number in `u8[start, end)` as Python's `float()` would.
 *
 * @returns The value, or `undefined` when the text is not a number.
 */
export function parseNumber(u8: Uint8Array, start: number, end: number): number | undefined {
  let i = start, neg = false;
  const c0 = u8[i];
  if (c0 === 45) (neg = true), i++;
  else if (c0 === 43) i++;
  let mant = 0, digits = 0, exp = 0, any = false;
  let c = u8[i];
  while (i < end && c >= 48 && c <= 57) {
    any = true;
    if (digits > 0 || c !== 48) {
      mant = mant * 10 + (c - 48);
      digits++;
    }
    c = u8[++i];
  }
  if (i < end && c === 46) {
    c = u8[++i];
    while (i < end && c >= 48 && c <= 57) {
      any = true;
      if (digits > 0 || c !== 48) {
        mant = mant * 10 + (c - 48);
        digits++;
      }
      exp--;
      c = u8[++i];
    }
  }
  if (any && i < end && (c === 101 || c === 69)) {
    c = u8[++i];
    let eneg = false, e = 0, edigits = 0;
    if (c === 45) (eneg = true), (c = u8[++i]);
    else if (c === 43) c = u8[++i];
    while (i < end && c >= 48 && c <= 57 && edigits < 6) {
      e = e * 10 + (c - 48);
      edigits++;
      c = u8[++i];
    }
    if (edigits === 0 || edigits === 6) return slow(u8, start, end);
    exp += eneg ? -e : e;
  }
  if (!any || i !== end || digits > 15 || exp > 22 || exp < -22) return slow(u8, start, end);
  const v = exp < 0 ? mant / POW10[-exp] : mant * POW10[exp];
  return neg ? -v : v;
}

function slow(u8: Uint8Array, start: number, end: number): number | undefined {
  const text = latin1(u8, start, end);
  if (!FLOAT_TEXT.test(text)) return undefined;
  const body = text.replace(/^[+-]/, "").toLowerCase();
  if (body === "nan") return NaN;
  if (body === "inf" || body === "infinity") return text[0] === "-" ? -Infinity : Infinity;
  return Number(text);
}

const f32 = new Float32Array(1);

/** The shortest decimal digits that read back as the float32 `x` (finite, non-zero). */
function shortestDigits(x: number): string {
  for (let p = 1; p < 9; p++) {
    const s = x.toPrecision(p);
    f32[0] = Number(s);
    if (f32[0] === x) return s;
  }
  return x.toPrecision(9);
}

/**
 * Formats a float32 value as numpy's `repr(np.float32(x))` (numpy 1.x):
 * the shortest round-tripping digits, positional for `1e-4 <= |x| < 1e16`,
 * otherwise scientific with a two-digit exponent, e.g. `0.1`, `-2.0`, `1e-05`.
 */
export function reprFloat32(x: number): string {
  if (x !== x) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const s = shortestDigits(x);
  const neg = s[0] === "-";
  // Split into a digit string and a decimal exponent: value = 0.d1d2... * 10^(e + 1).
  const [mant, e10] = Number(s).toExponential().split("e");
  const digits = mant.replace(/^-/, "").replace(".", "");
  const e = Number(e10);
  const sign = neg ? "-" : "";
  const ax = Math.abs(x);
  if (ax >= 1e-4 && ax < 1e16) {
    if (e >= 0) {
      const intPart = digits.slice(0, e + 1).padEnd(e + 1, "0");
      const frac = digits.slice(e + 1);
      return `${sign}${intPart}.${frac === "" ? "0" : frac}`;
    }
    return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const ae = Math.abs(e);
  return `${sign}${m}e${e < 0 ? "-" : "+"}${ae < 10 ? "0" : ""}${ae}`;
}
