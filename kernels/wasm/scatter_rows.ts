/**
 * Wasm `scatter_rows`: the dense gradient, owner-computes over table rows.
 * Same contract as `kernels/scatter_rows.ts`.
 *
 * @module
 */

import { scatterRows, type ScatterRowsSpec } from "../scatter_rows.ts";
import {
  addr,
  emitKernel,
  forRange,
  loadI32At,
  type RowShape,
  rowShape,
  tailOffset,
  type WasmKernel,
} from "./_emit.ts";
import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import type { Label } from "../../src/wasm/types.ts";
import { FAULT, guardBelow } from "./_guard.ts";
import { emitAddGrad, gradLocals } from "./_grad_source.ts";

/** Emits the dense gradient kernel for a spec. */
export function emitScatterRows(s: ScatterRowsSpec): WasmKernel {
  const { D, source, freq, padded, update } = s;
  const shape = rowShape(D, 1 << 30);
  const name = `scatter_rows D=${D} ${source}${freq ? " freq" : ""}${padded ? " padded" : ""}` +
    (update ? " update" : "") + (s.coalesce ? " coalesce" : "");
  return emitKernel(name, scatterRows.sig, s, ({ f, p }) => {
    const j = f.local("i32", "j"), k = f.local("i32", "k"), o = f.local("i32", "o");
    const l = gradLocals(f, j, o, update === true);
    if (update && !s.coalesce) {
      // Check every index before the first write.
      forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), (cont) => {
        loadI32At(f, p.idx, j).localSet(k);
        if (padded) f.localGet(k).localGet(p.pad).i32Eq().brIf(cont);
        guardBelow(f, () => f.localGet(k), () => f.localGet(p.V));
      });
    }
    if (update) {
      // Alpha, rounded to float32 once.
      f.localGet(p.alpha).f32DemoteF64().localTee(l.a).f32x4Splat().localSet(l.av);
    } else {
      // Zero the rows this launch owns.
      addr(f, p.out, p.start, D * 4);
      f.i32Const(0);
      f.localGet(p.end).localGet(p.start).i32Sub().i32Const(D * 4).i32Mul();
      f.memoryFill();
    }
    // Whether row k is not this launch's: (k - start) >=u (end - start).
    const notOwned = () => {
      f.localGet(k).localGet(p.start).i32Sub();
      f.localGet(p.end).localGet(p.start).i32Sub().i32GeU();
    };
    // Positions of rows this launch owns, each index guarded (by `guard`, or a plain fault).
    const owned = (
      body: (cont: Label) => void,
      guard = () => guardBelow(f, () => f.localGet(k), () => f.localGet(p.V)),
    ) =>
      forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), (cont) => {
        loadI32At(f, p.idx, j).localSet(k);
        if (padded) f.localGet(k).localGet(p.pad).i32Eq().brIf(cont);
        guard();
        notOwned();
        f.brIf(cont);
        body(cont);
      });
    if (!s.coalesce) {
      owned(() => {
        addr(f, p.out, k, D * 4).localSet(o);
        emitAddGrad(f, p, l, shape, D, source, freq);
      });
      return;
    }
    // Sums first: a row's terms go, from zero, to the row of its first position in acc. The
    // indices are checked on the way (nothing but acc and the marks is written before the
    // table), and a bad one clears the marks made so far.
    const first = f.local("i32", "first"), sum = gradLocals(f, j, o);
    const clearMarksAndFault = () => {
      f.localGet(k).localGet(p.V).i32GeU();
      f.if(() => {
        const u = f.local("i32", "u");
        forRange(f, u, () => f.i32Const(0), () => f.localGet(j), (cont) => {
          loadI32At(f, p.idx, u).localSet(k);
          notOwned();
          f.brIf(cont);
          addr(f, p.slot, k, 4).i32Const(0).i32Store({ align: 4 });
        });
        f.i32Const(FAULT).return();
      });
    };
    owned(() => {
      loadI32At(f, p.slot, k).localTee(first).i32Eqz();
      f.if(
        () => {
          addr(f, p.slot, k, 4).localGet(j).i32Const(1).i32Add().i32Store({ align: 4 });
          addr(f, p.acc, j, D * 4).localSet(o);
          emitAddGrad(f, p, sum, shape, D, source, freq, true);
        },
        () => {
          addr(f, p.acc, first, D * 4).i32Const(D * 4).i32Sub().localSet(o);
          emitAddGrad(f, p, sum, shape, D, source, freq);
        },
      );
    }, clearMarksAndFault);
    // Then each sum once, times alpha, into its row; the mark goes back to zero.
    owned((cont) => {
      loadI32At(f, p.slot, k).localTee(first).i32Eqz().brIf(cont);
      f.localGet(first).i32Const(1).i32Sub().localSet(first);
      addr(f, p.acc, first, D * 4).localSet(l.g);
      addr(f, p.out, k, D * 4).localSet(o);
      emitAddScaled(f, o, l.g, l.av, l.a, shape);
      addr(f, p.slot, k, 4).i32Const(0).i32Store({ align: 4 });
    });
  });
}

/** `out[d] += a * src[d]` over one row (`av`: `a` splatted), as the JS `Math.fround(a * x)` then add. */
function emitAddScaled(
  f: CodeBuilder,
  out: number,
  src: number,
  av: number,
  a: number,
  shape: RowShape,
): void {
  for (let v = 0; v < shape.vectors; v++) {
    f.localGet(out).localGet(out).v128Load({ offset: 16 * v, align: shape.align });
    f.localGet(src).v128Load({ offset: 16 * v, align: shape.align }).localGet(av).f32x4Mul();
    f.f32x4Add().v128Store({ offset: 16 * v, align: shape.align });
  }
  for (let t = 0; t < shape.tail; t++) {
    const at = tailOffset(shape, t);
    f.localGet(out).localGet(out).f32Load({ offset: at });
    f.localGet(src).f32Load({ offset: at }).localGet(a).f32Mul();
    f.f32Add().f32Store({ offset: at });
  }
}
