/**
 * The program of the fused `elementwise` kernel, parsed once per launch (JS)
 * or per emitted module (Wasm).
 *
 * Syntax: instructions separated by `;`, each an op name and its operands
 * separated by spaces, e.g. `mul x0 x1; add t0 x2; relu t1`. An operand is
 * an input `xK`, the result `tJ` of an earlier instruction (`t0` is the
 * first), a number (`2.5`, `-1e-3`, `inf`, `-inf`, `nan`, rounded to
 * float32), or the run-time constant `cK` (argument `c[K]` of the kernel,
 * rounded to float32: one compiled kernel serves every value). The last instruction's result is the output, or, with the spec's
 * `stores` (`"2,5"`), the results of those instructions are outputs 0, 1, ...
 *
 * Ops (all float32 in, float32 out): unary `neg exp log sqrt relu sigmoid
 * tanh gelu erf abs square reciprocal copy`; binary `add sub mul div pow
 * maximum minimum` and comparisons `gt ge lt le eq ne` (1 or 0; false when
 * either side is NaN, except `ne`); ternary `where c a b` (`c != 0 ? a : b`,
 * so a NaN condition picks `a`). `maximum`, `minimum` and `relu` propagate
 * NaN as PyTorch does; `relu` is `x < 0 ? 0 : x` (so `relu(-0)` is -0, as in
 * PyTorch); `maximum(-0, 0)` is 0 (IEEE 754-2019 maximum); `pow` follows C
 * (`pow(1, NaN)` is 1). Int32 inputs (see the spec's `dtypes`) are converted
 * to float32 when loaded, so `copy x0` of an int32 input is the cast.
 *
 * This function is self-contained (no imports): the JS kernel ships it to
 * Workers as a helper.
 *
 * @module
 */

/** A parsed program: values are inputs, then constants, then instruction results. */
export interface EwProgram {
  /** Number of inputs. */
  readonly n: number;
  /** Constants (float32; NaN for a run-time one), value indices `n ..`. */
  readonly consts: readonly number[];
  /** Per constant: the run-time argument it is (`cK`: K), or -1 for a number of the program. */
  readonly slots: readonly number[];
  /** Instructions: op name and operand value indices; instruction `j` is value `n + consts.length + j`. */
  readonly code: readonly { readonly op: string; readonly a: readonly number[] }[];
  /** Per input, per dim: whether the dim is broadcast (`b` in the spec). */
  readonly bc: readonly (readonly boolean[])[];
  /** Per input: whether it is int32 (`i` in the spec's `dtypes`). */
  readonly ints: readonly boolean[];
}

/**
 * Parses and checks an `elementwise` spec's program and patterns.
 *
 * @throws {TypeError} If the program or the patterns are malformed.
 */
export function ewParse(
  program: string,
  rank: number,
  bcast: string,
  dtypes: string,
  runtime = 0,
): EwProgram {
  const fail = (why: string) => {
    throw new TypeError(`elementwise(): ${why} in program "${program}" (bcast "${bcast}")`);
  };
  const arity: Record<string, number> = {};
  for (
    const op of "neg exp log sqrt relu sigmoid tanh gelu erf abs square reciprocal copy".split(" ")
  ) {
    arity[op] = 1;
  }
  for (const op of "add sub mul div pow maximum minimum gt ge lt le eq ne".split(" ")) {
    arity[op] = 2;
  }
  arity.where = 3;
  if (!Number.isInteger(rank) || rank < 1) fail(`rank ${rank} is not a positive integer`);
  const pats = bcast === "" ? [] : bcast.split(",");
  const n = pats.length;
  if (dtypes.length !== n || /[^fi]/.test(dtypes)) {
    fail(`dtypes "${dtypes}" do not match ${n} inputs`);
  }
  for (const p of pats) {
    if (p.length !== rank || /[^bf]/.test(p)) fail(`pattern "${p}" is not ${rank} of b/f`);
  }
  const lines = program.split(";").map((l) => l.trim().split(/\s+/));
  const consts: number[] = [], slots: number[] = [], raw: { op: string; a: string[] }[] = [];
  for (const [op, ...a] of lines) {
    if (arity[op] === undefined) fail(`unknown op "${op}"`);
    if (a.length !== arity[op]) fail(`${op} takes ${arity[op]} operands, not ${a.length}`);
    for (const t of a) {
      if (/^[xt]\d+$/.test(t)) continue;
      if (/^c\d+$/.test(t)) {
        if (Number(t.slice(1)) >= runtime) fail(`no run-time constant ${t} of ${runtime}`);
        consts.push(NaN), slots.push(Number(t.slice(1)));
        continue;
      }
      const v = t === "inf" ? Infinity : t === "-inf" ? -Infinity : t === "nan" ? NaN : Number(t);
      if (t === "" || (Number.isNaN(v) && t !== "nan")) fail(`bad operand "${t}"`);
      consts.push(Math.fround(v)), slots.push(-1);
    }
    raw.push({ op, a });
  }
  const base = n + consts.length;
  let c = n;
  const code = raw.map(({ op, a }, j) => ({
    op,
    a: a.map((t) => {
      const i = Number(t.slice(1));
      if (t[0] === "x" && /^x\d+$/.test(t)) return i < n ? i : fail(`no input ${t}`) as never;
      if (t[0] === "t" && /^t\d+$/.test(t)) {
        return i < j ? base + i : fail(`${t} used early`) as never;
      }
      return c++;
    }),
  }));
  const bc = pats.map((p) => Array.from(p, (ch) => ch === "b"));
  return { n, consts, slots, code, bc, ints: Array.from(dtypes, (ch) => ch === "i") };
}

/**
 * The instructions whose results are stored, in output order: `stores`
 * (comma-separated instruction indices, distinct) or the last one.
 *
 * @throws {TypeError} If `stores` is malformed.
 */
export function ewStores(stores: string | undefined, count: number): number[] {
  if (stores === undefined) return [count - 1];
  const parts = stores.split(","), list = parts.map(Number);
  if (
    parts.some((t) => !/^\d+$/.test(t)) ||
    list.some((j, i) => j >= count || list.indexOf(j) !== i)
  ) {
    throw new TypeError(
      `elementwise(): stores "${stores}" are not distinct instructions of ${count}`,
    );
  }
  return list;
}
