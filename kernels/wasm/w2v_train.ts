/**
 * Wasm `w2v_train`: Word2Vec negative-sampling training, specialised on the
 * vector size, skip-gram or CBOW and the number of negatives. Same contract,
 * and the same float32 operation order, as `kernels/w2v_train.ts`.
 *
 * Rows are walked as `D >> 2` f32x4 vectors (fully unrolled up to 32
 * vectors, else in a loop of 4 vectors per step) plus a scalar tail.
 *
 * @module
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { w2vTrain, type W2vTrainSpec } from "../w2v_train.ts";
import { addr, emitKernel, forRange, loadI32At, type WasmKernel } from "./_emit.ts";
import { storeSink } from "./_rows_emit.ts";
import { scratchFloats } from "../w2v_train.ts";

const MAX_EXP = 6, TABLE = 1000;
const UNROLL_LIMIT = 32;

/** Walks a row's vectors; `at(ptr)` pushes an address and returns the memarg offset. */
type VectorBody = (at: (ptr: number) => number, acc: number) => void;

function rowWalker(f: CodeBuilder, D: number) {
  const vectors = D >> 2, tail = D & 3, align = D % 4 === 0 ? 16 : 4;
  const k = f.local("i32", "k");
  const forVectors = (body: VectorBody) => {
    if (vectors <= UNROLL_LIMIT) {
      for (let v = 0; v < vectors; v++) body((ptr) => (f.localGet(ptr), 16 * v), v & 3);
      return;
    }
    const groups = vectors >> 2;
    forRange(f, k, () => f.i32Const(0), () => f.i32Const(groups * 64), () => {
      for (let s = 0; s < 4; s++) body((ptr) => (f.localGet(ptr).localGet(k).i32Add(), 16 * s), s);
      f.localGet(k).i32Const(63).i32Add().localSet(k); // forRange adds the 64th
    });
    for (let s = 0; s < (vectors & 3); s++) {
      body((ptr) => (f.localGet(ptr), groups * 64 + 16 * s), s);
    }
  };
  const forTail = (body: (offset: number) => void) => {
    for (let t = 0; t < tail; t++) body(16 * vectors + 4 * t);
  };
  return { forVectors, forTail, align };
}

/** Emits the Word2Vec training kernel for a spec. */
export function emitW2vTrain(s: W2vTrainSpec): WasmKernel {
  const { D, sg, negative, cbowMean } = s;
  const name = `w2v_train D=${D} ${
    sg ? "sg" : cbowMean ? "cbow-mean" : "cbow-sum"
  } neg=${negative}`;
  return emitKernel(name, w2vTrain.sig, s, ({ f, p }) => {
    const L = (type: "i32" | "i64" | "f32" | "v128", n: string) => f.local(type, n);
    const t = L("i32", "t"), task = L("i32", "task"), i = L("i32", "i"), j = L("i32", "j");
    const jhi = L("i32", "jhi"), word = L("i32", "word"), row1 = L("i32", "row1");
    const row2 = L("i32", "row2"), target = L("i32", "target"), d = L("i32", "d");
    const work = L("i32", "work"), neu1 = L("i32", "neu1"), count = L("i32", "count");
    const bl = L("i32", "bl"), bu = L("i32", "bu"), bm = L("i32", "bm"), x = L("i32", "x");
    const cumLast = L("i64", "cumLast"), rand = L("i64", "rand");
    const alpha = L("f32", "alpha"), label = L("f32", "label"), dotv = L("f32", "dot");
    const g = L("f32", "g"), inv = L("f32", "inv");
    const gv = L("v128", "gv"), sum = L("v128", "sum"), sink = L("i32", "sink");
    const targets = L("i32", "targets");
    const acc = [0, 1, 2, 3].map((n) => L("v128", `acc${n}`));
    const row = rowWalker(f, D);
    const { align } = row;

    /** `y = y + g * x` (g a v128 splat / f32 local), or `y = y + x` when `g` is undefined. */
    const axpy = (y: number, xp: number, gvec?: number, gs?: number) => {
      row.forVectors((at) => {
        const off = at(y);
        at(y);
        f.v128Load({ offset: off, align });
        if (gvec !== undefined) f.localGet(gvec);
        at(xp);
        f.v128Load({ offset: off, align });
        if (gvec !== undefined) f.f32x4Mul();
        f.f32x4Add().v128Store({ offset: off, align });
      });
      row.forTail((off) => {
        f.localGet(y).localGet(y).f32Load({ offset: off });
        if (gs !== undefined) f.localGet(gs);
        f.localGet(xp).f32Load({ offset: off });
        if (gs !== undefined) f.f32Mul();
        f.f32Add().f32Store({ offset: off });
      });
    };
    const scale = (y: number) => {
      f.localGet(inv).f32x4Splat().localSet(gv);
      row.forVectors((at) => {
        const off = at(y);
        at(y);
        f.v128Load({ offset: off, align }).localGet(gv).f32x4Mul().v128Store({
          offset: off,
          align,
        });
      });
      row.forTail((off) => {
        f.localGet(y).localGet(y).f32Load({ offset: off }).localGet(inv).f32Mul();
        f.f32Store({ offset: off });
      });
    };
    const zero = (y: number) => {
      row.forVectors((at) => {
        const off = at(y);
        f.v128ConstF32x4([0, 0, 0, 0]).v128Store({ offset: off, align });
      });
      row.forTail((off) => f.localGet(y).f32Const(0).f32Store({ offset: off }));
    };
    /** Sets `dot` to the dot product of two rows, in the reference's order. */
    const dot = (xp: number, yp: number) => {
      for (const a of acc) f.v128ConstF32x4([0, 0, 0, 0]).localSet(a);
      row.forVectors((at, k) => {
        f.localGet(acc[k]);
        f.v128Load({ offset: at(xp), align });
        f.v128Load({ offset: at(yp), align });
        f.f32x4Mul().f32x4Add().localSet(acc[k]);
      });
      f.localGet(acc[0]).localGet(acc[1]).f32x4Add();
      f.localGet(acc[2]).localGet(acc[3]).f32x4Add().f32x4Add().localSet(sum);
      f.localGet(sum).f32x4ExtractLane(0).localGet(sum).f32x4ExtractLane(1).f32Add();
      f.localGet(sum).f32x4ExtractLane(2).localGet(sum).f32x4ExtractLane(3).f32Add().f32Add();
      row.forTail((off) => {
        f.localGet(xp).f32Load({ offset: off }).localGet(yp).f32Load({ offset: off }).f32Mul();
        f.f32Add();
      });
      f.localSet(dotv);
    };
    /** `bisect_left(cum, (rand >> 16) % cumLast)` into `target`, then advances `rand`. */
    const drawNegative = () => {
      f.localGet(rand).i64Const(16n).i64ShrU().localGet(cumLast).i64RemU().i32WrapI64().localSet(x);
      // Branchless lower bound: log2(V) steps of a conditional move, no mispredictions.
      f.i32Const(0).localSet(bl).localGet(p.V).localSet(bu); // bl: base, bu: remaining length
      f.block((done) => {
        f.loop((top) => {
          f.localGet(bu).i32Const(1).i32LeU().brIf(done);
          f.localGet(bu).i32Const(1).i32ShrU().localSet(bm);
          f.localGet(bl).localGet(bm).i32Add(); // base + half
          f.localGet(bl);
          addr(f, p.cum, bl, 4).localGet(bm).i32Const(4).i32Mul().i32Add().i32Load({ align: 4 });
          f.localGet(x).i32LtS().select().localSet(bl);
          f.localGet(bu).localGet(bm).i32Sub().localSet(bu);
          f.br(top);
        });
      });
      loadI32At(f, p.cum, bl).localGet(x).i32LtS().localGet(bl).i32Add().localSet(bl);
      f.localGet(bl).localSet(target);
      f.localGet(rand).i64Const(25214903917n).i64Mul().i64Const(11n).i64Add();
      f.i64Const(0xffffffffffffn).i64And().localSet(rand);
    };
    /** Touches every cache line of a row, so several rows' misses overlap (Wasm has no prefetch). */
    const touch = (rowPtr: () => void) => {
      rowPtr();
      f.localSet(row2);
      for (let line = 0; line < D * 4; line += 64) {
        f.localGet(sink).localGet(row2).i32Load8U({ offset: line }).i32Add().localSet(sink);
      }
    };
    /** Trains `input` against `word` and `negative` drawn words; the error lands in `work`. */
    const train = (input: number) => {
      // All draws first (the same sequence as drawing one at a time), then their rows touched.
      forRange(f, d, () => f.i32Const(0), () => f.i32Const(negative), () => {
        drawNegative();
        addr(f, targets, d, 4).localGet(target).i32Store({ align: 4 });
      });
      forRange(f, d, () => f.i32Const(0), () => f.i32Const(negative), () => {
        touch(() => {
          f.localGet(p.syn1);
          loadI32At(f, targets, d).i32Const(D * 4).i32Mul().i32Add();
        });
      });
      touch(() => f.localGet(input));
      touch(() => f.localGet(p.syn1).localGet(word).i32Const(D * 4).i32Mul().i32Add());
      zero(work);
      forRange(f, d, () => f.i32Const(0), () => f.i32Const(negative + 1), (next) => {
        f.localGet(d).i32Eqz();
        f.if(() => {
          f.localGet(word).localSet(target).f32Const(1).localSet(label);
        }, () => {
          addr(f, targets, d, 4).i32Const(4).i32Sub().i32Load({ align: 4 }).localSet(target);
          f.localGet(target).localGet(word).i32Eq().brIf(next);
          f.f32Const(0).localSet(label);
        });
        f.localGet(p.syn1).localGet(target).i32Const(D * 4).i32Mul().i32Add().localSet(row2);
        dot(input, row2);
        f.localGet(dotv).f32Const(-MAX_EXP).f32Le().brIf(next);
        f.localGet(dotv).f32Const(MAX_EXP).f32Ge().brIf(next);
        f.localGet(label).localGet(p.exp);
        f.localGet(dotv).f32Const(MAX_EXP).f32Add().f32Const(Math.fround(TABLE / MAX_EXP / 2))
          .f32Mul();
        f.i32TruncF32S().i32Const(4).i32Mul().i32Add().f32Load({ align: 4 }).f32Sub();
        f.localGet(alpha).f32Mul().localSet(g);
        f.localGet(g).f32x4Splat().localSet(gv);
        axpy(work, row2, gv, g);
        axpy(row2, input, gv, g);
      });
    };
    const rowOfTokenAt = (pos: number, dest: number) => {
      f.localGet(p.syn0);
      loadI32At(f, p.tok, pos).i32Const(D * 4).i32Mul().i32Add().localSet(dest);
    };

    f.localGet(p.cum).localGet(p.V).i32Const(1).i32Sub().i32Const(4).i32Mul().i32Add();
    f.i32Load({ align: 4 }).i64ExtendI32U().localSet(cumLast);
    forRange(f, t, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      addr(f, p.tasks, t, 16).localSet(task);
      f.localGet(task).i32Load({ offset: 8, align: 4 }).i32Const(0xffffff).i32And().i64ExtendI32U();
      f.i64Const(24n).i64Shl();
      f.localGet(task).i32Load({ offset: 12, align: 4 }).i32Const(0xffffff).i32And()
        .i64ExtendI32U();
      f.i64Or().localSet(rand);
      addr(f, p.scratch, t, scratchFloats(s) * 4).localTee(work).i32Const(D * 4).i32Add().localSet(
        neu1,
      );
      f.localGet(work).i32Const(2 * D * 4).i32Add().localSet(targets);
      forRange(
        f,
        i,
        () => f.localGet(task).i32Load({ align: 4 }),
        () => f.localGet(task).i32Load({ offset: 4, align: 4 }),
        (nextI) => {
          f.localGet(p.a0).localGet(p.a1).localGet(p.a0).f64Sub();
          f.localGet(i).f64ConvertI32S().localGet(p.N).f64ConvertI32S().f64Div().f64Mul().f64Add();
          f.f32DemoteF64().localSet(alpha);
          loadI32At(f, p.tok, i).localSet(word);
          loadI32At(f, p.hi, i).localSet(jhi);
          const eachContext = (body: () => void) =>
            forRange(f, j, () => loadI32At(f, p.lo, i), () => f.localGet(jhi), (nextJ) => {
              f.localGet(j).localGet(i).i32Eq().brIf(nextJ);
              body();
            });
          if (sg) {
            eachContext(() => {
              rowOfTokenAt(j, row1);
              train(row1);
              axpy(row1, work);
            });
            return;
          }
          zero(neu1);
          f.i32Const(0).localSet(count);
          eachContext(() => {
            rowOfTokenAt(j, row1);
            axpy(neu1, row1);
            f.localGet(count).i32Const(1).i32Add().localSet(count);
          });
          f.localGet(count).i32Eqz().brIf(nextI);
          f.f32Const(1).localGet(count).f32ConvertI32S().f32Div().localSet(inv);
          if (cbowMean) scale(neu1);
          train(neu1);
          if (cbowMean) scale(work);
          eachContext(() => {
            rowOfTokenAt(j, row1);
            axpy(row1, work);
          });
        },
      );
    });
    storeSink(f, sink);
  });
}
