/**
 * `cross_entropy`: PyTorch's `F.cross_entropy` of `[N, C]` logits and class
 * targets in one kernel (`crossEntropy` with class indices): per row, with
 * `m` the row's maximum and `s = Σ exp(x - m)` (in order), the
 * log-probabilities `lp[c] = (x[c] - m) - log(s)`, the term
 * `nll = -(w[t]·lp[t])` and, with label smoothing, `smooth = -Σ w[c]·lp[c]`
 * (`w` the class weights, or 1). A row whose target is `ignoreIndex` gives
 * 0 and weighs 0; any other target outside `[0, C)` returns `FAULT`.
 *
 * `reduction: "none"` writes each row's `(1 - ε)·nll + (ε / C)·smooth`
 * (`nll` when ε is 0); `"sum"` and `"mean"` sum `nll`, `smooth` and the
 * rows' weights `w[t]` in row order, divide both sums by the summed weight
 * for `"mean"`, and write the combination to `out[0]`. Every operation is
 * rounded to float32 (`exp`, `log` of `kernels/_math.ts`); the Wasm kernel,
 * which runs four rows side by side, gives the same bits.
 *
 * Spec: `{ weighted, smooth, reduction }` (`smooth`: ε > 0).
 * Args: as `SIG` names them (`w` is unused unweighted, `eps` is ε).
 * Units: rows (`N`), split "even", for `"none"`; one unit covering every
 * row, split "single", for `"sum"` and `"mean"`.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { ewExp, ewLog } from "./_math.ts";
import { CE_ARGS, ceRowExpSum, ceRowMax } from "./_ce_rows.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  out: "f32*",
  ...CE_ARGS,
});

/** Static spec of `cross_entropy`. */
export type CrossEntropySpec = {
  readonly weighted: boolean;
  readonly smooth: boolean;
  readonly reduction: "none" | "sum" | "mean";
};

function crossEntropyJs(
  h: Heap,
  s: CrossEntropySpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, f = Math.fround, C = a.C;
  const keepCoef = f(1 - a.eps), smoothCoef = f(a.eps / C), all = s.reduction !== "none";
  const combine = (nll: number, smooth: number) =>
    s.smooth ? f(f(keepCoef * nll) + f(smoothCoef * smooth)) : nll;
  let sNll = 0, sSmooth = 0, sW = 0;
  for (let i = all ? 0 : start, to = all ? a.N : end; i < to; i++) {
    const x = a.x + i * C, k = i32[a.t + i];
    let nll = 0, smooth = 0, wt = 0;
    if (k !== a.ignoreIndex) {
      if (k >>> 0 >= C) return 1; // FAULT (a literal: Workers get this as text)
      const m = ceRowMax(f32, x, C), ls = ewLog(ceRowExpSum(f32, x, C, m, ewExp));
      const lp = f(f(f32[x + k] - m) - ls);
      wt = s.weighted ? f32[a.w + k] : 1;
      nll = -(s.weighted ? f(wt * lp) : lp);
      if (s.smooth) {
        let acc = 0;
        for (let c = 0; c < C; c++) {
          const lpc = f(f(f32[x + c] - m) - ls);
          acc = f(acc + (s.weighted ? f(f32[a.w + c] * lpc) : lpc));
        }
        smooth = -acc;
      }
    }
    if (!all) f32[a.out + i] = combine(nll, smooth);
    else {
      sNll = f(sNll + nll);
      sSmooth = f(sSmooth + smooth);
      sW = f(sW + wt);
    }
  }
  if (all) {
    const mean = s.reduction === "mean";
    f32[a.out] = combine(mean ? f(sNll / sW) : sNll, mean ? f(sSmooth / sW) : sSmooth);
  }
  return 0;
}

/** The fused cross-entropy kernel. */
export const crossEntropyKernel: Kernel<CrossEntropySpec, typeof SIG> = {
  name: "cross_entropy",
  sig: SIG,
  unit: "row",
  js: crossEntropyJs,
  helpers: [ewExp, ewLog, ceRowMax, ceRowExpSum],
};
