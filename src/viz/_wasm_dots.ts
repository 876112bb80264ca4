/**
 * Wasm SIMD emitter of the nearest-neighbour search's dot products: row
 * `i` against rows two at a time, one per f64x2 lane, over a copy of the
 * data with the rows of each pair interleaved (`[r0[0], r1[0], r0[1],
 * r1[1], ...]`, so one v128 load gives both rows' column). Each lane sums
 * in the order `pairsOf` of `_neighbors.ts` does (`dot += ((x0·b0 + x1·b1)
 * + x2·b2) + x3·b3` per four columns, then the remaining columns one by
 * one), so each dot product is the JS one's bits.
 *
 * @module
 */

import { emitKernel, forRange, type WasmKernel } from "../../kernels/wasm/_emit.ts";
import { signature } from "../../kernels/signature.ts";
import { arena } from "../memory/arena.ts";
import { Storage } from "../memory/storage.ts";

/** Byte addresses: the Wasm kernel's parameters (see `kernels/signature.ts`). */
const SIG = signature({ a: "u8*", pairs: "u8*", cols: "int", out: "u8*" });

/**
 * `run(a, pairs, cols, out, start, end)`: for pairs `q` in `[start, end)`,
 * `out[2q + lane] = a · row(2q + lane)`, where `a` is the byte address of
 * the first column of a row inside `pairs` (its columns 16 bytes apart).
 */
export function emitPairDots(): WasmKernel {
  return emitKernel("tsne pair dots", SIG, {}, ({ f, p }) => {
    const q = f.local("i32", "q"), j = f.local("i32", "j"), b = f.local("i32", "b");
    const x = f.local("i32", "x"), tail = f.local("i32", "tail");
    const acc = f.local("v128", "acc");
    f.localGet(p.cols).i32Const(-4).i32And().localSet(tail);
    forRange(f, q, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      // b = pairs + 16·cols·q, x = a: both step 16 bytes a column.
      f.localGet(p.pairs).localGet(q).localGet(p.cols).i32Mul().i32Const(16).i32Mul().i32Add();
      f.localSet(b);
      f.localGet(p.a).localSet(x);
      f.v128ConstF64x2([0, 0]).localSet(acc);
      const term = (k: number) => {
        f.localGet(x).v128Load64Splat({ offset: 16 * k, align: 8 });
        f.localGet(b).v128Load({ offset: 16 * k, align: 8 }).f64x2Mul();
      };
      forRange(f, j, () => f.i32Const(0), () => f.localGet(tail), () => {
        f.localGet(acc);
        term(0);
        for (let k = 1; k < 4; k++) {
          term(k);
          f.f64x2Add();
        }
        f.f64x2Add().localSet(acc);
        f.localGet(x).i32Const(64).i32Add().localSet(x);
        f.localGet(b).i32Const(64).i32Add().localSet(b);
        f.localGet(j).i32Const(3).i32Add().localSet(j); // forRange adds the fourth
      });
      forRange(f, j, () => f.localGet(tail), () => f.localGet(p.cols), () => {
        f.localGet(acc);
        term(0);
        f.f64x2Add().localSet(acc);
        f.localGet(x).i32Const(16).i32Add().localSet(x);
        f.localGet(b).i32Const(16).i32Add().localSet(b);
      });
      f.localGet(p.out).localGet(q).i32Const(16).i32Mul().i32Add().localGet(acc);
      f.v128Store({ align: 8 });
    });
  });
}

/** The four-row kernel's parameters: `stride` is the bytes between two rows' outputs. */
const QUAD_SIG = signature({ a: "u8*", pairs: "u8*", cols: "int", out: "u8*", stride: "int" });

/**
 * `run(a, pairs, cols, out, stride, start, end)`: the dot products of four
 * rows (the pair at `a`, `i` and `i + 1`, and the next pair, `i + 2` and
 * `i + 3`) with the rows of pairs `q` in `[start, end)`: row `i + t`'s at
 * `out + t·stride`, `[2q + lane]`. Each pair's columns are loaded once for
 * the four rows (a quarter of the one-row kernel's traffic); each dot
 * product sums as the one-row kernel's does, so the same bits.
 */
export function emitQuadDots(): WasmKernel {
  return emitKernel("tsne quad dots", QUAD_SIG, {}, ({ f, p }) => {
    const q = f.local("i32", "q"), j = f.local("i32", "j"), b = f.local("i32", "b");
    const x = f.local("i32", "x"), y = f.local("i32", "y"), tail = f.local("i32", "tail");
    const acc = [0, 1, 2, 3].map((t) => f.local("v128", `acc${t}`));
    const col = [0, 1, 2, 3].map((k) => f.local("v128", `col${k}`));
    f.localGet(p.cols).i32Const(-4).i32And().localSet(tail);
    /** Row t's column k times the pair's (in `col[c]`). */
    const term = (t: number, k: number, c: number) => {
      f.localGet(t < 2 ? x : y).v128Load64Splat({ offset: 16 * k + 8 * (t & 1), align: 8 });
      f.localGet(col[c]).f64x2Mul();
    };
    const step = (bytes: number) => {
      for (const v of [x, y, b]) f.localGet(v).i32Const(bytes).i32Add().localSet(v);
    };
    forRange(f, q, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      f.localGet(p.pairs).localGet(q).localGet(p.cols).i32Mul().i32Const(16).i32Mul().i32Add();
      f.localSet(b);
      f.localGet(p.a).localTee(x).localGet(p.cols).i32Const(16).i32Mul().i32Add().localSet(y);
      for (const a of acc) f.v128ConstF64x2([0, 0]).localSet(a);
      forRange(f, j, () => f.i32Const(0), () => f.localGet(tail), () => {
        for (let k = 0; k < 4; k++) {
          f.localGet(b).v128Load({ offset: 16 * k, align: 8 }).localSet(col[k]);
        }
        for (let t = 0; t < 4; t++) {
          f.localGet(acc[t]);
          term(t, 0, 0);
          for (let k = 1; k < 4; k++) {
            term(t, k, k);
            f.f64x2Add();
          }
          f.f64x2Add().localSet(acc[t]);
        }
        step(64);
        f.localGet(j).i32Const(3).i32Add().localSet(j); // forRange adds the fourth
      });
      forRange(f, j, () => f.localGet(tail), () => f.localGet(p.cols), () => {
        f.localGet(b).v128Load({ align: 8 }).localSet(col[0]);
        for (let t = 0; t < 4; t++) {
          f.localGet(acc[t]);
          term(t, 0, 0);
          f.f64x2Add().localSet(acc[t]);
        }
        step(16);
      });
      for (let t = 0; t < 4; t++) {
        f.localGet(p.out).localGet(p.stride).i32Const(t).i32Mul().i32Add();
        f.localGet(q).i32Const(16).i32Mul().i32Add().localGet(acc[t]).v128Store({ align: 8 });
      }
    });
  });
}

let bytes: Uint8Array | undefined;
let module: WebAssembly.Module | undefined;

let quadBytes: Uint8Array | undefined;

/** The one-row kernel's module bytes, emitted once per process. */
export function pairDotsBytes(): Uint8Array {
  return bytes ??= emitPairDots().bytes;
}

/** The four-row kernel's module bytes, emitted once per process. */
export function quadDotsBytes(): Uint8Array {
  return quadBytes ??= emitQuadDots().bytes;
}

/**
 * Copies `data` (`rows × cols`, row-major) into `out` (`2·cols·⌈rows / 2⌉`)
 * with the rows interleaved in pairs (an odd last row beside zeros).
 */
export function interleavePairs(
  data: Float64Array,
  rows: number,
  cols: number,
  out: Float64Array,
): void {
  out.fill(0);
  for (let r = 0; r < rows; r++) {
    const base = (r >> 1) * 2 * cols + (r & 1);
    for (let j = 0; j < cols; j++) out[base + 2 * j] = data[r * cols + j];
  }
}

/** The dot products of one row against the rows after it, on the Wasm kernel. */
export class PairDots {
  readonly #storage: Storage;
  readonly #run: (...args: number[]) => number;
  readonly #cols: number;
  readonly #rows: number;
  /** `out[r]`: the dot product with row r (rows after the last `row()`'s argument). */
  readonly out: Float64Array;

  /** Copies `data` (`rows × cols`, row-major) into the arena, rows interleaved in pairs. */
  constructor(data: Float64Array, rows: number, cols: number) {
    const pairs = Math.ceil(rows / 2), bytes = 16 * cols * pairs;
    this.#storage = Storage.alloc(bytes + 16 * pairs, "tsne()");
    const buffer = arena().memory.buffer, ptr = this.#storage.ptr;
    interleavePairs(data, rows, cols, new Float64Array(buffer, ptr, 2 * cols * pairs));
    this.out = new Float64Array(buffer, ptr + bytes, 2 * pairs);
    module ??= new WebAssembly.Module(pairDotsBytes() as BufferSource);
    const memory = arena().memory;
    this.#run = new WebAssembly.Instance(module, { env: { memory } }).exports.run as (
      ...args: number[]
    ) => number;
    this.#cols = cols;
    this.#rows = rows;
  }

  /** Fills `out[r]` for the rows `r > i` (and possibly `i` itself). */
  row(i: number): void {
    const ptr = this.#storage.ptr, cols = this.#cols;
    const a = ptr + 16 * cols * (i >> 1) + 8 * (i & 1);
    this.#run(a, ptr, cols, this.out.byteOffset, (i + 1) >> 1, Math.ceil(this.#rows / 2));
  }

  /** Returns the copy to the arena. */
  dispose(): void {
    this.#storage.dispose();
  }
}
