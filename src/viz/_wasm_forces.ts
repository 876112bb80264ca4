/**
 * Wasm SIMD emitter of t-SNE's 2-D Barnes-Hut attraction (the repulsion's is
 * `_wasm_repulsion.ts`), and a helper of both, emitted with the kernels'
 * module frame (`emitKernel`: the shared arena imported as `env.memory`, one
 * exported `run(args..., start, end)`). It computes what `attractionPlanar`
 * of `_planar_forces.ts` computes, in float32 with the same operations in
 * the same order, so the same bits: a row's entries four at a time, one
 * per f32x4 lane.
 *
 * @module
 */

import { emitKernel, forRange, type WasmKernel } from "../../kernels/wasm/_emit.ts";
import { signature } from "../../kernels/signature.ts";
import type { CodeBuilder } from "../wasm/code_builder.ts";

/** Pushes the byte address `base + i * 8`. */
export function at8(f: CodeBuilder, base: number, i: number): CodeBuilder {
  return f.localGet(base).localGet(i).i32Const(8).i32Mul().i32Add();
}

/** Pushes the byte address `base + i * 4`. */
export function at4(f: CodeBuilder, base: number, i: number): CodeBuilder {
  return f.localGet(base).localGet(i).i32Const(4).i32Mul().i32Add();
}

/** Lanes 2, 3, 0, 1 of an f32x4. */
const SWAP_HALVES = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];

/** Lanes 0 and 2 (`x`) and lanes 1 and 3 (`y`) of two f32x4 holding two `(x, y)` pairs each. */
const EVENS = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];
const ODDS = EVENS.map((b) => b + 4);

/** The attraction kernel's parameters (see `kernels/signature.ts`): f32 `values` and positions. */
const SIG = signature({
  indptr: "i32*",
  indices: "i32*",
  values: "u8*",
  xy: "u8*",
  ax: "u8*",
  ay: "u8*",
});

/**
 * `run(indptr, indices, values, xy, ax, ay, start, end)`: attractive
 * forces `Σⱼ pᵢⱼ·qᵢⱼ·(yᵢ − yⱼ)` of points `[start, end)` over the sparse P
 * in rows padded to a multiple of 4 entries (CSR, i32 `indptr` and
 * `indices`, f32 `values`; a padding entry is the point itself with a zero
 * P, adding +0) with float32 positions (`xy` pairs), into f64 `ax`, `ay`.
 * Entry e of a row goes to lane e mod 4. Returns 0.
 */
export function emitAttraction(): WasmKernel {
  return emitKernel("tsne_attraction 2-D f32 dof=1", SIG, {}, ({ f, p }) => {
    const i32 = (name: string) => f.local("i32", name),
      v128 = (name: string) => f.local("v128", name);
    const i = i32("i"), e = i32("e"), stop = i32("stop"), at = i32("at");
    const j = [0, 1, 2, 3].map((l) => i32(`j${l}`));
    const xs = v128("xs"), ys = v128("ys"), dx = v128("dx"), dy = v128("dy"), m = v128("m");
    const fx = v128("fx"), fy = v128("fy"), ones = v128("ones");
    // In a local: V8 builds a v128 constant afresh at each use (3-4 instructions).
    f.v128ConstF32x4([1, 1, 1, 1]).localSet(ones);
    forRange(f, i, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      at8(f, p.xy, i).localTee(at).v128Load32Splat({ align: 4 }).localSet(xs);
      f.localGet(at).v128Load32Splat({ offset: 4, align: 4 }).localSet(ys);
      f.v128ConstF32x4([0, 0, 0, 0]).localTee(fx).localSet(fy);
      at4(f, p.indptr, i).localTee(e).i32Load({ offset: 4, align: 4 }).localSet(stop);
      f.localGet(e).i32Load({ align: 4 }).localSet(e);
      f.block((done) =>
        f.loop((quads) => {
          f.localGet(e).localGet(stop).i32GeS().brIf(done);
          at4(f, p.indices, e).localSet(at);
          for (let l = 0; l < 4; l++) {
            f.localGet(at).i32Load({ offset: 4 * l, align: 4 }).localSet(j[l]);
          }
          // The (x, y) pairs of lanes 0 and 1 in dx, of lanes 2 and 3 in dy; then their x and y.
          for (const [out, l] of [[dx, 0], [dy, 2]]) {
            at8(f, p.xy, j[l]).v128Load64Zero({ align: 4 }).localSet(out);
            at8(f, p.xy, j[l + 1]).localGet(out).v128Load64Lane(1, { align: 4 }).localSet(out);
          }
          f.localGet(xs).localGet(dx).localGet(dy).i8x16Shuffle(EVENS).f32x4Sub();
          f.localGet(ys).localGet(dx).localGet(dy).i8x16Shuffle(ODDS).f32x4Sub();
          f.localSet(dy).localSet(dx);
          // q = 1 / ((1 + dx²) + dy²); m = p·q (+0 in a padding entry).
          f.localGet(ones).localGet(ones).localGet(dx).localGet(dx);
          f.f32x4Mul().f32x4Add().localGet(dy).localGet(dy).f32x4Mul().f32x4Add().f32x4Div();
          at4(f, p.values, e).v128Load({ align: 4 }).f32x4Mul().localSet(m);
          f.localGet(fx).localGet(m).localGet(dx).f32x4Mul().f32x4Add().localSet(fx);
          f.localGet(fy).localGet(m).localGet(dy).f32x4Mul().f32x4Add().localSet(fy);
          f.localGet(e).i32Const(4).i32Add().localSet(e).br(quads);
        })
      );
      // (s0 + s2) + (s1 + s3), stored as f64.
      for (const [out, acc] of [[p.ax, fx], [p.ay, fy]]) {
        at8(f, out, i);
        f.localGet(acc).localGet(acc).localGet(acc).i8x16Shuffle(SWAP_HALVES).f32x4Add().localTee(
          m,
        );
        f.f32x4ExtractLane(0).localGet(m).f32x4ExtractLane(1).f32Add().f64PromoteF32();
        f.f64Store({ align: 8 });
      }
    });
  });
}
