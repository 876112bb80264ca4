/**
 * `elementwise`: one fused kernel for a chain of elementwise ops with NumPy
 * broadcasting, `out = program(x0, ..., x(n-1))` (program syntax and ops in
 * `kernels/_elementwise_program.ts`). The output is contiguous with dims
 * `d0 .. d(rank-1)`; input `k` is contiguous in its own shape, which is the
 * output's with the dims its pattern marks `b` (broadcast) of size 1. The
 * kernel is specialised on the program and the patterns, never on sizes,
 * so one compiled kernel serves every shape of the same pattern.
 * `out` may be the same buffer as an input that broadcasts no dim.
 *
 * Spec: `{ program, rank, bcast, dtypes, stores?, consts? }`: `bcast` is one pattern of `rank`
 * letters `b`/`f` per input, comma-separated (`"ff,fb"`; `""` when there are
 * no inputs); `dtypes` one letter per input, `f` float32 or `i` int32;
 * `stores` (optional) the instructions stored to several outputs (an
 * optimizer's update writing a parameter and its state in one pass; each
 * output may be the same buffer as an input, as every element's inputs are
 * read before its outputs are written); `consts` (default 0) the number of
 * run-time constants `c0 ..` the program reads, passed as the args `c`.
 * Args: as `SIG` names them, one `out` per store, one `c` per run-time constant.
 * Units: output elements (row-major), split `"even"`. No scratch.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, list, signature } from "./signature.ts";
import { ewParse, ewStores } from "./_elementwise_program.ts";
import { ewErf, ewExp, ewGelu, ewLog, ewPow, ewSigmoid, ewTanh } from "./_math.ts";

/** Static spec of `elementwise`. */
export type ElementwiseSpec = {
  readonly program: string;
  readonly rank: number;
  readonly bcast: string;
  readonly dtypes: string;
  readonly stores?: string;
  /** Run-time constants `c0 ..` of the program (args `c`). */
  readonly consts?: number;
};

/** Outputs, inputs and dims: `out0 ..`, `x0 ..`, `d0 ..` in Wasm. */
const SIG = signature({
  out: list(
    "f32*",
    (s: ElementwiseSpec) => (s.stores === undefined ? 1 : s.stores.split(",").length),
  ),
  x: list("x32*", (s: ElementwiseSpec) => s.dtypes.length),
  d: list("int", (s: ElementwiseSpec) => s.rank),
  c: list("float", (s: ElementwiseSpec) => s.consts ?? 0),
});

/** Applies one instruction to `len` values: `d[i] = op(x[i], y[i], z[i])` (stores round to float32). */
function ewApply(
  op: string,
  d: Float32Array,
  x: Float32Array,
  y: Float32Array,
  z: Float32Array,
  len: number,
): void {
  const one = (g: (v: number) => number) => {
    for (let i = 0; i < len; i++) d[i] = g(x[i]);
  };
  const two = (g: (u: number, v: number) => number) => {
    for (let i = 0; i < len; i++) d[i] = g(x[i], y[i]);
  };
  switch (op) {
    case "neg":
      return one((v) => -v);
    case "exp":
      return one(ewExp);
    case "log":
      return one(ewLog);
    case "sqrt":
      return one(Math.sqrt);
    case "relu":
      return one((v) => (v < 0 ? 0 : v));
    case "sigmoid":
      return one(ewSigmoid);
    case "tanh":
      return one(ewTanh);
    case "gelu":
      return one(ewGelu);
    case "erf":
      return one(ewErf);
    case "abs":
      return one(Math.abs);
    case "square":
      return one((v) => v * v);
    case "reciprocal":
      return one((v) => 1 / v);
    case "copy":
      return one((v) => v);
    case "add":
      return two((u, v) => u + v);
    case "sub":
      return two((u, v) => u - v);
    case "mul":
      return two((u, v) => u * v);
    case "div":
      return two((u, v) => u / v);
    case "pow":
      return two(ewPow);
    case "maximum":
      return two(Math.max);
    case "minimum":
      return two(Math.min);
    case "gt":
      return two((u, v) => (u > v ? 1 : 0));
    case "ge":
      return two((u, v) => (u >= v ? 1 : 0));
    case "lt":
      return two((u, v) => (u < v ? 1 : 0));
    case "le":
      return two((u, v) => (u <= v ? 1 : 0));
    case "eq":
      return two((u, v) => (u === v ? 1 : 0));
    case "ne":
      return two((u, v) => (u !== v ? 1 : 0));
    case "where":
      for (let i = 0; i < len; i++) d[i] = x[i] !== 0 ? y[i] : z[i];
      return;
  }
  throw new TypeError(`elementwise(): unknown op "${op}"`);
}

function elementwiseJs(
  h: Heap,
  s: ElementwiseSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  if (start >= end) return 0;
  const p = ewParse(s.program, s.rank, s.bcast, s.dtypes, s.consts), n = p.n, R = s.rank, B = 256;
  const stores = ewStores(s.stores, p.code.length), K = stores.length;
  const dims = a.d, dl = dims[R - 1];
  // Element strides of each input (0 on broadcast dims).
  const strides = p.bc.map((bc) => {
    const st = new Array<number>(R);
    for (let j = R - 1, acc = 1; j >= 0; j--) {
      st[j] = bc[j] ? 0 : acc;
      acc *= bc[j] ? 1 : dims[j];
    }
    return st;
  });
  const vals: Float32Array[] = [];
  for (let v = 0; v < n + p.consts.length + p.code.length; v++) vals.push(new Float32Array(B));
  p.consts.forEach((c, i) => vals[n + i].fill(p.slots[i] < 0 ? c : a.c[p.slots[i]]));
  const results = stores.map((j) => vals[n + p.consts.length + j]);
  for (let pos = start; pos < end;) {
    let row = Math.floor(pos / dl);
    const col = pos - row * dl, len = Math.min(dl - col, end - pos, B);
    for (let k = 0; k < n; k++) {
      let off = a.x[k] + col * strides[k][R - 1];
      for (let j = R - 2, r = row; j >= 0; j--) {
        const c = r % dims[j];
        off += c * strides[k][j];
        r = (r - c) / dims[j];
      }
      const src = p.ints[k] ? h.i32 : h.f32;
      if (p.bc[k][R - 1]) vals[k].fill(src[off], 0, len);
      else vals[k].set(src.subarray(off, off + len));
    }
    for (const [j, { op, a: o }] of p.code.entries()) {
      ewApply(op, vals[n + p.consts.length + j], vals[o[0]], vals[o[1] ?? 0], vals[o[2] ?? 0], len);
    }
    for (let q = 0; q < K; q++) h.f32.set(results[q].subarray(0, len), a.out[q] + pos);
    pos += len;
    row = 0;
  }
  return 0;
}

/** The fused elementwise kernel. */
export const elementwise: Kernel<ElementwiseSpec, typeof SIG> = {
  name: "elementwise",
  sig: SIG,
  unit: "element",
  js: elementwiseJs,
  helpers: [ewParse, ewStores, ewApply, ewExp, ewLog, ewTanh, ewErf, ewSigmoid, ewGelu, ewPow],
};
