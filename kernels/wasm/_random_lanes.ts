/**
 * Pieces of the Wasm `random_fill` kernel's normal path: the Box–Muller
 * values of two pairs from f64x2 uniforms (`emitPairValues`), and four
 * whole blocks at once (`emitFourBlocks`), one block per i32x4 lane of the
 * xoshiro128** state: each lane draws its own block's stream in the
 * sequential order (u from two draws, then v from two), so every value is
 * the one the scalar path (and the JS kernel) computes. A `u` of 0 in any
 * lane (probability 2^-53 per pair) abandons the four blocks, with their
 * states untouched, to the scalar path, which reports it.
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import type { Label } from "../../src/wasm/types.ts";
import { emitLogF64, emitSinCosTurnF64 } from "./_math64.ts";

/** v128 locals of the normal path: the splats of `a`, `b` and -2, and scratch. */
export interface PairLocals {
  readonly a: number;
  readonly b: number;
  readonly minus2: number;
  readonly r: number;
  readonly cos: number;
  readonly sin: number;
}

/**
 * Pushes the float32 vector `[x0, y0, x1, y1]` of the pairs in the lanes
 * of the f64x2 locals `u`, `v`: `x = a + b (r cos(2πv))`,
 * `y = a + b (r sin(2πv))`, `r = sqrt(-2 log u)`.
 */
export function emitPairValues(f: CodeBuilder, l: PairLocals, u: number, v: number): void {
  f.localGet(l.minus2);
  emitLogF64(f, u);
  f.f64x2Mul().f64x2Sqrt().localSet(l.r);
  emitSinCosTurnF64(f, v, l.cos, l.sin);
  for (const t of [l.cos, l.sin]) {
    f.localGet(l.a).localGet(l.b).localGet(l.r).localGet(t).f64x2Mul().f64x2Mul().f64x2Add();
    f.f32x4DemoteF64x2Zero();
  }
  f.i8x16Shuffle([0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23]);
}

/** The kernel's parameters the four-block path reads. */
export interface FillParams {
  readonly out: number;
  readonly states: number;
  readonly hits: number;
}

/** One xoshiro128** draw in every lane of the states `s`, pushed as i32x4. */
function drawLanes(f: CodeBuilder, s: readonly number[], t: number, k5: number, k9: number): void {
  const [s0, s1, s2, s3] = s;
  f.localGet(s1).localGet(k5).i32x4Mul().localTee(t).i32Const(7).i32x4Shl();
  f.localGet(t).i32Const(25).i32x4ShrU().v128Or().localGet(k9).i32x4Mul();
  f.localGet(s1).i32Const(9).i32x4Shl().localSet(t);
  f.localGet(s2).localGet(s0).v128Xor().localSet(s2);
  f.localGet(s3).localGet(s1).v128Xor().localSet(s3);
  f.localGet(s1).localGet(s2).v128Xor().localSet(s1);
  f.localGet(s0).localGet(s3).v128Xor().localSet(s0);
  f.localGet(s2).localGet(t).v128Xor().localSet(s2);
  f.localGet(s3).i32Const(11).i32x4Shl().localGet(s3).i32Const(21).i32x4ShrU().v128Or();
  f.localSet(s3);
}

/**
 * Fills the whole blocks `blk` to `blk + 3` (of `block` pairs each) and
 * stores their end states; branches to `bail` (having stored no state) at
 * a `u` of 0.
 */
export function emitFourBlocks(
  f: CodeBuilder,
  p: FillParams,
  l: PairLocals,
  blk: number,
  block: number,
  bail: Label,
): void {
  const i32 = () => f.local("i32"), v128 = () => f.local("v128");
  const s = [v128(), v128(), v128(), v128()], t = v128(), k5 = v128(), k9 = v128();
  const hi = v128(), lo = v128(), u01 = v128(), u23 = v128(), v01 = v128(), v23 = v128();
  const sa = i32(), k = i32(), at = i32(), c26 = v128(), c53 = v128();
  const ks = (c: number, local: number) => f.i32Const(c).i32x4Splat().localSet(local);
  ks(5, k5), ks(9, k9);
  f.v128ConstF64x2([67108864, 67108864]).localSet(c26);
  f.v128ConstF64x2([2 ** -53, 2 ** -53]).localSet(c53);
  f.localGet(p.states).localGet(blk).i32Const(16).i32Mul().i32Add().localSet(sa);
  s.forEach((sw, w) => {
    for (let j = 0; j < 4; j++) {
      f.localGet(sa).localGet(sw).v128Load32Lane(j, { offset: 16 * j + 4 * w, align: 4 });
      f.localSet(sw);
    }
  });
  f.localGet(p.hits).localGet(blk).i32Const(4).i32Mul().i32Add();
  f.i32Const(-1).i32x4Splat().v128Store({ align: 4 });
  /** Uniforms of the four lanes: (hi 2^26 + lo) 2^-53 as f64x2, lanes 0-1 and 2-3. */
  const uniforms = (zeroCheck: boolean, x01: number, x23: number) => {
    drawLanes(f, s, t, k5, k9);
    f.i32Const(5).i32x4ShrU().localSet(hi);
    drawLanes(f, s, t, k5, k9);
    f.i32Const(6).i32x4ShrU().localSet(lo);
    if (zeroCheck) {
      f.localGet(hi).localGet(lo).v128Or().i32Const(0).i32x4Splat().i32x4Eq().v128AnyTrue();
      f.brIf(bail);
    }
    const high = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
    for (const [x, move] of [[x01, false], [x23, true]] as const) {
      for (const w of [hi, lo]) {
        f.localGet(w);
        if (move) f.localGet(w).i8x16Shuffle(high);
        f.f64x2ConvertLowI32x4U();
        if (w === hi) f.localGet(c26).f64x2Mul();
      }
      f.f64x2Add().localGet(c53).f64x2Mul().localSet(x);
    }
  };
  f.i32Const(0).localSet(k);
  f.loop((top) => {
    uniforms(true, u01, u23);
    uniforms(false, v01, v23);
    f.localGet(p.out).localGet(blk).i32Const(block).i32Mul().localGet(k).i32Add();
    f.i32Const(8).i32Mul().i32Add().localSet(at);
    emitPairValues(f, l, u01, v01);
    f.localSet(t);
    f.localGet(at).localGet(t).v128Store64Lane(0, { align: 4 });
    f.localGet(at).localGet(t).v128Store64Lane(1, { offset: 8 * block, align: 4 });
    emitPairValues(f, l, u23, v23);
    f.localSet(t);
    f.localGet(at).localGet(t).v128Store64Lane(0, { offset: 16 * block, align: 4 });
    f.localGet(at).localGet(t).v128Store64Lane(1, { offset: 24 * block, align: 4 });
    f.localGet(k).i32Const(1).i32Add().localTee(k).i32Const(block).i32LtS().brIf(top);
  });
  s.forEach((sw, w) => {
    for (let j = 0; j < 4; j++) {
      f.localGet(sa).localGet(sw).v128Store32Lane(j, { offset: 16 * j + 4 * w, align: 4 });
    }
  });
}
