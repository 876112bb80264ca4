/**
 * Wasm `inv_freq`: `1 / freq(idx[j])` per position. Same contract as
 * `kernels/inv_freq.ts`.
 *
 * @module
 */

import { invFreq } from "../inv_freq.ts";
import { addr, emitKernel, forRange, type WasmKernel } from "./_emit.ts";
import { guardBelow } from "./_guard.ts";

/** Emits the frequency preparation kernel. */
export function emitInvFreq(): WasmKernel {
  return emitKernel("inv_freq", invFreq.sig, {}, ({ f, p }) => {
    const j = f.local("i32", "j"), c = f.local("i32", "c");
    const countAt = () =>
      addr(f, p.idx, j, 4).i32Load({ align: 4 }).i32Const(4).i32Mul().localGet(p.counts).i32Add()
        .localTee(c);
    // Every index first, so a bad one leaves the counts untouched.
    forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), () => {
      guardBelow(f, () => addr(f, p.idx, j, 4).i32Load({ align: 4 }), () => f.localGet(p.V));
    });
    forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), () => {
      countAt().localGet(c).i32Load({ align: 4 }).i32Const(1).i32Add().i32Store({ align: 4 });
    });
    forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), () => {
      addr(f, p.invFreq, j, 4);
      f.f64Const(1);
      countAt().i32Load({ align: 4 }).f64ConvertI32S().f64Div().f32DemoteF64().f32Store();
    });
    forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), () => {
      countAt().i32Const(0).i32Store({ align: 4 });
    });
  });
}
