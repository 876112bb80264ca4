/**
 * SIMD128 shape conversions (0xFD prefix): i16-to-i32 widening, float/int
 * conversions, and f32x4 <-> f64x2 demote/promote. One layer of
 * `CodeBuilder`.
 *
 * @module
 */

import { SimdFloatOps } from "./_simd_float_ops.ts";

/** SIMD conversion instructions; see `CodeBuilder`. */
export class SimdConversionOps extends SimdFloatOps {
  /** `i32x4.extend_low_i16x8_s`: sign-extends i16 lanes 0..3 to i32. */
  i32x4ExtendLowI16x8S(): this {
    return this.prefixed(0xfd, 0xa7, "i32x4.extend_low_i16x8_s");
  }
  /** `i32x4.extend_high_i16x8_s`: sign-extends i16 lanes 4..7 to i32. */
  i32x4ExtendHighI16x8S(): this {
    return this.prefixed(0xfd, 0xa8, "i32x4.extend_high_i16x8_s");
  }
  /** `i32x4.extend_low_i16x8_u`: zero-extends i16 lanes 0..3 to i32. */
  i32x4ExtendLowI16x8U(): this {
    return this.prefixed(0xfd, 0xa9, "i32x4.extend_low_i16x8_u");
  }
  /** `i32x4.extend_high_i16x8_u`: zero-extends i16 lanes 4..7 to i32. */
  i32x4ExtendHighI16x8U(): this {
    return this.prefixed(0xfd, 0xaa, "i32x4.extend_high_i16x8_u");
  }
  /** `i32x4.trunc_sat_f32x4_s`: f32 lanes to signed i32, toward zero, saturating; NaN gives 0. */
  i32x4TruncSatF32x4S(): this {
    return this.prefixed(0xfd, 0xf8, "i32x4.trunc_sat_f32x4_s");
  }
  /** `i32x4.trunc_sat_f32x4_u`: f32 lanes to unsigned i32, toward zero, saturating; NaN gives 0. */
  i32x4TruncSatF32x4U(): this {
    return this.prefixed(0xfd, 0xf9, "i32x4.trunc_sat_f32x4_u");
  }
  /** `i32x4.trunc_sat_f64x2_s_zero`: f64 lanes to signed i32 lanes 0..1, saturating; lanes 2..3 are 0. */
  i32x4TruncSatF64x2SZero(): this {
    return this.prefixed(0xfd, 0xfc, "i32x4.trunc_sat_f64x2_s_zero");
  }
  /** `i32x4.trunc_sat_f64x2_u_zero`: f64 lanes to unsigned i32 lanes 0..1, saturating; lanes 2..3 are 0. */
  i32x4TruncSatF64x2UZero(): this {
    return this.prefixed(0xfd, 0xfd, "i32x4.trunc_sat_f64x2_u_zero");
  }
  /** `f32x4.convert_i32x4_s`: signed i32 lanes to nearest f32. */
  f32x4ConvertI32x4S(): this {
    return this.prefixed(0xfd, 0xfa, "f32x4.convert_i32x4_s");
  }
  /** `f32x4.convert_i32x4_u`: unsigned i32 lanes to nearest f32. */
  f32x4ConvertI32x4U(): this {
    return this.prefixed(0xfd, 0xfb, "f32x4.convert_i32x4_u");
  }
  /** `f32x4.demote_f64x2_zero`: f64 lanes to f32 lanes 0..1; lanes 2..3 are 0. */
  f32x4DemoteF64x2Zero(): this {
    return this.prefixed(0xfd, 0x5e, "f32x4.demote_f64x2_zero");
  }
  /** `f64x2.promote_low_f32x4`: f32 lanes 0..1 to f64 (exact). */
  f64x2PromoteLowF32x4(): this {
    return this.prefixed(0xfd, 0x5f, "f64x2.promote_low_f32x4");
  }
  /** `f64x2.convert_low_i32x4_s`: signed i32 lanes 0..1 to f64 (exact). */
  f64x2ConvertLowI32x4S(): this {
    return this.prefixed(0xfd, 0xfe, "f64x2.convert_low_i32x4_s");
  }
  /** `f64x2.convert_low_i32x4_u`: unsigned i32 lanes 0..1 to f64 (exact). */
  f64x2ConvertLowI32x4U(): this {
    return this.prefixed(0xfd, 0xff, "f64x2.convert_low_i32x4_u");
  }
}
