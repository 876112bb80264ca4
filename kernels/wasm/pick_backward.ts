/**
 * Wasm `pick_backward`: each row of `dx` zeroed with v128 stores (then a
 * scalar tail) and `g[i * gStride]` stored at the target. Same contract as
 * `kernels/pick_backward.ts`.
 *
 * @module
 */

import { pickBackward } from "../pick_backward.ts";
import { emitKernel, forRange, loadI32At, type WasmKernel } from "./_emit.ts";
import { FAULT } from "./_guard.ts";

/** Emits the gradient-of-pick kernel (it has no spec). */
export function emitPickBackward(_s: Record<string, never>): WasmKernel {
  return emitKernel("pick_backward", pickBackward.sig, _s, ({ f, p }) => {
    const i = f.local("i32", "i"), k = f.local("i32", "k"), row = f.local("i32", "row");
    const at = f.local("i32", "at"), bytes = f.local("i32", "bytes");
    f.localGet(p.C).i32Const(4).i32Mul().localSet(bytes);
    forRange(f, i, () => f.localGet(p.start), () => f.localGet(p.end), (cont) => {
      loadI32At(f, p.t, i).localTee(k).localGet(p.ignoreIndex).i32Ne();
      f.localGet(k).localGet(p.C).i32GeU().i32And().if(() => f.i32Const(FAULT).return());
      f.localGet(p.dx).localGet(i).localGet(bytes).i32Mul().i32Add().localSet(row);
      f.i32Const(0).localSet(at);
      for (const [step, store] of [[16, true], [4, false]] as const) {
        f.block((done) =>
          f.loop((top) => {
            f.localGet(at).localGet(bytes).i32Const(step).i32Sub().i32GtS().brIf(done);
            f.localGet(row).localGet(at).i32Add();
            if (store) f.v128ConstI32x4([0, 0, 0, 0]).v128Store({ align: 4 });
            else f.i32Const(0).i32Store();
            f.localGet(at).i32Const(step).i32Add().localSet(at).br(top);
          })
        );
      }
      f.localGet(k).localGet(p.ignoreIndex).i32Eq().brIf(cont);
      f.localGet(row).localGet(k).i32Const(4).i32Mul().i32Add();
      f.localGet(p.g).localGet(i).localGet(p.gStride).i32Mul().i32Const(4).i32Mul().i32Add();
      f.i32Load().i32Store();
    });
  });
}
