/**
 * Wasm `renorm`: max-norm, in place, owner-computes over table rows. The
 * norm is accumulated in float64 in dimension order (as the JS reference),
 * general p calls the imported `Math.pow`. Same contract as `kernels/renorm.ts`.
 *
 * @module
 */

import { renorm, type RenormSpec } from "../renorm.ts";
import {
  addr,
  emitKernel,
  forRange,
  loadI32At,
  rowShape,
  tailOffset,
  type WasmKernel,
} from "./_emit.ts";
import { guardBelow } from "./_guard.ts";

/** Emits the max-norm kernel for a spec. */
export function emitRenorm(s: RenormSpec): WasmKernel {
  const { D, p: norm } = s;
  const shape = rowShape(D, 1 << 30);
  const general = norm !== 1 && norm !== 2 && norm !== Infinity;
  return emitKernel(`renorm D=${D} p=${norm}`, renorm.sig, s, ({ f, p, pow }) => {
    const j = f.local("i32", "j"),
      k = f.local("i32", "k"),
      row = f.local("i32", "row"),
      d = f.local("i32", "d");
    const acc = f.local("f64", "acc"),
      x = f.local("f64", "x"),
      n32 = f.local("f32", "norm"),
      sv = f.local("v128", "scale");
    const skip = (cont: Parameters<Parameters<typeof forRange>[4]>[0], guard = false) => {
      loadI32At(f, p.idx, j).localSet(k);
      if (guard) guardBelow(f, () => f.localGet(k), () => f.localGet(p.V));
      f.localGet(k).localGet(p.start).i32Sub();
      f.localGet(p.end).localGet(p.start).i32Sub().i32GeU().brIf(cont);
    };
    forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), (cont) => {
      skip(cont, true);
      f.localGet(p.marks).localGet(k).i32Add().i32Load8U().brIf(cont);
      f.localGet(p.marks).localGet(k).i32Add().i32Const(1).i32Store8();
      addr(f, p.W, k, D * 4).localSet(row);
      f.f64Const(0).localSet(acc);
      forRange(f, d, () => f.i32Const(0), () => f.i32Const(D), () => {
        addr(f, row, d, 4).f32Load().f64PromoteF32().f64Abs().localSet(x);
        if (norm === 2) f.localGet(acc).localGet(x).localGet(x).f64Mul().f64Add().localSet(acc);
        else if (norm === 1) f.localGet(acc).localGet(x).f64Add().localSet(acc);
        else if (norm === Infinity) {
          // NaN is sticky, as in torch.norm: select x when x > acc or x is NaN.
          f.localGet(x).localGet(acc).localGet(x).localGet(acc).f64Gt().localGet(x).localGet(x)
            .f64Ne().i32Or();
          f.select().localSet(acc);
        } else f.localGet(acc).localGet(x).f64Const(norm).call(pow).f64Add().localSet(acc);
      });
      f.localGet(acc);
      if (norm === 2) f.f64Sqrt();
      else if (general) f.f64Const(1 / norm).call(pow);
      f.f32DemoteF64().localSet(n32);
      f.localGet(n32).f64PromoteF32().localGet(p.maxNorm).f64Gt();
      f.if(() => {
        f.localGet(p.maxNorm).localGet(n32).f64PromoteF32().f64Const(1e-7).f64Add().f64Div()
          .f32DemoteF64();
        f.f32x4Splat().localSet(sv);
        for (let v = 0; v < shape.vectors; v++) {
          f.localGet(row).localGet(row).v128Load({ offset: 16 * v, align: shape.align }).localGet(
            sv,
          ).f32x4Mul();
          f.v128Store({ offset: 16 * v, align: shape.align });
        }
        for (let t = 0; t < shape.tail; t++) {
          const at = tailOffset(shape, t);
          f.localGet(row).localGet(row).f32Load({ offset: at }).localGet(sv).f32x4ExtractLane(0)
            .f32Mul().f32Store({ offset: at });
        }
      });
    });
    forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), (cont) => {
      skip(cont);
      f.localGet(p.marks).localGet(k).i32Add().i32Const(0).i32Store8();
    });
  }, { pow: general });
}
