/**
 * Scalar i64 instructions: constant, comparisons, bit counts and arithmetic.
 * One layer of `CodeBuilder`; i64 values cross the JS boundary as `bigint`.
 *
 * @module
 */

import { s64 } from "./_encoding.ts";
import { I32Ops } from "./_i32_ops.ts";

const I64_MIN = -(1n << 63n);
const U64_END = 1n << 64n;

/** i64 instructions; see `CodeBuilder`. */
export class I64Ops extends I32Ops {
  /**
   * `i64.const`: pushes an i64. Values in `[2^63, 2^64)` are taken as their
   * two's-complement bit pattern. Numbers must be safe integers.
   *
   * @param value Integer in `[-2^63, 2^64)`.
   * @returns This builder.
   * @throws {RangeError} If `value` is out of range or an unsafe number.
   */
  i64Const(value: bigint | number): this {
    if (typeof value === "number" && !Number.isSafeInteger(value)) {
      throw new RangeError(
        `CodeBuilder.i64Const(): ${value} is not a safe integer (pass a bigint)`,
      );
    }
    const big = BigInt(value);
    if (big < I64_MIN || big >= U64_END) {
      throw new RangeError(`CodeBuilder.i64Const(): ${big} is not a 64-bit integer`);
    }
    const bits = BigInt.asIntN(64, big);
    return this.emit(`i64.const ${bits}`, [0x42, ...s64(bits)]);
  }

  /** `i64.eqz`: 1 if `a == 0`, else 0. */
  i64Eqz(): this {
    return this.op(0x50, "i64.eqz");
  }
  /** `i64.eq`: 1 if `a == b`, else 0. */
  i64Eq(): this {
    return this.op(0x51, "i64.eq");
  }
  /** `i64.ne`: 1 if `a != b`, else 0. */
  i64Ne(): this {
    return this.op(0x52, "i64.ne");
  }
  /** `i64.lt_s`: 1 if `a < b` (signed), else 0. */
  i64LtS(): this {
    return this.op(0x53, "i64.lt_s");
  }
  /** `i64.lt_u`: 1 if `a < b` (unsigned), else 0. */
  i64LtU(): this {
    return this.op(0x54, "i64.lt_u");
  }
  /** `i64.gt_s`: 1 if `a > b` (signed), else 0. */
  i64GtS(): this {
    return this.op(0x55, "i64.gt_s");
  }
  /** `i64.gt_u`: 1 if `a > b` (unsigned), else 0. */
  i64GtU(): this {
    return this.op(0x56, "i64.gt_u");
  }
  /** `i64.le_s`: 1 if `a <= b` (signed), else 0. */
  i64LeS(): this {
    return this.op(0x57, "i64.le_s");
  }
  /** `i64.le_u`: 1 if `a <= b` (unsigned), else 0. */
  i64LeU(): this {
    return this.op(0x58, "i64.le_u");
  }
  /** `i64.ge_s`: 1 if `a >= b` (signed), else 0. */
  i64GeS(): this {
    return this.op(0x59, "i64.ge_s");
  }
  /** `i64.ge_u`: 1 if `a >= b` (unsigned), else 0. */
  i64GeU(): this {
    return this.op(0x5a, "i64.ge_u");
  }
  /** `i64.clz`: count of leading zero bits. */
  i64Clz(): this {
    return this.op(0x79, "i64.clz");
  }
  /** `i64.ctz`: count of trailing zero bits. */
  i64Ctz(): this {
    return this.op(0x7a, "i64.ctz");
  }
  /** `i64.popcnt`: count of one bits. */
  i64Popcnt(): this {
    return this.op(0x7b, "i64.popcnt");
  }
  /** `i64.add`: `a + b`, wrapping. */
  i64Add(): this {
    return this.op(0x7c, "i64.add");
  }
  /** `i64.sub`: `a - b`, wrapping. */
  i64Sub(): this {
    return this.op(0x7d, "i64.sub");
  }
  /** `i64.mul`: `a * b`, wrapping. */
  i64Mul(): this {
    return this.op(0x7e, "i64.mul");
  }
  /** `i64.div_s`: `a / b` signed, rounded toward zero; traps on zero or overflow. */
  i64DivS(): this {
    return this.op(0x7f, "i64.div_s");
  }
  /** `i64.div_u`: `a / b` unsigned; traps on zero. */
  i64DivU(): this {
    return this.op(0x80, "i64.div_u");
  }
  /** `i64.rem_s`: signed remainder, sign of `a`; traps on zero. */
  i64RemS(): this {
    return this.op(0x81, "i64.rem_s");
  }
  /** `i64.rem_u`: unsigned remainder; traps on zero. */
  i64RemU(): this {
    return this.op(0x82, "i64.rem_u");
  }
  /** `i64.and`: bitwise `a & b`. */
  i64And(): this {
    return this.op(0x83, "i64.and");
  }
  /** `i64.or`: bitwise `a | b`. */
  i64Or(): this {
    return this.op(0x84, "i64.or");
  }
  /** `i64.xor`: bitwise `a ^ b`. */
  i64Xor(): this {
    return this.op(0x85, "i64.xor");
  }
  /** `i64.shl`: `a << (b mod width)`. */
  i64Shl(): this {
    return this.op(0x86, "i64.shl");
  }
  /** `i64.shr_s`: `a >> (b mod width)`, sign-filling. */
  i64ShrS(): this {
    return this.op(0x87, "i64.shr_s");
  }
  /** `i64.shr_u`: `a >>> (b mod width)`, zero-filling. */
  i64ShrU(): this {
    return this.op(0x88, "i64.shr_u");
  }
  /** `i64.rotl`: rotate `a` left by `b`. */
  i64Rotl(): this {
    return this.op(0x89, "i64.rotl");
  }
  /** `i64.rotr`: rotate `a` right by `b`. */
  i64Rotr(): this {
    return this.op(0x8a, "i64.rotr");
  }
}
