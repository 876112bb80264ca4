/**
 * Shared types of the WebAssembly emitter: value types, block types, memory
 * arguments, labels and limits.
 *
 * @module
 */

/**
 * A WebAssembly value type, spelled as in the text format.
 *
 * @example
 * ```ts
 * import type { ValType } from "./types.ts";
 * const acc: ValType = "v128";
 * console.assert(acc === "v128");
 * ```
 */
export type ValType = "i32" | "i64" | "f32" | "f64" | "v128";

/**
 * The type of a `block`, `loop` or `if`: `"void"` (no result) or a single
 * result value type.
 *
 * @example
 * ```ts
 * import type { BlockType } from "./types.ts";
 * const t: BlockType = "void";
 * console.assert(t === "void");
 * ```
 */
export type BlockType = "void" | ValType;

/**
 * Immediate of a load or store. `offset` is a constant byte offset added to
 * the dynamic address; `align` is the alignment hint in bytes (a power of two,
 * at most the access size; defaults to the access size).
 *
 * @example
 * ```ts
 * import type { MemArg } from "./types.ts";
 * const second: MemArg = { offset: 16, align: 4 };
 * console.assert(second.offset === 16);
 * ```
 */
export interface MemArg {
  /** Constant byte offset, an unsigned 32-bit integer. Default 0. */
  readonly offset?: number;
  /** Alignment hint in bytes: 1, 2, 4, 8 or 16. Default: the access size. */
  readonly align?: number;
}

/**
 * An opaque handle to an open `block`, `loop` or `if`, usable as a branch
 * target while that construct is open. Branching to a `loop` label jumps to
 * its start; to a `block` or `if` label, past its `end`.
 *
 * @example
 * ```ts
 * import { ModuleBuilder } from "./module_builder.ts";
 * const f = new ModuleBuilder().addFunction("spin", {});
 * f.loop((top) => {
 *   console.assert(top.kind === "loop");
 * });
 * ```
 */
export interface Label {
  /** Which construct the label belongs to. */
  readonly kind: "block" | "loop" | "if";
  /** Unique id within its function, used in the text listing (`@id`). */
  readonly id: number;
}

/**
 * Size limits of a linear memory, in 64 KiB pages. A shared memory must
 * declare a `maximum`.
 *
 * @example
 * ```ts
 * import type { MemoryLimits } from "./types.ts";
 * const limits: MemoryLimits = { initial: 1, maximum: 65536, shared: true };
 * console.assert(limits.shared);
 * ```
 */
export interface MemoryLimits {
  /** Initial size in pages. */
  readonly initial: number;
  /** Maximum size in pages (at most 65536). Required when `shared`. */
  readonly maximum?: number;
  /** Whether the memory is shared between agents (threads). Default false. */
  readonly shared?: boolean;
}

/**
 * Signature and options of a function defined with
 * `ModuleBuilder.addFunction()`.
 *
 * @example
 * ```ts
 * import type { FunctionSpec } from "./types.ts";
 * const spec: FunctionSpec = {
 *   params: ["i32", "i32"],
 *   results: ["i32"],
 *   paramNames: ["a", "b"],
 *   export: true,
 * };
 * console.assert(spec.params?.length === 2);
 * ```
 */
export interface FunctionSpec {
  /** Parameter types; they are locals 0..n-1. Default none. */
  readonly params?: readonly ValType[];
  /** Result types. Default none. */
  readonly results?: readonly ValType[];
  /** Names of the parameters, used only by the text listing. */
  readonly paramNames?: readonly string[];
  /** Export the function under its own name. Default false. */
  readonly export?: boolean;
}
