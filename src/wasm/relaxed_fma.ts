/**
 * Runtime detection of a fused `f32x4.relaxed_madd` (WebAssembly relaxed
 * SIMD). The instruction computes `a * b + c` rounded once (fused) or twice,
 * as the engine chooses for the hardware: V8 (Deno) fuses it on x86-64 CPUs
 * with FMA3; Bun 1.4 (JavaScriptCore) validates it but rounds twice; Node 20
 * validates it only with `--experimental-wasm-relaxed-simd`. Kernels use it
 * only where it is fused, so that the JS reference can compute the same bits
 * (`fmaF32` in `kernels/_fma.ts`); elsewhere they keep `mul` and `add`.
 *
 * @module
 */

import { ModuleBuilder } from "./module_builder.ts";

/** `a * b + c` of float32 values through `f32x4.relaxed_madd` (lane 0). */
export type Madd = (a: number, b: number, c: number) => number;

let madd: Madd | null | undefined;
let fused: boolean | undefined;

/** The probe module's bytes: `madd(a, b, c)` = lane 0 of `relaxed_madd(splat a, splat b, splat c)`. */
function probeBytes(): Uint8Array {
  const mb = new ModuleBuilder();
  const f = mb.addFunction("madd", { params: ["f32", "f32", "f32"], results: ["f32"] });
  f.localGet(0).f32x4Splat().localGet(1).f32x4Splat().localGet(2).f32x4Splat();
  f.f32x4RelaxedMadd().f32x4ExtractLane(0);
  mb.exportFunction("madd", f);
  return mb.toBytes();
}

/**
 * `relaxed_madd` of this engine as a function of three float32 values, or
 * `undefined` where relaxed SIMD does not validate (Node 20 without
 * `--experimental-wasm-relaxed-simd`, engines without SIMD).
 */
export function relaxedMadd(): Madd | undefined {
  if (madd === undefined) {
    madd = null;
    try {
      const bytes = probeBytes();
      if (typeof WebAssembly === "object" && WebAssembly.validate(bytes as BufferSource)) {
        const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource));
        madd = instance.exports.madd as Madd;
      }
    } catch {
      madd = null;
    }
  }
  return madd ?? undefined;
}

/**
 * Reports whether this engine's `f32x4.relaxed_madd` validates and is fused:
 * with `a = 1 + 2⁻¹²`, `a * a - (1 + 2⁻¹¹)` is `2⁻²⁴` rounded once and 0
 * rounded twice (`a * a` rounds to `1 + 2⁻¹¹`); and the same holds for the
 * sign-flipped case, so neither a `mul + add` nor a mix passes. Computed once
 * per thread; Workers get kernels emitted (and specs chosen) on the main
 * thread, so they never need their own answer.
 *
 * @returns `true` where kernels may use `relaxed_madd` as an exact fused multiply-add.
 *
 * @example
 * ```ts
 * import { relaxedFmaFused } from "./relaxed_fma.ts";
 * console.log(relaxedFmaFused()); // true on Deno with FMA hardware
 * ```
 */
export function relaxedFmaFused(): boolean {
  if (fused === undefined) {
    const m = relaxedMadd();
    const a = 1 + 2 ** -12, c = -(1 + 2 ** -11);
    fused = m !== undefined && m(a, a, c) === 2 ** -24 && m(-a, a, -c) === -(2 ** -24);
  }
  return fused;
}
