/**
 * Scalar conversions: wrap/extend, float-to-int truncation (trapping and
 * saturating), int-to-float conversion, demote/promote, reinterpretation and
 * sign extension. One layer of `CodeBuilder`.
 *
 * @module
 */

import { FloatOps } from "./_float_ops.ts";

/** Scalar conversion instructions; see `CodeBuilder`. */
export class ConversionOps extends FloatOps {
  /** `i32.wrap_i64`: low 32 bits of an i64. */
  i32WrapI64(): this {
    return this.op(0xa7, "i32.wrap_i64");
  }
  /** `i32.trunc_f32_s`: f32 to signed i32, toward zero; traps on NaN or overflow. */
  i32TruncF32S(): this {
    return this.op(0xa8, "i32.trunc_f32_s");
  }
  /** `i32.trunc_f32_u`: f32 to unsigned i32, toward zero; traps on NaN or overflow. */
  i32TruncF32U(): this {
    return this.op(0xa9, "i32.trunc_f32_u");
  }
  /** `i32.trunc_f64_s`: f64 to signed i32, toward zero; traps on NaN or overflow. */
  i32TruncF64S(): this {
    return this.op(0xaa, "i32.trunc_f64_s");
  }
  /** `i32.trunc_f64_u`: f64 to unsigned i32, toward zero; traps on NaN or overflow. */
  i32TruncF64U(): this {
    return this.op(0xab, "i32.trunc_f64_u");
  }
  /** `i64.extend_i32_s`: sign-extends an i32 to i64. */
  i64ExtendI32S(): this {
    return this.op(0xac, "i64.extend_i32_s");
  }
  /** `i64.extend_i32_u`: zero-extends an i32 to i64. */
  i64ExtendI32U(): this {
    return this.op(0xad, "i64.extend_i32_u");
  }
  /** `i64.trunc_f32_s`: f32 to signed i64, toward zero; traps on NaN or overflow. */
  i64TruncF32S(): this {
    return this.op(0xae, "i64.trunc_f32_s");
  }
  /** `i64.trunc_f32_u`: f32 to unsigned i64, toward zero; traps on NaN or overflow. */
  i64TruncF32U(): this {
    return this.op(0xaf, "i64.trunc_f32_u");
  }
  /** `i64.trunc_f64_s`: f64 to signed i64, toward zero; traps on NaN or overflow. */
  i64TruncF64S(): this {
    return this.op(0xb0, "i64.trunc_f64_s");
  }
  /** `i64.trunc_f64_u`: f64 to unsigned i64, toward zero; traps on NaN or overflow. */
  i64TruncF64U(): this {
    return this.op(0xb1, "i64.trunc_f64_u");
  }
  /** `f32.convert_i32_s`: signed i32 to nearest f32. */
  f32ConvertI32S(): this {
    return this.op(0xb2, "f32.convert_i32_s");
  }
  /** `f32.convert_i32_u`: unsigned i32 to nearest f32. */
  f32ConvertI32U(): this {
    return this.op(0xb3, "f32.convert_i32_u");
  }
  /** `f32.convert_i64_s`: signed i64 to nearest f32. */
  f32ConvertI64S(): this {
    return this.op(0xb4, "f32.convert_i64_s");
  }
  /** `f32.convert_i64_u`: unsigned i64 to nearest f32. */
  f32ConvertI64U(): this {
    return this.op(0xb5, "f32.convert_i64_u");
  }
  /** `f32.demote_f64`: f64 to nearest f32. */
  f32DemoteF64(): this {
    return this.op(0xb6, "f32.demote_f64");
  }
  /** `f64.convert_i32_s`: signed i32 to f64 (exact). */
  f64ConvertI32S(): this {
    return this.op(0xb7, "f64.convert_i32_s");
  }
  /** `f64.convert_i32_u`: unsigned i32 to f64 (exact). */
  f64ConvertI32U(): this {
    return this.op(0xb8, "f64.convert_i32_u");
  }
  /** `f64.convert_i64_s`: signed i64 to nearest f64. */
  f64ConvertI64S(): this {
    return this.op(0xb9, "f64.convert_i64_s");
  }
  /** `f64.convert_i64_u`: unsigned i64 to nearest f64. */
  f64ConvertI64U(): this {
    return this.op(0xba, "f64.convert_i64_u");
  }
  /** `f64.promote_f32`: f32 to f64 (exact). */
  f64PromoteF32(): this {
    return this.op(0xbb, "f64.promote_f32");
  }
  /** `i32.reinterpret_f32`: the bits of an f32 as an i32. */
  i32ReinterpretF32(): this {
    return this.op(0xbc, "i32.reinterpret_f32");
  }
  /** `i64.reinterpret_f64`: the bits of an f64 as an i64. */
  i64ReinterpretF64(): this {
    return this.op(0xbd, "i64.reinterpret_f64");
  }
  /** `f32.reinterpret_i32`: the bits of an i32 as an f32. */
  f32ReinterpretI32(): this {
    return this.op(0xbe, "f32.reinterpret_i32");
  }
  /** `f64.reinterpret_i64`: the bits of an i64 as an f64. */
  f64ReinterpretI64(): this {
    return this.op(0xbf, "f64.reinterpret_i64");
  }
  /** `i32.extend8_s`: sign-extends the low 8 bits of an i32. */
  i32Extend8S(): this {
    return this.op(0xc0, "i32.extend8_s");
  }
  /** `i32.extend16_s`: sign-extends the low 16 bits of an i32. */
  i32Extend16S(): this {
    return this.op(0xc1, "i32.extend16_s");
  }
  /** `i64.extend8_s`: sign-extends the low 8 bits of an i64. */
  i64Extend8S(): this {
    return this.op(0xc2, "i64.extend8_s");
  }
  /** `i64.extend16_s`: sign-extends the low 16 bits of an i64. */
  i64Extend16S(): this {
    return this.op(0xc3, "i64.extend16_s");
  }
  /** `i64.extend32_s`: sign-extends the low 32 bits of an i64. */
  i64Extend32S(): this {
    return this.op(0xc4, "i64.extend32_s");
  }
  /** `i32.trunc_sat_f32_s`: f32 to signed i32, toward zero, saturating; NaN gives 0. */
  i32TruncSatF32S(): this {
    return this.prefixed(0xfc, 0x00, "i32.trunc_sat_f32_s");
  }
  /** `i32.trunc_sat_f32_u`: f32 to unsigned i32, toward zero, saturating; NaN gives 0. */
  i32TruncSatF32U(): this {
    return this.prefixed(0xfc, 0x01, "i32.trunc_sat_f32_u");
  }
  /** `i32.trunc_sat_f64_s`: f64 to signed i32, toward zero, saturating; NaN gives 0. */
  i32TruncSatF64S(): this {
    return this.prefixed(0xfc, 0x02, "i32.trunc_sat_f64_s");
  }
  /** `i32.trunc_sat_f64_u`: f64 to unsigned i32, toward zero, saturating; NaN gives 0. */
  i32TruncSatF64U(): this {
    return this.prefixed(0xfc, 0x03, "i32.trunc_sat_f64_u");
  }
  /** `i64.trunc_sat_f32_s`: f32 to signed i64, toward zero, saturating; NaN gives 0. */
  i64TruncSatF32S(): this {
    return this.prefixed(0xfc, 0x04, "i64.trunc_sat_f32_s");
  }
  /** `i64.trunc_sat_f32_u`: f32 to unsigned i64, toward zero, saturating; NaN gives 0. */
  i64TruncSatF32U(): this {
    return this.prefixed(0xfc, 0x05, "i64.trunc_sat_f32_u");
  }
  /** `i64.trunc_sat_f64_s`: f64 to signed i64, toward zero, saturating; NaN gives 0. */
  i64TruncSatF64S(): this {
    return this.prefixed(0xfc, 0x06, "i64.trunc_sat_f64_s");
  }
  /** `i64.trunc_sat_f64_u`: f64 to unsigned i64, toward zero, saturating; NaN gives 0. */
  i64TruncSatF64U(): this {
    return this.prefixed(0xfc, 0x07, "i64.trunc_sat_f64_u");
  }
}
