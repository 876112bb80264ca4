/**
 * SIMD128 bitwise (`v128.*`) and i32x4 integer instructions (0xFD prefix).
 * One layer of `CodeBuilder`; `a`, `b` name the second-from-top and top
 * vectors, and comparisons set a lane to all ones (true) or 0.
 *
 * @module
 */

import { SimdLaneOps } from "./_simd_lane_ops.ts";

/** v128 bitwise and i32x4 instructions; see `CodeBuilder`. */
export class SimdIntOps extends SimdLaneOps {
  /** `v128.not`: bitwise `~a`. */
  v128Not(): this {
    return this.prefixed(0xfd, 0x4d, "v128.not");
  }
  /** `v128.and`: bitwise `a & b`. */
  v128And(): this {
    return this.prefixed(0xfd, 0x4e, "v128.and");
  }
  /** `v128.andnot`: bitwise `a & ~b`. */
  v128Andnot(): this {
    return this.prefixed(0xfd, 0x4f, "v128.andnot");
  }
  /** `v128.or`: bitwise `a | b`. */
  v128Or(): this {
    return this.prefixed(0xfd, 0x50, "v128.or");
  }
  /** `v128.xor`: bitwise `a ^ b`. */
  v128Xor(): this {
    return this.prefixed(0xfd, 0x51, "v128.xor");
  }
  /** `v128.bitselect`: `[a, b, mask] -> [(a & mask) | (b & ~mask)]`. */
  v128Bitselect(): this {
    return this.prefixed(0xfd, 0x52, "v128.bitselect");
  }
  /** `v128.any_true`: i32 1 if any bit of the vector is set, else 0. */
  v128AnyTrue(): this {
    return this.prefixed(0xfd, 0x53, "v128.any_true");
  }
  /** `i32x4.eq`: lane-wise `a == b`: all ones (-1) if true, else 0. */
  i32x4Eq(): this {
    return this.prefixed(0xfd, 0x37, "i32x4.eq");
  }
  /** `i32x4.ne`: lane-wise `a != b`: -1 or 0. */
  i32x4Ne(): this {
    return this.prefixed(0xfd, 0x38, "i32x4.ne");
  }
  /** `i32x4.lt_s`: lane-wise signed `a < b`: -1 or 0. */
  i32x4LtS(): this {
    return this.prefixed(0xfd, 0x39, "i32x4.lt_s");
  }
  /** `i32x4.lt_u`: lane-wise unsigned `a < b`: -1 or 0. */
  i32x4LtU(): this {
    return this.prefixed(0xfd, 0x3a, "i32x4.lt_u");
  }
  /** `i32x4.gt_s`: lane-wise signed `a > b`: -1 or 0. */
  i32x4GtS(): this {
    return this.prefixed(0xfd, 0x3b, "i32x4.gt_s");
  }
  /** `i32x4.gt_u`: lane-wise unsigned `a > b`: -1 or 0. */
  i32x4GtU(): this {
    return this.prefixed(0xfd, 0x3c, "i32x4.gt_u");
  }
  /** `i32x4.le_s`: lane-wise signed `a <= b`: -1 or 0. */
  i32x4LeS(): this {
    return this.prefixed(0xfd, 0x3d, "i32x4.le_s");
  }
  /** `i32x4.le_u`: lane-wise unsigned `a <= b`: -1 or 0. */
  i32x4LeU(): this {
    return this.prefixed(0xfd, 0x3e, "i32x4.le_u");
  }
  /** `i32x4.ge_s`: lane-wise signed `a >= b`: -1 or 0. */
  i32x4GeS(): this {
    return this.prefixed(0xfd, 0x3f, "i32x4.ge_s");
  }
  /** `i32x4.ge_u`: lane-wise unsigned `a >= b`: -1 or 0. */
  i32x4GeU(): this {
    return this.prefixed(0xfd, 0x40, "i32x4.ge_u");
  }
  /** `i32x4.abs`: lane-wise `|a|` (wrapping: abs(-2^31) = -2^31). */
  i32x4Abs(): this {
    return this.prefixed(0xfd, 0xa0, "i32x4.abs");
  }
  /** `i32x4.neg`: lane-wise `-a`, wrapping. */
  i32x4Neg(): this {
    return this.prefixed(0xfd, 0xa1, "i32x4.neg");
  }
  /** `i32x4.all_true`: i32 1 if every lane is non-zero, else 0. */
  i32x4AllTrue(): this {
    return this.prefixed(0xfd, 0xa3, "i32x4.all_true");
  }
  /** `i32x4.bitmask`: i32 whose bit i is the sign bit of lane i. */
  i32x4Bitmask(): this {
    return this.prefixed(0xfd, 0xa4, "i32x4.bitmask");
  }
  /** `i32x4.shl`: `[v128, i32 s] -> [v128]`: each lane `<< (s mod 32)`. */
  i32x4Shl(): this {
    return this.prefixed(0xfd, 0xab, "i32x4.shl");
  }
  /** `i32x4.shr_s`: `[v128, i32 s] -> [v128]`: each lane `>> (s mod 32)`, sign-filling. */
  i32x4ShrS(): this {
    return this.prefixed(0xfd, 0xac, "i32x4.shr_s");
  }
  /** `i32x4.shr_u`: `[v128, i32 s] -> [v128]`: each lane `>>> (s mod 32)`. */
  i32x4ShrU(): this {
    return this.prefixed(0xfd, 0xad, "i32x4.shr_u");
  }
  /** `i32x4.add`: lane-wise `a + b`, wrapping. */
  i32x4Add(): this {
    return this.prefixed(0xfd, 0xae, "i32x4.add");
  }
  /** `i32x4.sub`: lane-wise `a - b`, wrapping. */
  i32x4Sub(): this {
    return this.prefixed(0xfd, 0xb1, "i32x4.sub");
  }
  /** `i32x4.mul`: lane-wise `a * b`, low 32 bits. */
  i32x4Mul(): this {
    return this.prefixed(0xfd, 0xb5, "i32x4.mul");
  }
  /** `i32x4.min_s`: lane-wise signed minimum. */
  i32x4MinS(): this {
    return this.prefixed(0xfd, 0xb6, "i32x4.min_s");
  }
  /** `i32x4.min_u`: lane-wise unsigned minimum. */
  i32x4MinU(): this {
    return this.prefixed(0xfd, 0xb7, "i32x4.min_u");
  }
  /** `i32x4.max_s`: lane-wise signed maximum. */
  i32x4MaxS(): this {
    return this.prefixed(0xfd, 0xb8, "i32x4.max_s");
  }
  /** `i32x4.max_u`: lane-wise unsigned maximum. */
  i32x4MaxU(): this {
    return this.prefixed(0xfd, 0xb9, "i32x4.max_u");
  }
  /** `i32x4.dot_i16x8_s`: lane i = `a[2i] * b[2i] + a[2i+1] * b[2i+1]` over signed i16 lanes. */
  i32x4DotI16x8S(): this {
    return this.prefixed(0xfd, 0xba, "i32x4.dot_i16x8_s");
  }
}
