/**
 * Wasm `bag_positions`: `bagOf[j]` and `scale[j]` for bag gradients. Same
 * contract as `kernels/bag_positions.ts`.
 *
 * @module
 */

import { bagPositions, type BagPositionsSpec } from "../bag_positions.ts";
import { addr, bagEnd, emitKernel, forRange, loadI32At, type WasmKernel } from "./_emit.ts";
import { guardBag } from "./_guard.ts";

/** Emits the bag-gradient preparation kernel for a spec. */
export function emitBagPositions(s: BagPositionsSpec): WasmKernel {
  const { mean, weighted, padded } = s;
  return emitKernel(
    `bag_positions${mean ? " mean" : ""}${weighted ? " weighted" : ""}${padded ? " padded" : ""}`,
    bagPositions.sig,
    s,
    ({ f, p }) => {
      const b = f.local("i32", "b"),
        j = f.local("i32", "j"),
        first = f.local("i32", "first"),
        last = f.local("i32", "last");
      const count = f.local("i32", "count"), inv = f.local("f32", "inv");
      const isPad = () => {
        loadI32At(f, p.idx, j).localGet(p.pad).i32Eq();
      };
      forRange(f, b, () => f.localGet(p.start), () => f.localGet(p.end), () => {
        loadI32At(f, p.off, b).localSet(first);
        bagEnd(f, p, b);
        f.localSet(last);
        guardBag(f, p, b, first, last);
        f.f32Const(1).localSet(inv);
        if (mean) {
          f.i32Const(0).localSet(count);
          forRange(f, j, () => f.localGet(first), () => f.localGet(last), () => {
            f.localGet(count);
            if (padded) {
              isPad();
              f.i32Eqz();
            } else f.i32Const(1);
            f.i32Add().localSet(count);
          });
          f.localGet(count).i32Const(0).i32GtS();
          f.if(() =>
            f.f64Const(1).localGet(count).f64ConvertI32S().f64Div().f32DemoteF64().localSet(inv)
          );
        }
        forRange(f, j, () => f.localGet(first), () => f.localGet(last), () => {
          addr(f, p.bagOf, j, 4).localGet(b).i32Store({ align: 4 });
          addr(f, p.scale, j, 4);
          if (weighted) addr(f, p.psw, j, 4).f32Load();
          else f.localGet(inv);
          if (padded) {
            f.f32Const(0);
            isPad();
            f.i32Eqz().select();
          }
          f.f32Store();
        });
      });
    },
  );
}
