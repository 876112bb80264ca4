/**
 * `ModuleBuilder`: assembles types, imports, functions and exports into a
 * WebAssembly binary module.
 *
 * @module
 */

import { CodeBuilder } from "./code_builder.ts";
import {
  encodeLimits,
  encodeModule,
  type ExportEntry,
  limitsText,
  type ModuleParts,
  moduleText,
} from "./_module_encoding.ts";
import { u32, valType } from "./_encoding.ts";
import type { FunctionSpec, MemoryLimits, ValType } from "./types.ts";

/**
 * Builds a WebAssembly module in memory, then encodes it with `toBytes()`.
 *
 * Imports must be declared before `addFunction()` (imported functions take
 * the lowest function indices). The module has at most one memory, imported
 * or defined; memory instructions always use memory 0. Function types are
 * deduplicated, and a `name` section records function names for stack traces.
 *
 * @example
 * ```ts
 * import { ModuleBuilder } from "./module_builder.ts";
 * import { strictEqual } from "node:assert/strict";
 *
 * const mb = new ModuleBuilder();
 * mb.importMemory("env", "memory", { initial: 1, maximum: 65536, shared: true });
 * const f = mb.addFunction("scale", { params: ["i32", "f32"], export: true });
 * // *(f32*)p = *(f32*)p * k
 * f.localGet(0).localGet(0).f32Load().localGet(1).f32Mul().f32Store();
 *
 * const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
 * const module = new WebAssembly.Module(mb.toBytes());
 * const { exports } = new WebAssembly.Instance(module, { env: { memory } });
 * new Float32Array(memory.buffer)[2] = 1.5;
 * (exports.scale as (p: number, k: number) => void)(8, 4);
 * strictEqual(new Float32Array(memory.buffer)[2], 6);
 * ```
 */
export class ModuleBuilder {
  readonly #parts: ModuleParts = {
    types: [],
    imports: [],
    functions: [],
    exports: [],
    memory: undefined,
    start: undefined,
    importedFunctionNames: [],
  };
  #importedGlobals = 0;
  readonly #listing: boolean;

  /**
   * @param options `listing: false` skips recording the text listing
   *   (`toText()` then throws), which saves time and memory on large bodies.
   */
  constructor(options: { listing?: boolean } = {}) {
    this.#listing = options.listing ?? true;
  }

  /**
   * Imports the module's memory (memory 0).
   *
   * @param module Import module name, e.g. `"env"`.
   * @param field Import field name, e.g. `"memory"`.
   * @param limits Page limits; a `shared` memory needs a `maximum`.
   * @returns The memory index, always 0.
   * @throws {TypeError} If the module already has a memory, or `shared` lacks `maximum`.
   * @throws {RangeError} If the limits are out of range.
   */
  importMemory(module: string, field: string, limits: MemoryLimits): number {
    const method = "ModuleBuilder.importMemory()";
    const desc = encodeLimits(method, limits);
    this.#claimMemory(method, limits, true);
    const text = `(memory ${limitsText(limits)})`;
    this.#parts.imports.push({ module, field, kind: 0x02, desc, text });
    return 0;
  }

  /**
   * Defines the module's own memory (memory 0), not imported.
   *
   * @param limits Page limits; a `shared` memory needs a `maximum`.
   * @returns The memory index, always 0.
   * @throws {TypeError} If the module already has a memory, or `shared` lacks `maximum`.
   * @throws {RangeError} If the limits are out of range.
   */
  addMemory(limits: MemoryLimits): number {
    const method = "ModuleBuilder.addMemory()";
    encodeLimits(method, limits);
    this.#claimMemory(method, limits, false);
    return 0;
  }

  /**
   * Imports a function, callable with `CodeBuilder.call(index)`.
   *
   * @param module Import module name.
   * @param field Import field name (also its name in the listing).
   * @param signature Parameter and result types.
   * @returns The function index.
   * @throws {TypeError} If called after `addFunction()` or a type is unknown.
   */
  importFunction(
    module: string,
    field: string,
    signature: Pick<FunctionSpec, "params" | "results">,
  ): number {
    const method = "ModuleBuilder.importFunction()";
    if (this.#parts.functions.length > 0) {
      throw new TypeError(
        `${method}: imports must come before addFunction() (indices would shift)`,
      );
    }
    const { params = [], results = [] } = signature;
    const type = this.#typeIndex(method, params, results);
    const text = `(func $${field}${params.map((t) => ` (param ${t})`).join("")}` +
      `${results.map((t) => ` (result ${t})`).join("")})`;
    this.#parts.imports.push({ module, field, kind: 0x00, desc: u32(type), text });
    this.#parts.importedFunctionNames.push(field);
    return this.#parts.importedFunctionNames.length - 1;
  }

  /**
   * Imports a global, readable with `CodeBuilder.globalGet(index)`.
   *
   * @param module Import module name.
   * @param field Import field name.
   * @param type Value type of the global.
   * @param mutable Whether the global is mutable (`globalSet` allowed).
   * @returns The global index.
   * @throws {TypeError} If `type` is unknown.
   */
  importGlobal(module: string, field: string, type: ValType, mutable = false): number {
    const code = valType(type, "ModuleBuilder.importGlobal()");
    const text = `(global ${mutable ? `(mut ${type})` : type})`;
    this.#parts.imports.push({ module, field, kind: 0x03, desc: [code, mutable ? 1 : 0], text });
    return this.#importedGlobals++;
  }

  /**
   * Defines a function and returns the builder for its body.
   *
   * @param name Function name (export name when `spec.export` is set).
   * @param spec Parameters, results, parameter names and export flag.
   * @returns The body builder; its `index` is the function index.
   * @throws {TypeError} If a type is unknown or the export name is taken.
   */
  addFunction(name: string, spec: FunctionSpec = {}): CodeBuilder {
    const { params = [], results = [], paramNames = [] } = spec;
    const type = this.#typeIndex("ModuleBuilder.addFunction()", params, results);
    const index = this.#parts.importedFunctionNames.length + this.#parts.functions.length;
    const fn = new CodeBuilder(name, index, params, results, paramNames, this.#listing);
    if (spec.export) this.exportFunction(name, fn);
    this.#parts.functions.push({ code: fn, type });
    return fn;
  }

  /**
   * Exports a function.
   *
   * @param name Export name, unique among exports.
   * @param fn Function index or builder.
   * @returns This builder.
   * @throws {TypeError} If the export name is already used.
   */
  exportFunction(name: string, fn: number | CodeBuilder): this {
    return this.#export("ModuleBuilder.exportFunction()", name, 0x00, indexOf(fn));
  }

  /**
   * Exports memory 0 (imported or defined).
   *
   * @param name Export name, unique among exports.
   * @returns This builder.
   * @throws {TypeError} If the name is used or the module has no memory.
   */
  exportMemory(name: string): this {
    const method = "ModuleBuilder.exportMemory()";
    if (this.#parts.memory === undefined) {
      throw new TypeError(
        `${method}: the module has no memory; call importMemory() or addMemory() first`,
      );
    }
    return this.#export(method, name, 0x02, 0);
  }

  /**
   * Sets the start function, run on instantiation; it must take and return
   * nothing.
   *
   * @param fn Function index or builder.
   * @returns This builder.
   */
  setStart(fn: number | CodeBuilder): this {
    this.#parts.start = indexOf(fn);
    return this;
  }

  /**
   * Encodes the module.
   *
   * @returns The module bytes, ready for `WebAssembly.Module`.
   * @throws {RangeError} If a function has open blocks, or an export or start
   *   refers to a missing function.
   * @throws {TypeError} If a function uses memory but the module has none.
   */
  toBytes(): Uint8Array<ArrayBuffer> {
    return encodeModule(this.#parts);
  }

  /**
   * Renders the module as a WAT-like listing (imports, memory, functions with
   * every emitted instruction, exports), e.g. for `EMBED_DEBUG=3`.
   *
   * @returns The listing, starting with `(module`.
   */
  toText(): string {
    return moduleText(this.#parts);
  }

  #claimMemory(method: string, limits: MemoryLimits, imported: boolean): void {
    if (this.#parts.memory !== undefined) {
      throw new TypeError(`${method}: the module already has a memory (only one is supported)`);
    }
    this.#parts.memory = { limits: { ...limits }, imported };
  }

  #typeIndex(method: string, params: readonly ValType[], results: readonly ValType[]): number {
    const codes = [0x60, ...u32(params.length), ...params.map((t) => valType(t, method))];
    codes.push(...u32(results.length), ...results.map((t) => valType(t, method)));
    const key = codes.join(",");
    const found = this.#parts.types.findIndex((t) => t.join(",") === key);
    if (found >= 0) return found;
    this.#parts.types.push(codes);
    return this.#parts.types.length - 1;
  }

  #export(method: string, name: string, kind: ExportEntry["kind"], index: number): this {
    if (this.#parts.exports.some((e) => e.name === name)) {
      throw new TypeError(`${method}: export name "${name}" is already used`);
    }
    this.#parts.exports.push({ name, kind, index });
    return this;
  }
}

function indexOf(fn: number | CodeBuilder): number {
  return typeof fn === "number" ? fn : fn.index;
}
