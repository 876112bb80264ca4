/**
 * SIMD128 lane instructions (0xFD prefix): `v128.const` (raw bytes or typed
 * lanes), `i8x16.shuffle`/`swizzle`, splats, and lane extract/replace. One
 * layer of `CodeBuilder`. Lane 0 is the lowest-addressed lane in memory.
 *
 * @module
 */

import { append, f32, f64 } from "./_encoding.ts";
import { checkLane, methodName } from "./_code_core.ts";
import { floatText } from "./_float_ops.ts";
import { SimdMemoryOps } from "./_simd_memory_ops.ts";

/** SIMD lane instructions; see `CodeBuilder`. */
export class SimdLaneOps extends SimdMemoryOps {
  /**
   * `v128.const`: pushes a vector given as 16 bytes, lane 0 first.
   *
   * @param bytes Sixteen integers in 0..255.
   * @returns This builder.
   * @throws {RangeError} Unless `bytes` holds exactly 16 bytes.
   */
  v128Const(bytes: ArrayLike<number>): this {
    const list = Array.from(bytes);
    if (list.length !== 16 || !list.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
      throw new RangeError(`CodeBuilder.v128Const(): expected 16 bytes in 0..255, got [${list}]`);
    }
    return this.prefixed(0xfd, 0x0c, `v128.const i8x16 ${list.join(" ")}`, list);
  }

  /**
   * `v128.const` from four i32 lanes (each in `[-2^31, 2^32)`).
   *
   * @param lanes Four integers.
   * @returns This builder.
   * @throws {RangeError} Unless there are four 32-bit integers.
   */
  v128ConstI32x4(lanes: readonly number[]): this {
    const ok = lanes.length === 4 &&
      lanes.every((v) => Number.isInteger(v) && v >= -0x8000_0000 && v <= 0xffff_ffff);
    if (!ok) {
      throw new RangeError(
        `CodeBuilder.v128ConstI32x4(): expected 4 32-bit integers, got [${lanes}]`,
      );
    }
    const view = new DataView(new ArrayBuffer(16));
    lanes.forEach((v, i) => view.setInt32(4 * i, v | 0, true));
    const text = `v128.const i32x4 ${lanes.map((v) => v | 0).join(" ")}`;
    return this.prefixed(0xfd, 0x0c, text, [...new Uint8Array(view.buffer)]);
  }

  /**
   * `v128.const` from four f32 lanes (each rounded to f32).
   *
   * @param lanes Four numbers.
   * @returns This builder.
   * @throws {RangeError} Unless there are four lanes.
   */
  v128ConstF32x4(lanes: readonly number[]): this {
    return this.#floatConst("f32x4", 4, lanes, f32, Math.fround);
  }

  /**
   * `v128.const` from two f64 lanes.
   *
   * @param lanes Two numbers.
   * @returns This builder.
   * @throws {RangeError} Unless there are two lanes.
   */
  v128ConstF64x2(lanes: readonly number[]): this {
    return this.#floatConst("f64x2", 2, lanes, f64, (v) => v);
  }

  /**
   * `i8x16.shuffle`: `[a, b] -> [c]` with `c[i] = (a ++ b)[lanes[i]]`.
   *
   * @param lanes Sixteen byte indices in 0..31 (0..15 pick from `a`).
   * @returns This builder.
   * @throws {RangeError} Unless there are 16 indices in 0..31.
   */
  i8x16Shuffle(lanes: readonly number[]): this {
    const ok = lanes.length === 16 && lanes.every((v) => Number.isInteger(v) && v >= 0 && v < 32);
    if (!ok) {
      throw new RangeError(
        `CodeBuilder.i8x16Shuffle(): expected 16 lane indices in 0..31, got [${lanes}]`,
      );
    }
    return this.prefixed(0xfd, 0x0d, `i8x16.shuffle ${lanes.join(" ")}`, [...lanes]);
  }

  /** `i8x16.swizzle`: `[a, s] -> [c]` with `c[i] = s[i] < 16 ? a[s[i]] : 0`. */
  i8x16Swizzle(): this {
    return this.prefixed(0xfd, 0x0e, "i8x16.swizzle");
  }

  /** `i8x16.splat`: i32 (low 8 bits) to all 16 lanes. */
  i8x16Splat(): this {
    return this.prefixed(0xfd, 0x0f, "i8x16.splat");
  }
  /** `i16x8.splat`: i32 (low 16 bits) to all 8 lanes. */
  i16x8Splat(): this {
    return this.prefixed(0xfd, 0x10, "i16x8.splat");
  }
  /** `i32x4.splat`: i32 to all 4 lanes. */
  i32x4Splat(): this {
    return this.prefixed(0xfd, 0x11, "i32x4.splat");
  }
  /** `i64x2.splat`: i64 to both lanes. */
  i64x2Splat(): this {
    return this.prefixed(0xfd, 0x12, "i64x2.splat");
  }
  /** `f32x4.splat`: f32 to all 4 lanes. */
  f32x4Splat(): this {
    return this.prefixed(0xfd, 0x13, "f32x4.splat");
  }
  /** `f64x2.splat`: f64 to both lanes. */
  f64x2Splat(): this {
    return this.prefixed(0xfd, 0x14, "f64x2.splat");
  }
  /** `i8x16.extract_lane_s`: pushes byte lane `lane` sign-extended to i32 (0..15); `[v128] -> [i32]`. */
  i8x16ExtractLaneS(lane: number): this {
    return this.#lane("i8x16.extract_lane_s", 0x15, lane, 16);
  }
  /** `i8x16.extract_lane_u`: pushes byte lane `lane` zero-extended to i32 (0..15); `[v128] -> [i32]`. */
  i8x16ExtractLaneU(lane: number): this {
    return this.#lane("i8x16.extract_lane_u", 0x16, lane, 16);
  }
  /** `i8x16.replace_lane`: sets byte lane `lane` to the low 8 bits of an i32 (0..15); `[v128, i32] -> [v128]`. */
  i8x16ReplaceLane(lane: number): this {
    return this.#lane("i8x16.replace_lane", 0x17, lane, 16);
  }
  /** `i16x8.extract_lane_s`: pushes 16-bit lane `lane` sign-extended to i32 (0..7); `[v128] -> [i32]`. */
  i16x8ExtractLaneS(lane: number): this {
    return this.#lane("i16x8.extract_lane_s", 0x18, lane, 8);
  }
  /** `i16x8.extract_lane_u`: pushes 16-bit lane `lane` zero-extended to i32 (0..7); `[v128] -> [i32]`. */
  i16x8ExtractLaneU(lane: number): this {
    return this.#lane("i16x8.extract_lane_u", 0x19, lane, 8);
  }
  /** `i16x8.replace_lane`: sets 16-bit lane `lane` to the low 16 bits of an i32 (0..7); `[v128, i32] -> [v128]`. */
  i16x8ReplaceLane(lane: number): this {
    return this.#lane("i16x8.replace_lane", 0x1a, lane, 8);
  }
  /** `i32x4.extract_lane`: pushes i32 lane `lane` (0..3); `[v128] -> [i32]`. */
  i32x4ExtractLane(lane: number): this {
    return this.#lane("i32x4.extract_lane", 0x1b, lane, 4);
  }
  /** `i32x4.replace_lane`: sets i32 lane `lane` (0..3); `[v128, i32] -> [v128]`. */
  i32x4ReplaceLane(lane: number): this {
    return this.#lane("i32x4.replace_lane", 0x1c, lane, 4);
  }
  /** `i64x2.extract_lane`: pushes i64 lane `lane` (0..1); `[v128] -> [i64]`. */
  i64x2ExtractLane(lane: number): this {
    return this.#lane("i64x2.extract_lane", 0x1d, lane, 2);
  }
  /** `i64x2.replace_lane`: sets i64 lane `lane` (0..1); `[v128, i64] -> [v128]`. */
  i64x2ReplaceLane(lane: number): this {
    return this.#lane("i64x2.replace_lane", 0x1e, lane, 2);
  }
  /** `f32x4.extract_lane`: pushes f32 lane `lane` (0..3); `[v128] -> [f32]`. */
  f32x4ExtractLane(lane: number): this {
    return this.#lane("f32x4.extract_lane", 0x1f, lane, 4);
  }
  /** `f32x4.replace_lane`: sets f32 lane `lane` (0..3); `[v128, f32] -> [v128]`. */
  f32x4ReplaceLane(lane: number): this {
    return this.#lane("f32x4.replace_lane", 0x20, lane, 4);
  }
  /** `f64x2.extract_lane`: pushes f64 lane `lane` (0..1); `[v128] -> [f64]`. */
  f64x2ExtractLane(lane: number): this {
    return this.#lane("f64x2.extract_lane", 0x21, lane, 2);
  }
  /** `f64x2.replace_lane`: sets f64 lane `lane` (0..1); `[v128, f64] -> [v128]`. */
  f64x2ReplaceLane(lane: number): this {
    return this.#lane("f64x2.replace_lane", 0x22, lane, 2);
  }

  #lane(text: string, code: number, lane: number, count: number): this {
    checkLane(methodName(text), lane, count);
    return this.prefixed(0xfd, code, `${text} ${lane}`, [lane]);
  }

  #floatConst(
    shape: "f32x4" | "f64x2",
    count: number,
    lanes: readonly number[],
    encode: (v: number) => number[],
    round: (v: number) => number,
  ): this {
    const method = `CodeBuilder.v128Const${shape === "f32x4" ? "F32x4" : "F64x2"}()`;
    if (lanes.length !== count || !lanes.every((v) => typeof v === "number")) {
      throw new RangeError(`${method}: expected ${count} numbers, got [${lanes}]`);
    }
    const bytes: number[] = [];
    lanes.forEach((v) => append(bytes, encode(v)));
    const text = `v128.const ${shape} ${lanes.map((v) => floatText(round(v))).join(" ")}`;
    return this.prefixed(0xfd, 0x0c, text, bytes);
  }
}
