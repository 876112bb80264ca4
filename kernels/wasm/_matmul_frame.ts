/**
 * Shared pieces of the Wasm `matmul` emitters (kernels/wasm/matmul.ts): the
 * locals every tile uses, `while` loops, pools of reusable locals, the
 * start and store of a tile's accumulators between passes over `k`
 * (kernels/wasm/_matmul_out.ts emits the loads and stores of outputs), and
 * the 4-way reduction of lane sums.
 *
 * @module
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import type { matmul, MatmulSpec } from "../matmul.ts";
import type { ParamLocals } from "./_emit.ts";

/** Register tiling of the emitted kernel (benchmarks override it through the spec). */
export interface MatmulTiling {
  /** Rows of a tile, `transA` and `transB` false. */
  readonly rows: number;
  /** Rows of a tile, `transA` true and `transB` false (a step's factors of `A` from one load take a register more). */
  readonly tRows: number;
  /** v128 columns of a tile, `transB` false. */
  readonly vecs: number;
  /** Steps of `k` unrolled, `transB` false, or `transA` and `transB`. */
  readonly unroll: number;
  /** Rows and columns of a tile, `transB` true and `transA` false (narrower tiles: 4, 1 columns). */
  readonly dotRows: number;
  readonly dotCols: number;
  /** Vector steps (4 `k` each) unrolled, `transB` true and `transA` false. */
  readonly dotUnroll: number;
  /**
   * `k` per pass over the launch's rows (0: all), except for `transB` true
   * and `transA` false: later passes add to the float32 partial sums in `C`,
   * which keeps the order (the B rows of one pass stay in cache).
   */
  readonly kBlock: number;
  /**
   * Rows of the launch per block (0: all), rounded up to whole tiles of
   * the layout's tallest height: each column strip of `B` is
   * swept by every row tile of a block before the next strip, so the strip
   * stays in L1 and the block's rows of `A` in L2.
   */
  readonly mBlock: number;
}

/** The tiling in use, measured with `deno task bench:matmul`. */
export const MATMUL_TILING: MatmulTiling = {
  rows: 6,
  tRows: 5,
  vecs: 2,
  unroll: 4,
  dotRows: 2,
  dotCols: 6,
  dotUnroll: 4,
  kBlock: 128,
  mBlock: 60,
};

/** The spec an emitter gets: flags, and optionally a tiling to measure. */
export type MatmulEmitSpec = MatmulSpec & Partial<MatmulTiling>;

/** What the tile emitters share: the builder, params, spec, tiling and the frame's locals. */
export interface MatmulFrame {
  readonly f: CodeBuilder;
  readonly p: ParamLocals<typeof matmul.sig>;
  readonly s: MatmulSpec;
  readonly t: MatmulTiling;
  /** Byte address of `op(A)[i, 0]`, of matrix `b` of `B`, and of `C[u, 0]`. */
  readonly pa: number;
  readonly pb: number;
  readonly pc: number;
  /** Current column and `k`; the pass's range of `k`. */
  readonly j: number;
  readonly k: number;
  readonly k0: number;
  readonly k1: number;
  /** Whether the kernel makes passes over `k` (`k0`, `k1` less than all of it). */
  readonly passes: boolean;
  /** Row strides in bytes of the stored `A`, `B` and of `C`. */
  readonly lda4: number;
  readonly ldb4: number;
  readonly n4: number;
  /** Scratch i32 local (epilogue row address). */
  readonly tmp: number;
  /** The `mask` pointer's parameter local (with `s.mask`). */
  readonly mask: number;
  /** Pools of locals by type: `v128(n)` gives the first `n` v128 locals. */
  readonly v128: (n: number) => number[];
  readonly i32: (n: number) => number[];
  readonly f32: (n: number) => number[];
}

/** v128 values V8 keeps in registers on x86-64 (16 xmm, one its scratch). */
export const V128_REGISTERS = 15;

/** The tiles of one column width, widest first: `tile(R)` emits `R` rows × `width` columns at `j`. */
export type Tiles = readonly { readonly width: number; readonly tile: (R: number) => void }[];

/** A pool of locals of one type, grown on demand and reused by every tile. */
export function pool(
  f: CodeBuilder,
  type: "i32" | "f32" | "v128",
  name: string,
): (n: number) => number[] {
  const locals: number[] = [];
  return (n: number): number[] => {
    while (locals.length < n) locals.push(f.local(type, `${name}${locals.length}`));
    return locals.slice(0, n);
  };
}

/** `while (cond()) body()`: `cond` pushes an i32. */
export function loopWhile(f: CodeBuilder, cond: () => void, body: () => void): void {
  f.block((done) => {
    f.loop((top) => {
      cond();
      f.i32Eqz().brIf(done);
      body();
      f.br(top);
    });
  });
}

/** `local += value` (i32). */
export function bump(f: CodeBuilder, local: number, value: () => void): void {
  f.localGet(local);
  value();
  f.i32Add().localSet(local);
}

/** `local += n` (i32 constant). */
export function bumpBy(f: CodeBuilder, local: number, n: number): void {
  f.localGet(local).i32Const(n).i32Add().localSet(local);
}

/** Sets `x` to a v128 of zeros. */
export function zero(f: CodeBuilder, x: number): void {
  f.v128Const(new Uint8Array(16)).localSet(x);
}

/** Pushes an i8x16 shuffle of f32 lanes (0..3 from the first operand, 4..7 from the second). */
export function shuffle32(f: CodeBuilder, lanes: readonly number[]): void {
  f.i8x16Shuffle(lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]));
}

/** `out` lane `n` = the lanes of accumulator `x[n]` reduced as `(l0 + l2) + (l1 + l3)`; `h0`, `h1` are temporaries. */
export function reduce4(m: MatmulFrame, x: number[], out: number, h0: number, h1: number): void {
  const { f } = m;
  const pairs = [[x[0], x[1], h0], [x[2], x[3], h1]];
  for (const [a, b, h] of pairs) {
    f.localGet(a).localGet(b);
    shuffle32(f, [0, 1, 4, 5]);
    f.localGet(a).localGet(b);
    shuffle32(f, [2, 3, 6, 7]);
    f.f32x4Add().localSet(h);
  }
  f.localGet(h0).localGet(h1);
  shuffle32(f, [0, 2, 4, 6]);
  f.localGet(h0).localGet(h1);
  shuffle32(f, [1, 3, 5, 7]);
  f.f32x4Add().localSet(out);
}

/**
 * `acc = acc + a * b` (`mul`, then `add`), or with `spec.fma` the fused
 * `acc = fma(a, b, acc)` (`f32x4.relaxed_madd`; an f32 `acc` goes through
 * lane 0, as Wasm has no scalar fused multiply-add). `a` and `b` push the
 * factors: v128, or f32 when not `vector`.
 */
export function madd(
  m: MatmulFrame,
  acc: number,
  a: () => void,
  b: () => void,
  vector = true,
): void {
  const { f } = m;
  if (!m.s.fma) {
    f.localGet(acc);
    a();
    b();
    if (vector) f.f32x4Mul().f32x4Add();
    else f.f32Mul().f32Add();
  } else if (vector) {
    a();
    b();
    f.localGet(acc).f32x4RelaxedMadd();
  } else {
    a();
    f.f32x4Splat();
    b();
    f.f32x4Splat().localGet(acc).f32x4Splat().f32x4RelaxedMadd().f32x4ExtractLane(0);
  }
  f.localSet(acc);
}

/** Starts the accumulators at zero in the first pass over `k`, else at the partial sums in `C`. */
export function init(m: MatmulFrame, zeros: () => void, partial: () => void): void {
  if (!m.passes) return zeros();
  m.f.localGet(m.k0).i32Eqz().if(zeros, partial);
}

/** Stores the accumulators: with the epilogue after the last pass over `k`. */
export function store(m: MatmulFrame, emit: (epilogue: boolean) => void): void {
  if (!m.passes || (!m.s.bias && !m.s.relu && !m.s.mask)) return emit(true);
  m.f.localGet(m.k1).localGet(m.p.K).i32Eq().if(() => emit(true), () => emit(false));
}
