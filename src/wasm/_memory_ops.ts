/**
 * Scalar loads and stores with memarg immediates, and the memory
 * instructions `memory.size`, `memory.grow`, `memory.fill` and `memory.copy`
 * (bulk memory, 0xFC prefix). All act on memory index 0. One layer of
 * `CodeBuilder`.
 *
 * Addresses are i32 byte addresses; the effective address is
 * `address + memarg.offset`, and out-of-bounds accesses trap.
 *
 * @module
 */

import { u32 } from "./_encoding.ts";
import { checkLane, methodName } from "./_code_core.ts";
import { ConversionOps } from "./_conversion_ops.ts";
import type { MemArg } from "./types.ts";

/** Scalar memory instructions; see `CodeBuilder`. */
export class MemoryOps extends ConversionOps {
  /**
   * Emits a load or store: `opcode` bytes, then the memarg, then the lane
   * index if any. `natural` is the access size in bytes: the default and the
   * largest allowed alignment.
   *
   * @throws {RangeError} If the alignment, offset or lane is invalid.
   */
  protected memOp(
    text: string,
    opcode: readonly number[],
    natural: number,
    memarg: MemArg = {},
    lane?: { readonly index: number; readonly count: number },
  ): this {
    const method = methodName(text);
    const { offset = 0, align = natural } = memarg;
    const log2 = Math.log2(align);
    if (!Number.isInteger(log2) || align > natural) {
      throw new RangeError(
        `${method}: alignment ${align} is not a power of two at most ${natural}`,
      );
    }
    if (!Number.isInteger(offset) || offset < 0 || offset > 0xffff_ffff) {
      throw new RangeError(`${method}: offset ${offset} is not an unsigned 32-bit integer`);
    }
    const parts = [text];
    if (offset !== 0) parts.push(`offset=${offset}`);
    if (align !== natural) parts.push(`align=${align}`);
    const bytes = [...opcode, ...u32(log2), ...u32(offset)];
    if (lane !== undefined) {
      checkLane(method, lane.index, lane.count);
      parts.push(String(lane.index));
      bytes.push(lane.index);
    }
    this.useMemory();
    return this.emit(parts.join(" "), bytes);
  }

  /** Emits a memory-0 instruction without memarg (size, grow, fill, copy). */
  protected memoryOp(text: string, bytes: readonly number[]): this {
    this.useMemory();
    return this.emit(text, bytes);
  }

  /** `i32.load`: loads an i32 (4 bytes); `[address] -> [value]`. Default align 4. */
  i32Load(memarg?: MemArg): this {
    return this.memOp("i32.load", [0x28], 4, memarg);
  }
  /** `i64.load`: loads an i64 (8 bytes); `[address] -> [value]`. Default align 8. */
  i64Load(memarg?: MemArg): this {
    return this.memOp("i64.load", [0x29], 8, memarg);
  }
  /** `f32.load`: loads an f32 (4 bytes); `[address] -> [value]`. Default align 4. */
  f32Load(memarg?: MemArg): this {
    return this.memOp("f32.load", [0x2a], 4, memarg);
  }
  /** `f64.load`: loads an f64 (8 bytes); `[address] -> [value]`. Default align 8. */
  f64Load(memarg?: MemArg): this {
    return this.memOp("f64.load", [0x2b], 8, memarg);
  }
  /** `i32.load8_s`: loads 1 byte, sign-extended to i32; `[address] -> [value]`. Default align 1. */
  i32Load8S(memarg?: MemArg): this {
    return this.memOp("i32.load8_s", [0x2c], 1, memarg);
  }
  /** `i32.load8_u`: loads 1 byte, zero-extended to i32; `[address] -> [value]`. Default align 1. */
  i32Load8U(memarg?: MemArg): this {
    return this.memOp("i32.load8_u", [0x2d], 1, memarg);
  }
  /** `i32.load16_s`: loads 2 bytes, sign-extended to i32; `[address] -> [value]`. Default align 2. */
  i32Load16S(memarg?: MemArg): this {
    return this.memOp("i32.load16_s", [0x2e], 2, memarg);
  }
  /** `i32.load16_u`: loads 2 bytes, zero-extended to i32; `[address] -> [value]`. Default align 2. */
  i32Load16U(memarg?: MemArg): this {
    return this.memOp("i32.load16_u", [0x2f], 2, memarg);
  }
  /** `i32.store`: stores an i32 (4 bytes); `[address, value] -> []`. Default align 4. */
  i32Store(memarg?: MemArg): this {
    return this.memOp("i32.store", [0x36], 4, memarg);
  }
  /** `i64.store`: stores an i64 (8 bytes); `[address, value] -> []`. Default align 8. */
  i64Store(memarg?: MemArg): this {
    return this.memOp("i64.store", [0x37], 8, memarg);
  }
  /** `f32.store`: stores an f32 (4 bytes); `[address, value] -> []`. Default align 4. */
  f32Store(memarg?: MemArg): this {
    return this.memOp("f32.store", [0x38], 4, memarg);
  }
  /** `f64.store`: stores an f64 (8 bytes); `[address, value] -> []`. Default align 8. */
  f64Store(memarg?: MemArg): this {
    return this.memOp("f64.store", [0x39], 8, memarg);
  }
  /** `i32.store8`: stores the low byte of an i32; `[address, value] -> []`. Default align 1. */
  i32Store8(memarg?: MemArg): this {
    return this.memOp("i32.store8", [0x3a], 1, memarg);
  }
  /** `i32.store16`: stores the low 2 bytes of an i32; `[address, value] -> []`. Default align 2. */
  i32Store16(memarg?: MemArg): this {
    return this.memOp("i32.store16", [0x3b], 2, memarg);
  }

  /** `memory.size`: pushes the current memory size in 64 KiB pages. */
  memorySize(): this {
    return this.memoryOp("memory.size", [0x3f, 0x00]);
  }

  /**
   * `memory.grow`: grows memory by the popped number of pages; pushes the old
   * size in pages, or -1 on failure.
   */
  memoryGrow(): this {
    return this.memoryOp("memory.grow", [0x40, 0x00]);
  }

  /** `memory.fill`: `[dest, byte, length] -> []`; sets `length` bytes to `byte`. */
  memoryFill(): this {
    return this.memoryOp("memory.fill", [0xfc, 0x0b, 0x00]);
  }

  /**
   * `memory.copy`: `[dest, src, length] -> []`; copies `length` bytes, correct
   * for overlapping ranges.
   */
  memoryCopy(): this {
    return this.memoryOp("memory.copy", [0xfc, 0x0a, 0x00, 0x00]);
  }
}
