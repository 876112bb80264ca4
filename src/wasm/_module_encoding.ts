/**
 * Serialises the parts collected by `ModuleBuilder`: to a binary module
 * (preamble, then the type, import, function, memory, export, start and code
 * sections in the order the spec requires, then a `name` custom section),
 * and to the WAT-like text listing.
 *
 * @module
 */

import { append, name, section, u32, vec } from "./_encoding.ts";
import type { CodeBuilder } from "./code_builder.ts";
import type { MemoryLimits } from "./types.ts";

const MAX_PAGES = 65536;
const PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]; // "\0asm", version 1

/** One import: kind 0x00 function, 0x02 memory, 0x03 global. */
export interface ImportEntry {
  readonly module: string;
  readonly field: string;
  readonly kind: 0x00 | 0x02 | 0x03;
  /** Encoded import description (type index, limits or global type). */
  readonly desc: readonly number[];
  /** Listing form, e.g. `(memory 1 65536 shared)`. */
  readonly text: string;
}

/** One export: kind 0x00 function or 0x02 memory. */
export interface ExportEntry {
  readonly name: string;
  readonly kind: 0x00 | 0x02;
  readonly index: number;
}

/** A defined function with its type index. */
export interface FunctionEntry {
  readonly code: CodeBuilder;
  readonly type: number;
}

/** Everything `ModuleBuilder` has collected. */
export interface ModuleParts {
  /** Encoded function types (`0x60 params results`), deduplicated. */
  readonly types: number[][];
  readonly imports: ImportEntry[];
  readonly importedFunctionNames: string[];
  readonly functions: FunctionEntry[];
  readonly exports: ExportEntry[];
  memory: { readonly limits: MemoryLimits; readonly imported: boolean } | undefined;
  start: number | undefined;
}

/**
 * Validates and encodes memory limits. The flag byte is 0x00 (initial only),
 * 0x01 (initial and maximum) or 0x03 (shared, initial and maximum).
 *
 * @throws {RangeError} If a page count is out of range or `maximum < initial`.
 * @throws {TypeError} If `shared` is set without `maximum`.
 */
export function encodeLimits(method: string, limits: MemoryLimits): number[] {
  const { initial, maximum, shared = false } = limits;
  const isPages = (v: number) => Number.isInteger(v) && v >= 0 && v <= MAX_PAGES;
  if (!isPages(initial)) {
    throw new RangeError(`${method}: initial ${initial} is not a page count in 0..${MAX_PAGES}`);
  }
  if (maximum !== undefined && (!isPages(maximum) || maximum < initial)) {
    throw new RangeError(
      `${method}: maximum ${maximum} is not a page count in ${initial}..${MAX_PAGES}`,
    );
  }
  if (shared && maximum === undefined) {
    throw new TypeError(`${method}: a shared memory needs a maximum`);
  }
  if (maximum === undefined) return [0x00, ...u32(initial)];
  return [shared ? 0x03 : 0x01, ...u32(initial), ...u32(maximum)];
}

/** Listing form of limits: `1`, `1 16` or `1 65536 shared`. */
export function limitsText(limits: MemoryLimits): string {
  const max = limits.maximum === undefined ? "" : ` ${limits.maximum}`;
  return `${limits.initial}${max}${limits.shared ? " shared" : ""}`;
}

/**
 * Encodes a whole module.
 *
 * @throws {RangeError} If a function has open blocks, or an export or the
 *   start refers to a missing function.
 * @throws {TypeError} If a function uses memory but the module has none.
 */
export function encodeModule(parts: ModuleParts): Uint8Array<ArrayBuffer> {
  checkReferences(parts);
  const { types, imports, functions, exports, memory, start } = parts;
  const out = [...PREAMBLE];
  const add = (id: number, items: readonly (readonly number[])[]) => {
    if (items.length > 0) append(out, section(id, vec(items)));
  };
  add(1, types);
  add(2, imports.map((i) => [...name(i.module), ...name(i.field), i.kind, ...i.desc]));
  add(3, functions.map((f) => u32(f.type)));
  if (memory !== undefined && !memory.imported) {
    add(5, [encodeLimits("ModuleBuilder.addMemory()", memory.limits)]);
  }
  add(7, exports.map((e) => [...name(e.name), e.kind, ...u32(e.index)]));
  if (start !== undefined) append(out, section(8, u32(start)));
  add(10, functions.map((f) => withSize(f.code.toBytes())));
  append(out, nameSection([...parts.importedFunctionNames, ...functions.map((f) => f.code.name)]));
  return Uint8Array.from(out);
}

/** Renders the module as a WAT-like listing, two spaces per nesting level. */
export function moduleText(parts: ModuleParts): string {
  const { imports, memory, functions, exports, start, importedFunctionNames } = parts;
  const names = [...importedFunctionNames, ...functions.map((f) => f.code.name)];
  const lines = imports.map((i) => `(import "${i.module}" "${i.field}" ${i.text})`);
  if (memory !== undefined && !memory.imported) {
    lines.push(`(memory ${limitsText(memory.limits)})`);
  }
  for (const f of functions) for (const l of f.code.toText().split("\n")) lines.push(l);
  for (const e of exports) {
    const what = e.kind === 0x02 ? "(memory 0)" : `(func $${names[e.index] ?? e.index})`;
    lines.push(`(export "${e.name}" ${what})`);
  }
  if (start !== undefined) lines.push(`(start $${names[start] ?? start})`);
  return ["(module", ...lines.map((l) => "  " + l), ")"].join("\n");
}

function checkReferences(parts: ModuleParts): void {
  const method = "ModuleBuilder.toBytes()";
  const count = parts.importedFunctionNames.length + parts.functions.length;
  const missing = (index: number) => !Number.isInteger(index) || index < 0 || index >= count;
  for (const { code } of parts.functions) {
    if (code.usesMemory && parts.memory === undefined) {
      throw new TypeError(
        `${method}: function "${code.name}" uses memory but the module has none; ` +
          "call importMemory() or addMemory()",
      );
    }
  }
  for (const e of parts.exports) {
    if (e.kind === 0x00 && missing(e.index)) {
      throw new RangeError(
        `${method}: export "${e.name}" refers to function ${e.index}, but there are ${count}`,
      );
    }
  }
  if (parts.start !== undefined && missing(parts.start)) {
    throw new RangeError(
      `${method}: start refers to function ${parts.start}, but there are ${count}`,
    );
  }
}

function withSize(body: Uint8Array): number[] {
  const out = u32(body.length);
  append(out, body);
  return out;
}

/** Custom `name` section with subsection 1 (function names). */
function nameSection(functionNames: readonly string[]): number[] {
  const entries = functionNames.map((n, i) => [...u32(i), ...name(n)]);
  const functionsSub = vec(entries);
  const contents = [...name("name"), 0x01, ...u32(functionsSub.length)];
  append(contents, functionsSub);
  return section(0, contents);
}
