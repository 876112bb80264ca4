/**
 * Wasm `softmax_grad`: per lane, `Σ g y` (or `Σ g`), then
 * `dx = y (g - Σ)` (or `g - exp(y) Σ`), over the walk of `_lanes.ts`. Same
 * contract and roundings as `kernels/softmax_grad.ts`.
 *
 * @module
 */

import { softmaxGrad, type SoftmaxGradSpec } from "../softmax_grad.ts";
import { emitLanes } from "./_lanes.ts";
import type { WasmKernel } from "./_emit.ts";
import { emitExp } from "./_math.ts";

/** Emits the softmax / log-softmax backward kernel. */
export function emitSoftmaxGrad(s: SoftmaxGradSpec): WasmKernel {
  return emitLanes(`softmax_grad${s.log ? " log" : ""}`, softmaxGrad.sig, [emitExp], (f, pass) => {
    const sum = pass(["g", "y"], (v) => {
      if (s.log) return { acc: v.g };
      const t = f.local("v128");
      f.localGet(v.g).localGet(v.y).f32x4Mul().localSet(t);
      return { acc: t };
    }, "sum");
    pass(["g", "y"], (v) => {
      const r = f.local("v128");
      if (s.log) {
        f.localGet(v.g);
        emitExp(f, v.y);
        f.localGet(sum).f32x4Mul().f32x4Sub().localSet(r);
      } else {
        f.localGet(v.y).localGet(v.g).localGet(sum).f32x4Sub().f32x4Mul().localSet(r);
      }
      return { store: ["dx", r] };
    });
  });
}
