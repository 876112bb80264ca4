/**
 * SIMD128 loads and stores (0xFD prefix): full vectors, extending loads,
 * splat and zero-filling loads, and single-lane loads/stores. One layer of
 * `CodeBuilder`; all act on memory index 0.
 *
 * @module
 */

import { u32 } from "./_encoding.ts";
import { MemoryOps } from "./_memory_ops.ts";
import type { MemArg } from "./types.ts";

/** SIMD memory instructions; see `CodeBuilder`. */
export class SimdMemoryOps extends MemoryOps {
  /** `v128.load`: loads 16 bytes; `[address] -> [v128]`. Default align 16. */
  v128Load(memarg?: MemArg): this {
    return this.memOp("v128.load", [0xfd, ...u32(0x00)], 16, memarg);
  }
  /** `v128.store`: stores 16 bytes; `[address, v128] -> []`. Default align 16. */
  v128Store(memarg?: MemArg): this {
    return this.memOp("v128.store", [0xfd, ...u32(0x0b)], 16, memarg);
  }
  /** `v128.load8x8_s`: loads 8 bytes, sign-extends each to an i16 lane; `[address] -> [v128]`. Default align 8. */
  v128Load8x8S(memarg?: MemArg): this {
    return this.memOp("v128.load8x8_s", [0xfd, ...u32(0x01)], 8, memarg);
  }
  /** `v128.load8x8_u`: loads 8 bytes, zero-extends each to an i16 lane; `[address] -> [v128]`. Default align 8. */
  v128Load8x8U(memarg?: MemArg): this {
    return this.memOp("v128.load8x8_u", [0xfd, ...u32(0x02)], 8, memarg);
  }
  /** `v128.load16x4_s`: loads 4 i16, sign-extends each to an i32 lane; `[address] -> [v128]`. Default align 8. */
  v128Load16x4S(memarg?: MemArg): this {
    return this.memOp("v128.load16x4_s", [0xfd, ...u32(0x03)], 8, memarg);
  }
  /** `v128.load16x4_u`: loads 4 i16, zero-extends each to an i32 lane; `[address] -> [v128]`. Default align 8. */
  v128Load16x4U(memarg?: MemArg): this {
    return this.memOp("v128.load16x4_u", [0xfd, ...u32(0x04)], 8, memarg);
  }
  /** `v128.load32x2_s`: loads 2 i32, sign-extends each to an i64 lane; `[address] -> [v128]`. Default align 8. */
  v128Load32x2S(memarg?: MemArg): this {
    return this.memOp("v128.load32x2_s", [0xfd, ...u32(0x05)], 8, memarg);
  }
  /** `v128.load32x2_u`: loads 2 i32, zero-extends each to an i64 lane; `[address] -> [v128]`. Default align 8. */
  v128Load32x2U(memarg?: MemArg): this {
    return this.memOp("v128.load32x2_u", [0xfd, ...u32(0x06)], 8, memarg);
  }
  /** `v128.load8_splat`: loads 1 byte into all 16 lanes; `[address] -> [v128]`. Default align 1. */
  v128Load8Splat(memarg?: MemArg): this {
    return this.memOp("v128.load8_splat", [0xfd, ...u32(0x07)], 1, memarg);
  }
  /** `v128.load16_splat`: loads 2 bytes into all 8 lanes; `[address] -> [v128]`. Default align 2. */
  v128Load16Splat(memarg?: MemArg): this {
    return this.memOp("v128.load16_splat", [0xfd, ...u32(0x08)], 2, memarg);
  }
  /** `v128.load32_splat`: loads 4 bytes into all 4 lanes; `[address] -> [v128]`. Default align 4. */
  v128Load32Splat(memarg?: MemArg): this {
    return this.memOp("v128.load32_splat", [0xfd, ...u32(0x09)], 4, memarg);
  }
  /** `v128.load64_splat`: loads 8 bytes into both lanes; `[address] -> [v128]`. Default align 8. */
  v128Load64Splat(memarg?: MemArg): this {
    return this.memOp("v128.load64_splat", [0xfd, ...u32(0x0a)], 8, memarg);
  }
  /** `v128.load32_zero`: loads 4 bytes into lane 0, zeroing the rest; `[address] -> [v128]`. Default align 4. */
  v128Load32Zero(memarg?: MemArg): this {
    return this.memOp("v128.load32_zero", [0xfd, ...u32(0x5c)], 4, memarg);
  }
  /** `v128.load64_zero`: loads 8 bytes into lane 0, zeroing lane 1; `[address] -> [v128]`. Default align 8. */
  v128Load64Zero(memarg?: MemArg): this {
    return this.memOp("v128.load64_zero", [0xfd, ...u32(0x5d)], 8, memarg);
  }
  /** `v128.load8_lane`: loads 1 byte into lane `lane` of the vector; `[address, v128] -> [v128]`. Lane 0..15; default align 1. */
  v128Load8Lane(lane: number, memarg?: MemArg): this {
    return this.memOp("v128.load8_lane", [0xfd, ...u32(0x54)], 1, memarg, {
      index: lane,
      count: 16,
    });
  }
  /** `v128.load16_lane`: loads 2 bytes into lane `lane` of the vector; `[address, v128] -> [v128]`. Lane 0..7; default align 2. */
  v128Load16Lane(lane: number, memarg?: MemArg): this {
    return this.memOp("v128.load16_lane", [0xfd, ...u32(0x55)], 2, memarg, {
      index: lane,
      count: 8,
    });
  }
  /** `v128.load32_lane`: loads 4 bytes into lane `lane` of the vector; `[address, v128] -> [v128]`. Lane 0..3; default align 4. */
  v128Load32Lane(lane: number, memarg?: MemArg): this {
    return this.memOp("v128.load32_lane", [0xfd, ...u32(0x56)], 4, memarg, {
      index: lane,
      count: 4,
    });
  }
  /** `v128.load64_lane`: loads 8 bytes into lane `lane` of the vector; `[address, v128] -> [v128]`. Lane 0..1; default align 8. */
  v128Load64Lane(lane: number, memarg?: MemArg): this {
    return this.memOp("v128.load64_lane", [0xfd, ...u32(0x57)], 8, memarg, {
      index: lane,
      count: 2,
    });
  }
  /** `v128.store8_lane`: stores byte lane `lane` of the vector; `[address, v128] -> []`. Lane 0..15; default align 1. */
  v128Store8Lane(lane: number, memarg?: MemArg): this {
    return this.memOp("v128.store8_lane", [0xfd, ...u32(0x58)], 1, memarg, {
      index: lane,
      count: 16,
    });
  }
  /** `v128.store16_lane`: stores 16-bit lane `lane` of the vector; `[address, v128] -> []`. Lane 0..7; default align 2. */
  v128Store16Lane(lane: number, memarg?: MemArg): this {
    return this.memOp("v128.store16_lane", [0xfd, ...u32(0x59)], 2, memarg, {
      index: lane,
      count: 8,
    });
  }
  /** `v128.store32_lane`: stores 32-bit lane `lane` of the vector; `[address, v128] -> []`. Lane 0..3; default align 4. */
  v128Store32Lane(lane: number, memarg?: MemArg): this {
    return this.memOp("v128.store32_lane", [0xfd, ...u32(0x5a)], 4, memarg, {
      index: lane,
      count: 4,
    });
  }
  /** `v128.store64_lane`: stores 64-bit lane `lane` of the vector; `[address, v128] -> []`. Lane 0..1; default align 8. */
  v128Store64Lane(lane: number, memarg?: MemArg): this {
    return this.memOp("v128.store64_lane", [0xfd, ...u32(0x5b)], 8, memarg, {
      index: lane,
      count: 2,
    });
  }
}
