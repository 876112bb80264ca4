/**
 * Python's `str.lower()`, which Keras applies to every text, independent of
 * the runtime's Unicode version (JavaScript's `toLowerCase()` also lowers
 * characters that Python 3.11's Unicode 14 does not know, and Deno and Bun
 * disagree among themselves). Full mappings (`"İ"` becomes `"i̇"`, two code
 * points) and CPython's final-sigma rule, from generated tables.
 */

import { LOWER_RUNS, SIGMA_CLASSES } from "./_python_lower_tables.ts";

const CAPITAL_SIGMA = 0x3a3;
const IGNORABLE = 1;
const CASED = 2;

let lowerMap: Map<number, string> | undefined;
let classStarts: Int32Array | undefined;
let classKinds: Uint8Array | undefined;

function buildLowerMap(): Map<number, string> {
  const map = new Map<number, string>([[0x130, "i\u0307"]]);
  for (const run of LOWER_RUNS.trim().split(" ")) {
    const [start, count, delta, stride] = run.split(",").map((v) => parseInt(v, 36));
    for (let k = 0, c = start; k < count; k++, c += stride) {
      map.set(c, String.fromCodePoint(c + delta));
    }
  }
  return map;
}

function buildClasses(): void {
  const runs = SIGMA_CLASSES.match(/[0-9a-z]+[ICO]/g) ?? [];
  classStarts = new Int32Array(runs.length);
  classKinds = new Uint8Array(runs.length);
  let at = 0;
  runs.forEach((run, i) => {
    classStarts![i] = at;
    const kind = run[run.length - 1];
    classKinds![i] = kind === "I" ? IGNORABLE : kind === "C" ? CASED : 0;
    at += parseInt(run.slice(0, -1), 36);
  });
}

/** The final-sigma class of a code point: IGNORABLE, CASED (and not ignorable) or 0. */
function classOf(cp: number): number {
  if (classStarts === undefined) buildClasses();
  const starts = classStarts!;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= cp) lo = mid;
    else hi = mid - 1;
  }
  return classKinds![lo];
}

/** The code point of `text` starting at UTF-16 index `i` (a lone surrogate is its own). */
function codePointAt(text: string, i: number): number {
  return text.codePointAt(i)!;
}

/** The start of the code point that ends just before UTF-16 index `i`. */
function previousStart(text: string, i: number): number {
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = text.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return i - 2;
  }
  return i - 1;
}

/** CPython's `handle_capital_sigma`: is the sigma at UTF-16 index `i` word-final? */
function isFinalSigma(text: string, i: number): boolean {
  let j = i;
  let cls = 0;
  do {
    if (j === 0) return false;
    j = previousStart(text, j);
    cls = classOf(codePointAt(text, j));
  } while (cls === IGNORABLE);
  if (cls !== CASED) return false;
  j = i + 1;
  while (j < text.length) {
    const cp = codePointAt(text, j);
    cls = classOf(cp);
    if (cls !== IGNORABLE) return cls !== CASED;
    j += cp > 0xffff ? 2 : 1;
  }
  return true;
}

/** Lowers `text[start, end)`, a run of non-ASCII UTF-16 units. */
function lowerRun(text: string, start: number, end: number): string {
  const map = lowerMap ??= buildLowerMap();
  let out = "";
  for (let i = start; i < end;) {
    const cp = codePointAt(text, i);
    const width = cp > 0xffff ? 2 : 1;
    if (cp === CAPITAL_SIGMA) out += isFinalSigma(text, i) ? "\u03c2" : "\u03c3";
    else out += map.get(cp) ?? text.slice(i, i + width);
    i += width;
  }
  return out;
}

const NON_ASCII = /[\u0080-\uffff]+/g;

/**
 * Lowercases `text` exactly as Python 3.11's `str.lower()` does.
 *
 * @param text Any string (lone surrogates pass through unchanged, as in Python).
 * @returns The lowercased string.
 */
export function pythonLower(text: string): string {
  // ASCII lowers the same everywhere: runs of it go to toLowerCase().
  let out = "";
  let last = 0;
  for (const m of text.matchAll(NON_ASCII)) {
    out += text.slice(last, m.index).toLowerCase() + lowerRun(text, m.index, m.index + m[0].length);
    last = m.index + m[0].length;
  }
  return last === 0 ? text.toLowerCase() : out + text.slice(last).toLowerCase();
}
