/**
 * `CodeBuilder`: writes one function body instruction by instruction.
 *
 * @module
 */

import { u32 } from "./_encoding.ts";
import { checkIndex, methodName } from "./_code_core.ts";
import { VariableOps } from "./_variable_ops.ts";
import type { BlockType, Label } from "./types.ts";

/**
 * Body of a structured `block`, `loop` or `if` arm; receives the construct's
 * label, a branch target while the body runs.
 *
 * @example
 * ```ts
 * import type { BlockBody } from "./code_builder.ts";
 * const spin: BlockBody = (top) => console.assert(top.kind === "loop");
 * ```
 */
export type BlockBody = (label: Label) => void;

/**
 * Builds a function body. Obtain one from `ModuleBuilder.addFunction()`.
 *
 * Instruction methods are named after the text-format mnemonics in
 * camelCase (`i32.add` -> `i32Add()`, `f32x4.extract_lane 2` ->
 * `f32x4ExtractLane(2)`) and return the builder, so calls chain. This class
 * adds calls and control flow; the instruction families live in the layers
 * it extends (integer, float, conversion, memory, SIMD and variable ops).
 *
 * Control flow can be written raw (`block()` ... `end()`, branching by
 * relative depth) or structured: `block(body)`, `loop(body)` and
 * `if(then, else?)` emit the matching `end` themselves and pass the body a
 * {@link Label} that `br`, `brIf` and `brTable` resolve to the right depth.
 *
 * Every instruction is also recorded in a WAT-like listing, see `toText()`.
 *
 * @example
 * ```ts
 * import { ModuleBuilder } from "./module_builder.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * // sum of 0..n-1 with a structured loop
 * const mb = new ModuleBuilder();
 * const f = mb.addFunction("triangle", { params: ["i32"], results: ["i32"], export: true });
 * const i = f.local("i32", "i");
 * const acc = f.local("i32", "acc");
 * f.block((done) => {
 *   f.loop((next) => {
 *     f.localGet(i).localGet(0).i32GeS().brIf(done);
 *     f.localGet(acc).localGet(i).i32Add().localSet(acc);
 *     f.localGet(i).i32Const(1).i32Add().localSet(i);
 *     f.br(next);
 *   });
 * });
 * f.localGet(acc);
 * const { exports } = new WebAssembly.Instance(new WebAssembly.Module(mb.toBytes()));
 * strictEqual((exports.triangle as (n: number) => number)(5), 10);
 * ```
 */
export class CodeBuilder extends VariableOps {
  /**
   * `call`: calls a function, popping its arguments and pushing its results.
   *
   * @param fn Function index (imports first) or the callee's builder.
   * @returns This builder.
   * @throws {RangeError} If the index is not an unsigned 32-bit integer.
   */
  call(fn: number | CodeBuilder): this {
    const index = typeof fn === "number" ? fn : fn.index;
    checkIndex("CodeBuilder.call()", "function", index);
    const text = typeof fn === "number" ? `call ${fn}` : `call $${fn.name}`;
    return this.emit(text, [0x10, ...u32(index)]);
  }

  /** `nop`: does nothing. */
  nop(): this {
    return this.op(0x01, "nop");
  }

  /** `unreachable`: traps unconditionally. */
  unreachable(): this {
    return this.op(0x00, "unreachable");
  }

  /** `return`: returns from the function with the results on the stack. */
  return(): this {
    return this.op(0x0f, "return");
  }

  /**
   * `block`: a construct whose label is branched to by jumping past its
   * `end`. Without a body it only opens the block (close it with `end()`).
   *
   * @param type Block result type. Default `"void"`.
   * @param body Emits the block's instructions; receives its label.
   * @returns This builder.
   * @throws {TypeError} If `type` is not a block type.
   * @throws {RangeError} If `body` leaves blocks open or closes outer ones.
   */
  block(type?: BlockType, body?: BlockBody): this;
  /** Structured `block` without a result: emits `body`, then `end`. */
  block(body: BlockBody): this;
  block(type?: BlockType | BlockBody, body?: BlockBody): this {
    return typeof type === "function"
      ? this.#structured("block", "void", type)
      : this.#structured("block", type ?? "void", body);
  }

  /**
   * `loop`: a construct whose label is branched to by jumping back to its
   * start. Falling through the end leaves the loop.
   *
   * @param type Loop result type. Default `"void"`.
   * @param body Emits the loop body; receives its label.
   * @returns This builder.
   * @throws {TypeError} If `type` is not a block type.
   * @throws {RangeError} If `body` leaves blocks open or closes outer ones.
   */
  loop(type?: BlockType, body?: BlockBody): this;
  /** Structured `loop` without a result: emits `body`, then `end`. */
  loop(body: BlockBody): this;
  loop(type?: BlockType | BlockBody, body?: BlockBody): this {
    return typeof type === "function"
      ? this.#structured("loop", "void", type)
      : this.#structured("loop", type ?? "void", body);
  }

  /**
   * `if`: pops an i32 condition; runs `then` when it is non-zero, else
   * `otherwise`. Call as `if(then, otherwise?)` or `if(type, then,
   * otherwise?)`; without bodies it only opens the `if` (then use `else()` and
   * `end()`).
   *
   * @param type Result type, or the `then` body.
   * @param then Then arm (or the `else` arm when `type` is a body).
   * @param otherwise Else arm.
   * @returns This builder.
   * @throws {TypeError} If `type` is not a block type.
   * @throws {RangeError} If an arm leaves blocks open or closes outer ones.
   */
  if(type?: BlockType, then?: BlockBody, otherwise?: BlockBody): this;
  /** Structured `if` without a result: emits `then`, optional `else` arm, then `end`. */
  if(then: BlockBody, otherwise?: BlockBody): this;
  if(type?: BlockType | BlockBody, then?: BlockBody, otherwise?: BlockBody): this {
    return typeof type === "function"
      ? this.#structured("if", "void", type, then)
      : this.#structured("if", type ?? "void", then, otherwise);
  }

  /**
   * `else`: starts the else arm of the innermost raw `if`.
   *
   * @returns This builder.
   * @throws {RangeError} If the innermost construct is not an `if` without `else`.
   */
  else(): this {
    this.elseFrame("CodeBuilder.else()");
    return this;
  }

  /**
   * `end`: closes the innermost raw `block`, `loop` or `if`. The function's
   * own final `end` is added by `toBytes()`.
   *
   * @returns This builder.
   * @throws {RangeError} If no construct is open.
   */
  end(): this {
    this.closeFrame("CodeBuilder.end()");
    return this;
  }

  /**
   * `br`: branches to `target`, a {@link Label} or a relative depth.
   *
   * @throws {RangeError} If the label is not open or the depth out of range.
   */
  br(target: number | Label): this {
    return this.#branch("br", 0x0c, target);
  }

  /**
   * `br_if`: pops an i32 and branches to `target` if it is non-zero.
   *
   * @throws {RangeError} If the label is not open or the depth out of range.
   */
  brIf(target: number | Label): this {
    return this.#branch("br_if", 0x0d, target);
  }

  /**
   * `br_table`: pops an i32 `i`; branches to `targets[i]`, or to
   * `defaultTarget` when `i` is out of range.
   *
   * @throws {RangeError} If a label is not open or a depth out of range.
   */
  brTable(targets: readonly (number | Label)[], defaultTarget: number | Label): this {
    const method = "CodeBuilder.brTable()";
    const depths = [...targets, defaultTarget].map((t) => this.depthOf(method, t));
    const bytes = [0x0e, ...u32(targets.length)];
    for (const d of depths) bytes.push(...u32(d));
    return this.emit(`br_table ${depths.join(" ")}`, bytes);
  }

  #branch(text: "br" | "br_if", code: number, target: number | Label): this {
    const depth = this.depthOf(methodName(text), target);
    const note = typeof target === "number" ? "" : ` ;; @${target.id}`;
    return this.emit(`${text} ${depth}${note}`, [code, ...u32(depth)]);
  }

  #structured(kind: Label["kind"], type: BlockType, body?: BlockBody, otherwise?: BlockBody): this {
    const method = `CodeBuilder.${kind}()`;
    const label = this.openFrame(method, kind, type);
    if (body === undefined) return this;
    this.#runArm(method, body, label);
    if (otherwise !== undefined) {
      this.elseFrame(method);
      this.#runArm(method, otherwise, label);
    }
    this.closeFrame(method);
    return this;
  }

  #runArm(method: string, body: BlockBody, label: Label): void {
    const depth = this.openBlocks;
    body(label);
    if (this.openBlocks !== depth || !this.isOpen(label)) {
      const diff = this.openBlocks - depth;
      throw new RangeError(
        diff > 0
          ? `${method}: body left ${diff} block${diff === 1 ? "" : "s"} open; close them with end()`
          : `${method}: body closed blocks it did not open; remove the extra end()`,
      );
    }
  }
}
