/**
 * Variable and parametric instructions: `local.get/set/tee`,
 * `global.get/set`, `drop` and `select`. One layer of `CodeBuilder`; locals
 * are declared with `CodeBuilder.local()`.
 *
 * @module
 */

import { u32, valType } from "./_encoding.ts";
import { checkIndex, methodName } from "./_code_core.ts";
import { SimdConversionOps } from "./_simd_conversion_ops.ts";
import type { ValType } from "./types.ts";

/** Variable and parametric instructions; see `CodeBuilder`. */
export class VariableOps extends SimdConversionOps {
  /**
   * `local.get`: pushes a parameter or local.
   *
   * @param index Local index (parameters first, then `local()` results).
   * @returns This builder.
   * @throws {RangeError} If the local is not declared.
   */
  localGet(index: number): this {
    return this.#localOp("local.get", 0x20, index);
  }

  /**
   * `local.set`: pops into a parameter or local.
   *
   * @param index Local index.
   * @returns This builder.
   * @throws {RangeError} If the local is not declared.
   */
  localSet(index: number): this {
    return this.#localOp("local.set", 0x21, index);
  }

  /**
   * `local.tee`: stores the top of stack into a local, keeping it.
   *
   * @param index Local index.
   * @returns This builder.
   * @throws {RangeError} If the local is not declared.
   */
  localTee(index: number): this {
    return this.#localOp("local.tee", 0x22, index);
  }

  /**
   * `global.get`: pushes a global (see `ModuleBuilder.importGlobal()`).
   *
   * @param index Global index.
   * @returns This builder.
   * @throws {RangeError} If `index` is not an unsigned 32-bit integer.
   */
  globalGet(index: number): this {
    checkIndex("CodeBuilder.globalGet()", "global", index);
    return this.emit(`global.get ${index}`, [0x23, ...u32(index)]);
  }

  /**
   * `global.set`: pops into a mutable global.
   *
   * @param index Global index.
   * @returns This builder.
   * @throws {RangeError} If `index` is not an unsigned 32-bit integer.
   */
  globalSet(index: number): this {
    checkIndex("CodeBuilder.globalSet()", "global", index);
    return this.emit(`global.set ${index}`, [0x24, ...u32(index)]);
  }

  /** `drop`: discards the top of stack. */
  drop(): this {
    return this.op(0x1a, "drop");
  }

  /**
   * `select`: `[a, b, cond] -> [cond ? a : b]`. The untyped form works for
   * every value type, v128 included; pass `type` to emit the typed form
   * `select (result t)`.
   *
   * @param type Optional operand type.
   * @returns This builder.
   * @throws {TypeError} If `type` is not a value type.
   */
  select(type?: ValType): this {
    if (type === undefined) return this.op(0x1b, "select");
    const code = valType(type, "CodeBuilder.select()");
    return this.emit(`select (result ${type})`, [0x1c, 0x01, code]);
  }

  #localOp(text: string, code: number, index: number): this {
    this.checkLocal(methodName(text), index);
    return this.emit(`${text} ${this.localRef(index)}`, [code, ...u32(index)]);
  }
}
