/**
 * SIMD128 f32x4 and f64x2 arithmetic and comparisons (0xFD prefix). One
 * layer of `CodeBuilder`; `a`, `b` name the second-from-top and top vectors.
 * `min`/`max` propagate NaN like the scalar ops; `pmin`/`pmax` are the cheap
 * "pseudo" forms that return `a` when a comparison involves NaN.
 *
 * @module
 */

import { SimdIntOps } from "./_simd_int_ops.ts";

/** f32x4 and f64x2 instructions; see `CodeBuilder`. */
export class SimdFloatOps extends SimdIntOps {
  /** `f32x4.eq`: lane-wise `a == b`: all ones if true, else 0 (false for NaN). */
  f32x4Eq(): this {
    return this.prefixed(0xfd, 0x41, "f32x4.eq");
  }
  /** `f32x4.ne`: lane-wise `a != b`: all ones or 0 (true for NaN). */
  f32x4Ne(): this {
    return this.prefixed(0xfd, 0x42, "f32x4.ne");
  }
  /** `f32x4.lt`: lane-wise `a < b`: all ones or 0. */
  f32x4Lt(): this {
    return this.prefixed(0xfd, 0x43, "f32x4.lt");
  }
  /** `f32x4.gt`: lane-wise `a > b`: all ones or 0. */
  f32x4Gt(): this {
    return this.prefixed(0xfd, 0x44, "f32x4.gt");
  }
  /** `f32x4.le`: lane-wise `a <= b`: all ones or 0. */
  f32x4Le(): this {
    return this.prefixed(0xfd, 0x45, "f32x4.le");
  }
  /** `f32x4.ge`: lane-wise `a >= b`: all ones or 0. */
  f32x4Ge(): this {
    return this.prefixed(0xfd, 0x46, "f32x4.ge");
  }
  /** `f32x4.ceil`: lane-wise round up. */
  f32x4Ceil(): this {
    return this.prefixed(0xfd, 0x67, "f32x4.ceil");
  }
  /** `f32x4.floor`: lane-wise round down. */
  f32x4Floor(): this {
    return this.prefixed(0xfd, 0x68, "f32x4.floor");
  }
  /** `f32x4.trunc`: lane-wise round toward zero. */
  f32x4Trunc(): this {
    return this.prefixed(0xfd, 0x69, "f32x4.trunc");
  }
  /** `f32x4.nearest`: lane-wise round to nearest, ties to even. */
  f32x4Nearest(): this {
    return this.prefixed(0xfd, 0x6a, "f32x4.nearest");
  }
  /** `f32x4.abs`: lane-wise `|a|`. */
  f32x4Abs(): this {
    return this.prefixed(0xfd, 0xe0, "f32x4.abs");
  }
  /** `f32x4.neg`: lane-wise `-a`. */
  f32x4Neg(): this {
    return this.prefixed(0xfd, 0xe1, "f32x4.neg");
  }
  /** `f32x4.sqrt`: lane-wise square root. */
  f32x4Sqrt(): this {
    return this.prefixed(0xfd, 0xe3, "f32x4.sqrt");
  }
  /** `f32x4.add`: lane-wise `a + b`. */
  f32x4Add(): this {
    return this.prefixed(0xfd, 0xe4, "f32x4.add");
  }
  /** `f32x4.sub`: lane-wise `a - b`. */
  f32x4Sub(): this {
    return this.prefixed(0xfd, 0xe5, "f32x4.sub");
  }
  /** `f32x4.mul`: lane-wise `a * b`. */
  f32x4Mul(): this {
    return this.prefixed(0xfd, 0xe6, "f32x4.mul");
  }
  /**
   * `f32x4.relaxed_madd` (relaxed SIMD, stack `a b c`): lane-wise `a * b + c`,
   * rounded once (fused) or twice, as the engine chooses for this hardware.
   * Only valid where the runtime has relaxed SIMD (see `src/wasm/relaxed_fma.ts`).
   */
  f32x4RelaxedMadd(): this {
    return this.prefixed(0xfd, 0x105, "f32x4.relaxed_madd");
  }
  /** `f32x4.div`: lane-wise `a / b`. */
  f32x4Div(): this {
    return this.prefixed(0xfd, 0xe7, "f32x4.div");
  }
  /** `f32x4.min`: lane-wise minimum; NaN if either is NaN, -0 < +0. */
  f32x4Min(): this {
    return this.prefixed(0xfd, 0xe8, "f32x4.min");
  }
  /** `f32x4.max`: lane-wise maximum; NaN if either is NaN, -0 < +0. */
  f32x4Max(): this {
    return this.prefixed(0xfd, 0xe9, "f32x4.max");
  }
  /** `f32x4.pmin`: lane-wise pseudo-minimum `b < a ? b : a` (like C `fmin` without NaN handling). */
  f32x4Pmin(): this {
    return this.prefixed(0xfd, 0xea, "f32x4.pmin");
  }
  /** `f32x4.pmax`: lane-wise pseudo-maximum `a < b ? b : a`. */
  f32x4Pmax(): this {
    return this.prefixed(0xfd, 0xeb, "f32x4.pmax");
  }
  /** `f64x2.eq`: lane-wise `a == b`: all ones if true, else 0 (false for NaN). */
  f64x2Eq(): this {
    return this.prefixed(0xfd, 0x47, "f64x2.eq");
  }
  /** `f64x2.ne`: lane-wise `a != b`: all ones or 0 (true for NaN). */
  f64x2Ne(): this {
    return this.prefixed(0xfd, 0x48, "f64x2.ne");
  }
  /** `f64x2.lt`: lane-wise `a < b`: all ones or 0. */
  f64x2Lt(): this {
    return this.prefixed(0xfd, 0x49, "f64x2.lt");
  }
  /** `f64x2.gt`: lane-wise `a > b`: all ones or 0. */
  f64x2Gt(): this {
    return this.prefixed(0xfd, 0x4a, "f64x2.gt");
  }
  /** `f64x2.le`: lane-wise `a <= b`: all ones or 0. */
  f64x2Le(): this {
    return this.prefixed(0xfd, 0x4b, "f64x2.le");
  }
  /** `f64x2.ge`: lane-wise `a >= b`: all ones or 0. */
  f64x2Ge(): this {
    return this.prefixed(0xfd, 0x4c, "f64x2.ge");
  }
  /** `f64x2.ceil`: lane-wise round up. */
  f64x2Ceil(): this {
    return this.prefixed(0xfd, 0x74, "f64x2.ceil");
  }
  /** `f64x2.floor`: lane-wise round down. */
  f64x2Floor(): this {
    return this.prefixed(0xfd, 0x75, "f64x2.floor");
  }
  /** `f64x2.trunc`: lane-wise round toward zero. */
  f64x2Trunc(): this {
    return this.prefixed(0xfd, 0x7a, "f64x2.trunc");
  }
  /** `f64x2.nearest`: lane-wise round to nearest, ties to even. */
  f64x2Nearest(): this {
    return this.prefixed(0xfd, 0x94, "f64x2.nearest");
  }
  /** `f64x2.abs`: lane-wise `|a|`. */
  f64x2Abs(): this {
    return this.prefixed(0xfd, 0xec, "f64x2.abs");
  }
  /** `f64x2.neg`: lane-wise `-a`. */
  f64x2Neg(): this {
    return this.prefixed(0xfd, 0xed, "f64x2.neg");
  }
  /** `f64x2.sqrt`: lane-wise square root. */
  f64x2Sqrt(): this {
    return this.prefixed(0xfd, 0xef, "f64x2.sqrt");
  }
  /** `f64x2.add`: lane-wise `a + b`. */
  f64x2Add(): this {
    return this.prefixed(0xfd, 0xf0, "f64x2.add");
  }
  /** `f64x2.sub`: lane-wise `a - b`. */
  f64x2Sub(): this {
    return this.prefixed(0xfd, 0xf1, "f64x2.sub");
  }
  /** `f64x2.mul`: lane-wise `a * b`. */
  f64x2Mul(): this {
    return this.prefixed(0xfd, 0xf2, "f64x2.mul");
  }
  /** `f64x2.div`: lane-wise `a / b`. */
  f64x2Div(): this {
    return this.prefixed(0xfd, 0xf3, "f64x2.div");
  }
  /** `f64x2.min`: lane-wise minimum; NaN if either is NaN, -0 < +0. */
  f64x2Min(): this {
    return this.prefixed(0xfd, 0xf4, "f64x2.min");
  }
  /** `f64x2.max`: lane-wise maximum; NaN if either is NaN, -0 < +0. */
  f64x2Max(): this {
    return this.prefixed(0xfd, 0xf5, "f64x2.max");
  }
  /** `f64x2.pmin`: lane-wise pseudo-minimum `b < a ? b : a` (like C `fmin` without NaN handling). */
  f64x2Pmin(): this {
    return this.prefixed(0xfd, 0xf6, "f64x2.pmin");
  }
  /** `f64x2.pmax`: lane-wise pseudo-maximum `a < b ? b : a`. */
  f64x2Pmax(): this {
    return this.prefixed(0xfd, 0xf7, "f64x2.pmax");
  }
}
