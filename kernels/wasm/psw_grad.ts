/**
 * Wasm `psw_grad`: `dot(G[b], W[idx[j]])` per position, summed in the lane
 * order the JS reference defines (four lane sums, then the tail). Same
 * contract as `kernels/psw_grad.ts`.
 *
 * @module
 */

import type { PswGradSpec } from "../psw_grad.ts";
import { TUNING } from "./_tuning.ts";
import {
  addr,
  bagEnd,
  emitKernel,
  forRange,
  loadI32At,
  rowShape,
  storeSink,
  tailOffset,
  touchNextBag,
  type WasmKernel,
} from "./_emit.ts";

/** Emits the per-sample-weight gradient kernel for a spec. */
export function emitPswGrad(s: PswGradSpec): WasmKernel {
  const { D, padded } = s;
  const shape = rowShape(D, 1 << 30);
  const params = [
    ["G", "i32"],
    ["W", "i32"],
    ["idx", "i32"],
    ["off", "i32"],
    ["nOff", "i32"],
    ["N", "i32"],
    ["pad", "i32"],
    ["out", "i32"],
  ] as const;
  return emitKernel(`psw_grad D=${D}${padded ? " padded" : ""}`, params, ({ f, p }) => {
    const b = f.local("i32", "b"),
      j = f.local("i32", "j"),
      first = f.local("i32", "first"),
      last = f.local("i32", "last");
    const g = f.local("i32", "g"), row = f.local("i32", "row"), k = f.local("i32", "k");
    const lanes = f.local("v128", "lanes"), acc = f.local("f32", "acc");
    const ti = f.local("i32", "ti"),
      tEnd = f.local("i32", "tEnd"),
      tRow = f.local("i32", "tRow"),
      sink = f.local("i32", "sink");
    forRange(f, b, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      loadI32At(f, p.off, b).localSet(first);
      bagEnd(f, p, b);
      f.localSet(last);
      addr(f, p.G, b, D * 4).localSet(g);
      if (s.touch) {
        touchNextBag(
          f,
          p,
          { b, i: ti, end: tEnd, row: tRow, sink },
          D,
          TUNING.aheadRows,
          TUNING.aheadLines,
        );
      }
      forRange(f, j, () => f.localGet(first), () => f.localGet(last), (cont) => {
        loadI32At(f, p.idx, j).localSet(k);
        if (padded) {
          f.localGet(k).localGet(p.pad).i32Eq();
          f.if(() => addr(f, p.out, j, 4).f32Const(0).f32Store());
          f.localGet(k).localGet(p.pad).i32Eq().brIf(cont);
        }
        addr(f, p.W, k, D * 4).localSet(row);
        f.v128ConstF32x4([0, 0, 0, 0]).localSet(lanes);
        for (let v = 0; v < shape.vectors; v++) {
          f.localGet(lanes);
          f.localGet(g).v128Load({ offset: 16 * v, align: shape.align });
          f.localGet(row).v128Load({ offset: 16 * v, align: shape.align });
          f.f32x4Mul().f32x4Add().localSet(lanes);
        }
        // (l0 + l1) + (l2 + l3), then the tail in order.
        f.localGet(lanes).f32x4ExtractLane(0).localGet(lanes).f32x4ExtractLane(1).f32Add();
        f.localGet(lanes).f32x4ExtractLane(2).localGet(lanes).f32x4ExtractLane(3).f32Add();
        f.f32Add().localSet(acc);
        for (let t = 0; t < shape.tail; t++) {
          const at = tailOffset(shape, t);
          f.localGet(acc).localGet(g).f32Load({ offset: at }).localGet(row).f32Load({ offset: at })
            .f32Mul().f32Add().localSet(acc);
        }
        addr(f, p.out, j, 4).localGet(acc).f32Store();
      });
    });
    storeSink(f, sink);
  });
}
