/**
 * Wasm `pick`: `out[i] = x[i * xStride + t[i]]`, 0 on ignored rows, `FAULT`
 * on a target outside `[0, C)`. Same contract as `kernels/pick.ts`.
 *
 * @module
 */

import { pick } from "../pick.ts";
import { addr, emitKernel, forRange, loadI32At, type WasmKernel } from "./_emit.ts";
import { guardBelow } from "./_guard.ts";

/** Emits the pick-by-target kernel (it has no spec). */
export function emitPick(_s: Record<string, never>): WasmKernel {
  return emitKernel("pick", pick.sig, _s, ({ f, p }) => {
    const i = f.local("i32", "i"), k = f.local("i32", "k");
    forRange(f, i, () => f.localGet(p.start), () => f.localGet(p.end), (cont) => {
      loadI32At(f, p.t, i).localTee(k).localGet(p.ignoreIndex).i32Eq();
      f.if(() => addr(f, p.out, i, 4).i32Const(0).i32Store().br(cont));
      guardBelow(f, () => f.localGet(k), () => f.localGet(p.C));
      addr(f, p.out, i, 4);
      f.localGet(p.x).localGet(i).localGet(p.xStride).i32Mul().localGet(k).i32Add().i32Const(4)
        .i32Mul().i32Add().i32Load().i32Store();
    });
  });
}
