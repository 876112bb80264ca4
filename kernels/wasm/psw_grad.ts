/**
 * Wasm `psw_grad`: `dot(G[b], W[idx[j]])` per position, summed in the lane
 * order the JS reference defines (four lane sums, then the tail). Same
 * contract as `kernels/psw_grad.ts`.
 *
 * @module
 */

import { pswGrad, type PswGradSpec } from "../psw_grad.ts";
import {
  addr,
  emitKernel,
  forRange,
  loadI32At,
  rowShape,
  tailOffset,
  type WasmKernel,
} from "./_emit.ts";
import { bagLocals, forEachBag } from "./_rows_emit.ts";
import { guardBelow } from "./_guard.ts";
import { TUNING } from "./_tuning.ts";

/** Emits the per-sample-weight gradient kernel for a spec. */
export function emitPswGrad(s: PswGradSpec): WasmKernel {
  const { D, padded } = s;
  const shape = rowShape(D, 1 << 30);
  return emitKernel(`psw_grad D=${D}${padded ? " padded" : ""}`, pswGrad.sig, s, (e) => {
    const { f, p } = e;
    const l = bagLocals(f), g = f.local("i32", "g"), k = f.local("i32", "k");
    const lanes = f.local("v128", "lanes"), acc = f.local("f32", "acc");
    const touch = { on: s.touch === true, rows: TUNING.aheadRows, lines: TUNING.aheadLines };
    forEachBag(e, l, D, touch, () => {
      addr(f, p.G, l.b, D * 4).localSet(g);
      // Padding positions are not skipped: their gradient is written as 0.
      forRange(f, l.j, () => f.localGet(l.first), () => f.localGet(l.last), (cont) => {
        loadI32At(f, p.idx, l.j).localSet(k);
        if (padded) {
          f.localGet(k).localGet(p.pad).i32Eq();
          f.if(() => addr(f, p.out, l.j, 4).f32Const(0).f32Store());
          f.localGet(k).localGet(p.pad).i32Eq().brIf(cont);
        }
        guardBelow(f, () => f.localGet(k), () => f.localGet(p.V));
        addr(f, p.W, k, D * 4).localSet(l.row);
        f.v128ConstF32x4([0, 0, 0, 0]).localSet(lanes);
        for (let v = 0; v < shape.vectors; v++) {
          f.localGet(lanes);
          f.localGet(g).v128Load({ offset: 16 * v, align: shape.align });
          f.localGet(l.row).v128Load({ offset: 16 * v, align: shape.align });
          f.f32x4Mul().f32x4Add().localSet(lanes);
        }
        // (l0 + l1) + (l2 + l3), then the tail in order.
        f.localGet(lanes).f32x4ExtractLane(0).localGet(lanes).f32x4ExtractLane(1).f32Add();
        f.localGet(lanes).f32x4ExtractLane(2).localGet(lanes).f32x4ExtractLane(3).f32Add();
        f.f32Add().localSet(acc);
        for (let t = 0; t < shape.tail; t++) {
          const at = tailOffset(shape, t);
          f.localGet(acc).localGet(g).f32Load({ offset: at }).localGet(l.row).f32Load({
            offset: at,
          }).f32Mul().f32Add().localSet(acc);
        }
        addr(f, p.out, l.j, 4).localGet(acc).f32Store();
      });
    });
  });
}
