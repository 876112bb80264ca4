/**
 * Wasm `softmax`: three passes per lane (max; exp and sum; normalise), or
 * for `log: true` max, sum of exp, then `(x - m) - log(s)`, over the walk
 * of `_lanes.ts`. Same contract and roundings as `kernels/softmax.ts`.
 *
 * @module
 */

import { softmax, type SoftmaxSpec } from "../softmax.ts";
import { emitLanes } from "./_lanes.ts";
import type { WasmKernel } from "./_emit.ts";
import { emitExp, emitLog } from "./_math.ts";

/** Emits the softmax / log-softmax kernel. */
export function emitSoftmax(s: SoftmaxSpec): WasmKernel {
  return emitLanes(`softmax${s.log ? " log" : ""}`, softmax.sig, [emitExp, emitLog], (f, pass) => {
    const m = pass(["x"], (v) => ({ acc: v.x }), "max");
    const shifted = (x: number) => {
      const d = f.local("v128");
      f.localGet(x).localGet(m).f32x4Sub().localSet(d);
      return d;
    };
    const sum = pass(["x"], (v) => {
      const e = f.local("v128");
      emitExp(f, shifted(v.x));
      f.localSet(e);
      return s.log ? { acc: e } : { acc: e, store: ["y", e] };
    }, "sum");
    if (s.log) {
      const ls = f.local("v128");
      emitLog(f, sum);
      f.localSet(ls);
      pass(["x"], (v) => {
        const r = shifted(v.x);
        f.localGet(r).localGet(ls).f32x4Sub().localSet(r);
        return { store: ["y", r] };
      });
    } else {
      pass(["y"], (v) => {
        f.localGet(v.y).localGet(sum).f32x4Div().localSet(v.y);
        return { store: ["y", v.y] };
      });
    }
  });
}
