/**
 * Test helpers: a module builder wired to an imported shared memory, and a
 * table-driven runner that proves scalar opcodes by executing them.
 */

import assert from "node:assert/strict";
import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { ModuleBuilder } from "../../src/wasm/module_builder.ts";
import type { ValType } from "../../src/wasm/types.ts";

/** Names of `CodeBuilder` methods that take no arguments (plain opcodes). */
export type NullaryOp = {
  [K in keyof CodeBuilder]: CodeBuilder[K] extends () => CodeBuilder ? K : never;
}[keyof CodeBuilder];

/** Names of `CodeBuilder` methods that take one number (lane or index immediates). */
export type NumberOp = {
  [K in keyof CodeBuilder]: CodeBuilder[K] extends (n: number) => CodeBuilder ? K : never;
}[keyof CodeBuilder];

/** A JS value crossing the wasm boundary. */
export type Scalar = number | bigint;

/** An exported wasm function as seen from JS. */
export type WasmFn = (...args: Scalar[]) => Scalar | undefined;

/** The limits every test module imports its memory with. */
export const SHARED_LIMITS = { initial: 1, maximum: 65536, shared: true } as const;

/** A fresh shared memory matching {@link SHARED_LIMITS}. */
export function sharedMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory(SHARED_LIMITS);
}

/** A module builder that imports `env.memory` as a shared memory. */
export function sharedModule(): ModuleBuilder {
  const mb = new ModuleBuilder();
  mb.importMemory("env", "memory", SHARED_LIMITS);
  return mb;
}

/** Validates, compiles and instantiates `mb` with `env.memory` and any other `env` imports. */
export function instantiate(
  mb: ModuleBuilder,
  memory: WebAssembly.Memory = sharedMemory(),
  env: WebAssembly.ModuleImports = {},
): Record<string, WasmFn> {
  const bytes = mb.toBytes();
  assert.ok(WebAssembly.validate(bytes), "module must validate");
  const imports = { env: { memory, ...env } };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
  return instance.exports as Record<string, WasmFn>;
}

/** One scalar opcode and its expected results; `"trap"` expects a RuntimeError. */
export interface OpCase {
  readonly op: NullaryOp;
  readonly params: readonly ValType[];
  readonly result: ValType;
  readonly cases: readonly (readonly [readonly Scalar[], Scalar | "trap"])[];
}

/**
 * Builds one exported function per table row (`params -> op -> result`),
 * runs every case in a shared-memory module, and compares with `Object.is`
 * (so -0 and NaN are checked exactly).
 */
export function runOpTable(table: readonly OpCase[]): void {
  const mb = sharedModule();
  for (const row of table) {
    const f = mb.addFunction(row.op, { params: row.params, results: [row.result], export: true });
    row.params.forEach((_, i) => f.localGet(i));
    f[row.op]();
  }
  const exports = instantiate(mb);
  for (const row of table) {
    for (const [args, expected] of row.cases) {
      const what = `${row.op}(${args.join(", ")})`;
      if (expected === "trap") {
        assert.throws(() => exports[row.op](...args), WebAssembly.RuntimeError, what);
      } else {
        const actual = exports[row.op](...args);
        assert.ok(Object.is(actual, expected), `${what}: expected ${expected}, got ${actual}`);
      }
    }
  }
}

/** Public method names a class declares itself (not inherited). */
export function ownMethods(proto: object): string[] {
  return Object.getOwnPropertyNames(proto).filter((n) => n !== "constructor").sort();
}

/**
 * Asserts that a table covers exactly the opcodes a layer declares; `helpers`
 * names the layer's protected non-instruction methods.
 */
export function assertCovers(
  proto: object,
  covered: Iterable<string>,
  helpers: readonly string[] = [],
): void {
  assert.deepEqual([...new Set([...covered, ...helpers])].sort(), ownMethods(proto));
}
