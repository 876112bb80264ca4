/**
 * Scalar f32 and f64 instructions: constants, comparisons and arithmetic.
 * One layer of `CodeBuilder`; comparisons push an i32 1 or 0.
 *
 * @module
 */

import { f32, f64 } from "./_encoding.ts";
import { I64Ops } from "./_i64_ops.ts";

/**
 * Formats a float for the text listing (`nan`, `inf`, `-inf`, `-0` or the
 * shortest round-trip decimal).
 */
export function floatText(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return Object.is(value, -0) ? "-0" : String(value);
}

/** f32 and f64 instructions; see `CodeBuilder`. */
export class FloatOps extends I64Ops {
  /**
   * `f32.const`: pushes `value` rounded to the nearest f32.
   *
   * @param value Any number.
   * @returns This builder.
   */
  f32Const(value: number): this {
    return this.emit(`f32.const ${floatText(Math.fround(value))}`, [0x43, ...f32(value)]);
  }

  /**
   * `f64.const`: pushes `value`.
   *
   * @param value Any number.
   * @returns This builder.
   */
  f64Const(value: number): this {
    return this.emit(`f64.const ${floatText(value)}`, [0x44, ...f64(value)]);
  }

  /** `f32.eq`: 1 if `a == b`, else 0 (false for NaN). */
  f32Eq(): this {
    return this.op(0x5b, "f32.eq");
  }
  /** `f32.ne`: 1 if `a != b`, else 0 (true for NaN). */
  f32Ne(): this {
    return this.op(0x5c, "f32.ne");
  }
  /** `f32.lt`: 1 if `a < b`, else 0. */
  f32Lt(): this {
    return this.op(0x5d, "f32.lt");
  }
  /** `f32.gt`: 1 if `a > b`, else 0. */
  f32Gt(): this {
    return this.op(0x5e, "f32.gt");
  }
  /** `f32.le`: 1 if `a <= b`, else 0. */
  f32Le(): this {
    return this.op(0x5f, "f32.le");
  }
  /** `f32.ge`: 1 if `a >= b`, else 0. */
  f32Ge(): this {
    return this.op(0x60, "f32.ge");
  }
  /** `f32.abs`: `|a|` (clears the sign bit). */
  f32Abs(): this {
    return this.op(0x8b, "f32.abs");
  }
  /** `f32.neg`: `-a` (flips the sign bit). */
  f32Neg(): this {
    return this.op(0x8c, "f32.neg");
  }
  /** `f32.ceil`: round up to an integer. */
  f32Ceil(): this {
    return this.op(0x8d, "f32.ceil");
  }
  /** `f32.floor`: round down to an integer. */
  f32Floor(): this {
    return this.op(0x8e, "f32.floor");
  }
  /** `f32.trunc`: round toward zero. */
  f32Trunc(): this {
    return this.op(0x8f, "f32.trunc");
  }
  /** `f32.nearest`: round to nearest, ties to even. */
  f32Nearest(): this {
    return this.op(0x90, "f32.nearest");
  }
  /** `f32.sqrt`: square root. */
  f32Sqrt(): this {
    return this.op(0x91, "f32.sqrt");
  }
  /** `f32.add`: `a + b`. */
  f32Add(): this {
    return this.op(0x92, "f32.add");
  }
  /** `f32.sub`: `a - b`. */
  f32Sub(): this {
    return this.op(0x93, "f32.sub");
  }
  /** `f32.mul`: `a * b`. */
  f32Mul(): this {
    return this.op(0x94, "f32.mul");
  }
  /** `f32.div`: `a / b`. */
  f32Div(): this {
    return this.op(0x95, "f32.div");
  }
  /** `f32.min`: minimum; NaN if either is NaN, -0 < +0. */
  f32Min(): this {
    return this.op(0x96, "f32.min");
  }
  /** `f32.max`: maximum; NaN if either is NaN, -0 < +0. */
  f32Max(): this {
    return this.op(0x97, "f32.max");
  }
  /** `f32.copysign`: `a` with the sign of `b`. */
  f32Copysign(): this {
    return this.op(0x98, "f32.copysign");
  }
  /** `f64.eq`: 1 if `a == b`, else 0 (false for NaN). */
  f64Eq(): this {
    return this.op(0x61, "f64.eq");
  }
  /** `f64.ne`: 1 if `a != b`, else 0 (true for NaN). */
  f64Ne(): this {
    return this.op(0x62, "f64.ne");
  }
  /** `f64.lt`: 1 if `a < b`, else 0. */
  f64Lt(): this {
    return this.op(0x63, "f64.lt");
  }
  /** `f64.gt`: 1 if `a > b`, else 0. */
  f64Gt(): this {
    return this.op(0x64, "f64.gt");
  }
  /** `f64.le`: 1 if `a <= b`, else 0. */
  f64Le(): this {
    return this.op(0x65, "f64.le");
  }
  /** `f64.ge`: 1 if `a >= b`, else 0. */
  f64Ge(): this {
    return this.op(0x66, "f64.ge");
  }
  /** `f64.abs`: `|a|` (clears the sign bit). */
  f64Abs(): this {
    return this.op(0x99, "f64.abs");
  }
  /** `f64.neg`: `-a` (flips the sign bit). */
  f64Neg(): this {
    return this.op(0x9a, "f64.neg");
  }
  /** `f64.ceil`: round up to an integer. */
  f64Ceil(): this {
    return this.op(0x9b, "f64.ceil");
  }
  /** `f64.floor`: round down to an integer. */
  f64Floor(): this {
    return this.op(0x9c, "f64.floor");
  }
  /** `f64.trunc`: round toward zero. */
  f64Trunc(): this {
    return this.op(0x9d, "f64.trunc");
  }
  /** `f64.nearest`: round to nearest, ties to even. */
  f64Nearest(): this {
    return this.op(0x9e, "f64.nearest");
  }
  /** `f64.sqrt`: square root. */
  f64Sqrt(): this {
    return this.op(0x9f, "f64.sqrt");
  }
  /** `f64.add`: `a + b`. */
  f64Add(): this {
    return this.op(0xa0, "f64.add");
  }
  /** `f64.sub`: `a - b`. */
  f64Sub(): this {
    return this.op(0xa1, "f64.sub");
  }
  /** `f64.mul`: `a * b`. */
  f64Mul(): this {
    return this.op(0xa2, "f64.mul");
  }
  /** `f64.div`: `a / b`. */
  f64Div(): this {
    return this.op(0xa3, "f64.div");
  }
  /** `f64.min`: minimum; NaN if either is NaN, -0 < +0. */
  f64Min(): this {
    return this.op(0xa4, "f64.min");
  }
  /** `f64.max`: maximum; NaN if either is NaN, -0 < +0. */
  f64Max(): this {
    return this.op(0xa5, "f64.max");
  }
  /** `f64.copysign`: `a` with the sign of `b`. */
  f64Copysign(): this {
    return this.op(0xa6, "f64.copysign");
  }
}
