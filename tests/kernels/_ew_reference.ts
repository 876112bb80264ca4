/**
 * Float64 references for the elementwise and softmax kernel tests: erf to
 * double precision, ulp distance to a float32 result, and a naive
 * broadcasting evaluator of elementwise programs written independently of
 * the kernels (coordinates per element, NumPy's rule per input shape).
 */

const f = Math.fround;

/** erf in float64: its Maclaurin series below 3, a continued fraction of erfc above. */
export function erf64(x: number): number {
  const t = Math.abs(x);
  let r;
  if (t < 3) {
    let s = 0, term = t;
    for (let n = 0; n < 200 && Math.abs(term) > 1e-20; n++) {
      s += term / (2 * n + 1);
      term *= (-t * t) / (n + 1);
    }
    r = (2 / Math.sqrt(Math.PI)) * s;
  } else {
    let cf = 0;
    for (let k = 80; k >= 1; k--) cf = k / 2 / (t + cf);
    r = 1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + cf);
  }
  return x < 0 ? -r : r;
}

/** `|got - want|` in units of the last place of `want` rounded to float32 (subnormal ulp below 2^-126). */
export function ulpsOff(got: number, want: number): number {
  if (Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))) return 0;
  const a = Math.abs(f(want));
  const ulp = a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
  return Math.abs(got - want) / ulp;
}

/** Float64 (or, with `round`, float32-rounded) meaning of each op. */
export const OPS: Readonly<Record<string, (...v: number[]) => number>> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  relu: (x) => (x < 0 ? 0 : x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  gelu: (x) => x * 0.5 * (1 + erf64(x / Math.SQRT2)),
  erf: erf64,
  abs: Math.abs,
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  copy: (x) => x,
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => (x === 1 || (x === -1 && Math.abs(y) === Infinity) ? 1 : Math.pow(x, y)),
  maximum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x > y ? x : y),
  minimum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x < y ? x : y),
  gt: (x, y) => Number(x > y),
  ge: (x, y) => Number(x >= y),
  lt: (x, y) => Number(x < y),
  le: (x, y) => Number(x <= y),
  eq: (x, y) => Number(x === y),
  ne: (x, y) => Number(x !== y),
  where: (c, a, b) => (c !== 0 ? a : b),
};

/**
 * Evaluates `program` (the kernel's syntax) at every output element of
 * `dims`, reading input `k` of shape `shapes[k]` (same rank, dims 1 or equal)
 * by NumPy's rule; each op's result passes through `round` (identity for a
 * float64 oracle, `Math.fround` for a float32 one).
 */
export function evalProgram(
  program: string,
  dims: readonly number[],
  inputs: readonly ArrayLike<number>[],
  shapes: readonly (readonly number[])[],
  round: (v: number) => number = (v) => v,
): Float64Array {
  const total = dims.reduce((a, b) => a * b, 1), out = new Float64Array(total);
  const code = program.split(";").map((l) => l.trim().split(/\s+/));
  for (let u = 0; u < total; u++) {
    const coord: number[] = [];
    for (let j = dims.length - 1, r = u; j >= 0; j--) {
      coord[j] = r % dims[j], r = Math.floor(r / dims[j]);
    }
    const t: number[] = [];
    const val = (tok: string) => {
      if (tok[0] === "t") return t[Number(tok.slice(1))];
      if (tok[0] !== "x") {
        return f(tok === "inf" ? Infinity : tok === "-inf" ? -Infinity : Number(tok));
      }
      const k = Number(tok.slice(1)), shape = shapes[k];
      let idx = 0;
      for (let j = 0; j < dims.length; j++) idx = idx * shape[j] + (shape[j] === 1 ? 0 : coord[j]);
      return f(inputs[k][idx]);
    };
    for (const [op, ...args] of code) t.push(round(OPS[op](...args.map(val))));
    out[u] = t[t.length - 1];
  }
  return out;
}
