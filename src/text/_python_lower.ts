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

/** CPython's `handle_capital_sigma`: is the sigma at `i` of `cps` word-final? */
function isFinalSigma(cps: readonly number[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && classOf(cps[j]) === IGNORABLE) j--;
  if (j < 0 || classOf(cps[j]) !== CASED) return false;
  j = i + 1;
  while (j < cps.length && classOf(cps[j]) === IGNORABLE) j++;
  return j === cps.length || classOf(cps[j]) !== CASED;
}

/**
 * Lowercases `text` exactly as Python 3.11's `str.lower()` does.
 *
 * @param text Any string (lone surrogates pass through unchanged, as in Python).
 * @returns The lowercased string.
 */
export function pythonLower(text: string): string {
  // ASCII lowers the same everywhere.
  if (!/[\u0080-\uffff]/.test(text)) return text.toLowerCase();
  lowerMap ??= buildLowerMap();
  const cps = Array.from(text, (ch) => ch.codePointAt(0)!);
  let out = "";
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i];
    if (cp === CAPITAL_SIGMA) out += isFinalSigma(cps, i) ? "\u03c2" : "\u03c3";
    else out += lowerMap.get(cp) ?? String.fromCodePoint(cp);
  }
  return out;
}
