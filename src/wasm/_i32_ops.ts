/**
 * Scalar i32 instructions: constant, comparisons, bit counts and arithmetic.
 * One layer of `CodeBuilder`; comparisons push 1 (true) or 0 (false), and
 * `a`, `b` name the second-from-top and top operands.
 *
 * @module
 */

import { s32 } from "./_encoding.ts";
import { CodeCore } from "./_code_core.ts";

/** i32 instructions; see `CodeBuilder`. */
export class I32Ops extends CodeCore {
  /**
   * `i32.const`: pushes an i32. Values in `[2^31, 2^32)` are taken as their
   * two's-complement bit pattern, so `0xffff_ffff` pushes -1.
   *
   * @param value Integer in `[-2^31, 2^32)`.
   * @returns This builder.
   * @throws {RangeError} If `value` is not such an integer.
   */
  i32Const(value: number): this {
    if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0xffff_ffff) {
      throw new RangeError(`CodeBuilder.i32Const(): ${value} is not a 32-bit integer`);
    }
    const bits = value | 0;
    return this.emit(`i32.const ${bits}`, [0x41, ...s32(bits)]);
  }

  /** `i32.eqz`: 1 if `a == 0`, else 0. */
  i32Eqz(): this {
    return this.op(0x45, "i32.eqz");
  }
  /** `i32.eq`: 1 if `a == b`, else 0. */
  i32Eq(): this {
    return this.op(0x46, "i32.eq");
  }
  /** `i32.ne`: 1 if `a != b`, else 0. */
  i32Ne(): this {
    return this.op(0x47, "i32.ne");
  }
  /** `i32.lt_s`: 1 if `a < b` (signed), else 0. */
  i32LtS(): this {
    return this.op(0x48, "i32.lt_s");
  }
  /** `i32.lt_u`: 1 if `a < b` (unsigned), else 0. */
  i32LtU(): this {
    return this.op(0x49, "i32.lt_u");
  }
  /** `i32.gt_s`: 1 if `a > b` (signed), else 0. */
  i32GtS(): this {
    return this.op(0x4a, "i32.gt_s");
  }
  /** `i32.gt_u`: 1 if `a > b` (unsigned), else 0. */
  i32GtU(): this {
    return this.op(0x4b, "i32.gt_u");
  }
  /** `i32.le_s`: 1 if `a <= b` (signed), else 0. */
  i32LeS(): this {
    return this.op(0x4c, "i32.le_s");
  }
  /** `i32.le_u`: 1 if `a <= b` (unsigned), else 0. */
  i32LeU(): this {
    return this.op(0x4d, "i32.le_u");
  }
  /** `i32.ge_s`: 1 if `a >= b` (signed), else 0. */
  i32GeS(): this {
    return this.op(0x4e, "i32.ge_s");
  }
  /** `i32.ge_u`: 1 if `a >= b` (unsigned), else 0. */
  i32GeU(): this {
    return this.op(0x4f, "i32.ge_u");
  }
  /** `i32.clz`: count of leading zero bits. */
  i32Clz(): this {
    return this.op(0x67, "i32.clz");
  }
  /** `i32.ctz`: count of trailing zero bits. */
  i32Ctz(): this {
    return this.op(0x68, "i32.ctz");
  }
  /** `i32.popcnt`: count of one bits. */
  i32Popcnt(): this {
    return this.op(0x69, "i32.popcnt");
  }
  /** `i32.add`: `a + b`, wrapping. */
  i32Add(): this {
    return this.op(0x6a, "i32.add");
  }
  /** `i32.sub`: `a - b`, wrapping. */
  i32Sub(): this {
    return this.op(0x6b, "i32.sub");
  }
  /** `i32.mul`: `a * b`, wrapping. */
  i32Mul(): this {
    return this.op(0x6c, "i32.mul");
  }
  /** `i32.div_s`: `a / b` signed, rounded toward zero; traps on zero or overflow. */
  i32DivS(): this {
    return this.op(0x6d, "i32.div_s");
  }
  /** `i32.div_u`: `a / b` unsigned; traps on zero. */
  i32DivU(): this {
    return this.op(0x6e, "i32.div_u");
  }
  /** `i32.rem_s`: signed remainder, sign of `a`; traps on zero. */
  i32RemS(): this {
    return this.op(0x6f, "i32.rem_s");
  }
  /** `i32.rem_u`: unsigned remainder; traps on zero. */
  i32RemU(): this {
    return this.op(0x70, "i32.rem_u");
  }
  /** `i32.and`: bitwise `a & b`. */
  i32And(): this {
    return this.op(0x71, "i32.and");
  }
  /** `i32.or`: bitwise `a | b`. */
  i32Or(): this {
    return this.op(0x72, "i32.or");
  }
  /** `i32.xor`: bitwise `a ^ b`. */
  i32Xor(): this {
    return this.op(0x73, "i32.xor");
  }
  /** `i32.shl`: `a << (b mod width)`. */
  i32Shl(): this {
    return this.op(0x74, "i32.shl");
  }
  /** `i32.shr_s`: `a >> (b mod width)`, sign-filling. */
  i32ShrS(): this {
    return this.op(0x75, "i32.shr_s");
  }
  /** `i32.shr_u`: `a >>> (b mod width)`, zero-filling. */
  i32ShrU(): this {
    return this.op(0x76, "i32.shr_u");
  }
  /** `i32.rotl`: rotate `a` left by `b`. */
  i32Rotl(): this {
    return this.op(0x77, "i32.rotl");
  }
  /** `i32.rotr`: rotate `a` right by `b`. */
  i32Rotr(): this {
    return this.op(0x78, "i32.rotr");
  }
}
