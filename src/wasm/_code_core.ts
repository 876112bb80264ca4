/**
 * State shared by every instruction layer of `CodeBuilder`: the byte buffer,
 * the text trace, parameters and locals, and the stack of open control
 * constructs. Subclasses emit through the protected helpers only.
 *
 * @module
 */

import { append, blockType, u32, valType } from "./_encoding.ts";
import { ControlStack } from "./_control_stack.ts";
import type { BlockType, Label, ValType } from "./types.ts";

const INDENT = "  ";
const OPEN_CODES: Readonly<Record<Label["kind"], number>> = { block: 0x02, loop: 0x03, if: 0x04 };

/** `"i32.load8_s"` -> `"CodeBuilder.i32Load8S()"`, for error messages. */
export function methodName(mnemonic: string): string {
  return `CodeBuilder.${mnemonic.replace(/[._](\w)/g, (_, c: string) => c.toUpperCase())}()`;
}

/**
 * Throws unless `index` is a lane index below `count`.
 *
 * @throws {RangeError} If the lane index is out of range.
 */
export function checkLane(method: string, index: number, count: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`${method}: lane ${index} is out of range 0..${count - 1}`);
  }
}

/**
 * Throws unless `index` can be a function or global index.
 *
 * @throws {RangeError} If `index` is not an unsigned 32-bit integer.
 */
export function checkIndex(method: string, what: string, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index > 0xffff_ffff) {
    throw new RangeError(`${method}: ${what} index ${index} is not an unsigned 32-bit integer`);
  }
}

/** Function-body state and emit primitives; see `CodeBuilder`. */
export class CodeCore {
  readonly #name: string;
  readonly #index: number;
  readonly #params: readonly ValType[];
  readonly #results: readonly ValType[];
  readonly #locals: ValType[] = [];
  readonly #names: (string | undefined)[];
  readonly #bytes: number[] = [];
  /** The text listing, recorded only when asked for (`undefined`: not recorded). */
  readonly #lines: string[] | undefined;
  readonly #control = new ControlStack();
  #usesMemory = false;

  constructor(
    fnName: string,
    index: number,
    params: readonly ValType[],
    results: readonly ValType[],
    paramNames: readonly string[] = [],
    listing = true,
  ) {
    const method = "ModuleBuilder.addFunction()";
    params.forEach((t) => valType(t, method));
    results.forEach((t) => valType(t, method));
    if (paramNames.length > params.length) {
      throw new RangeError(
        `${method}: ${paramNames.length} parameter names given for ${params.length} parameters`,
      );
    }
    this.#name = fnName;
    this.#index = index;
    this.#params = Object.freeze([...params]);
    this.#results = Object.freeze([...results]);
    this.#names = params.map((_, i) => paramNames[i]);
    this.#lines = listing ? [] : undefined;
  }

  /** Function index in the module (imported functions come first). */
  get index(): number {
    return this.#index;
  }
  /** Function name, used for exports, the name section and the listing. */
  get name(): string {
    return this.#name;
  }
  /** Parameter types. */
  get params(): readonly ValType[] {
    return this.#params;
  }
  /** Result types. */
  get results(): readonly ValType[] {
    return this.#results;
  }
  /** Whether any emitted instruction needs a linear memory. */
  get usesMemory(): boolean {
    return this.#usesMemory;
  }
  /** Number of open `block`/`loop`/`if` constructs. */
  get openBlocks(): number {
    return this.#control.depth;
  }

  /**
   * Declares a new local (zero-initialised) and returns its index, to be
   * used with `localGet`/`localSet`/`localTee`.
   *
   * @param type Value type of the local.
   * @param localName Optional name, shown as `$name` in the text listing.
   * @returns The local index (parameters occupy 0..params.length-1).
   * @throws {TypeError} If `type` is not a value type.
   */
  local(type: ValType, localName?: string): number {
    valType(type, "CodeBuilder.local()");
    this.#locals.push(type);
    this.#names.push(localName);
    return this.#names.length - 1;
  }

  /**
   * Encodes the function body: locals declaration, code and final `end`.
   *
   * @returns The body bytes, without the size prefix of the code section.
   * @throws {RangeError} If a `block`, `loop` or `if` is still open.
   */
  toBytes(): Uint8Array<ArrayBuffer> {
    const open = this.#control.depth;
    if (open > 0) {
      const kinds = this.#control.kinds.join(", ");
      throw new RangeError(
        `CodeBuilder.toBytes(): function "${this.#name}" has ${open} open block` +
          `${open === 1 ? "" : "s"} (${kinds}); close ${open === 1 ? "it" : "them"} with end()`,
      );
    }
    const runs: number[][] = [];
    for (let i = 0; i < this.#locals.length;) {
      let j = i;
      while (j < this.#locals.length && this.#locals[j] === this.#locals[i]) j++;
      runs.push([...u32(j - i), valType(this.#locals[i], "CodeBuilder.toBytes()")]);
      i = j;
    }
    const out = u32(runs.length);
    for (const run of runs) append(out, run);
    append(out, this.#bytes);
    out.push(0x0b);
    return Uint8Array.from(out);
  }

  /**
   * Renders the function as WAT-like text, one instruction per line,
   * indented by nesting depth.
   *
   * @returns The listing, starting with `(func $name ...`.
   * @throws {TypeError} If the builder was made without a listing.
   */
  toText(): string {
    if (this.#lines === undefined) {
      throw new TypeError(
        `CodeBuilder.toText(): function "${this.#name}" was built without a listing`,
      );
    }
    const head = [`(func $${this.#name}`];
    this.#params.forEach((t, i) => head.push(`(param ${this.#decl(i)}${t})`));
    this.#results.forEach((t) => head.push(`(result ${t})`));
    const body = this.#locals.map((t, i) => `(local ${this.#decl(this.#params.length + i)}${t})`);
    const out = [head.join(" ")];
    for (const l of body) out.push(INDENT + l);
    for (const l of this.#lines) out.push(INDENT + l);
    out.push(")");
    return out.join("\n");
  }

  #decl(index: number): string {
    const n = this.#names[index];
    return n === undefined ? "" : `$${n} `;
  }

  /** Emits `bytes` and records `text` in the listing at the current depth. */
  protected emit(text: string, bytes: readonly number[]): this {
    append(this.#bytes, bytes);
    this.#lines?.push(INDENT.repeat(this.#control.depth) + text);
    return this;
  }

  /** Emits a one-byte opcode without immediates. */
  protected op(code: number, text: string): this {
    return this.emit(text, [code]);
  }

  /** Emits a prefixed (0xFC / 0xFD) opcode, its u32 sub-opcode and immediates. */
  protected prefixed(prefix: number, code: number, text: string, imm: number[] = []): this {
    return this.emit(text, [prefix, ...u32(code), ...imm]);
  }

  /** Records that the function accesses memory 0 (checked by `ModuleBuilder.toBytes()`). */
  protected useMemory(): void {
    this.#usesMemory = true;
  }

  /** Throws unless `index` names a parameter or declared local. */
  protected checkLocal(method: string, index: number): void {
    const count = this.#names.length;
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new RangeError(
        `${method}: local ${index} is not declared (function has ${count} local${
          count === 1 ? "" : "s"
        })`,
      );
    }
  }

  /** Text reference to a local: `$name` when named, otherwise its index. */
  protected localRef(index: number): string {
    const n = this.#names[index];
    return n === undefined ? String(index) : `$${n}`;
  }

  /** Opens a control construct: emits its opcode and block type. */
  protected openFrame(method: string, kind: Label["kind"], type: BlockType): Label {
    const code = blockType(type, method);
    const label = this.#control.open(kind);
    const result = type === "void" ? "" : ` (result ${type})`;
    this.#lines?.push(INDENT.repeat(this.#control.depth - 1) + `${kind}${result} ;; @${label.id}`);
    append(this.#bytes, [OPEN_CODES[kind], code]);
    return label;
  }

  /** Emits `else` for the innermost construct, which must be an `if`. */
  protected elseFrame(method: string): void {
    this.#control.enterElse(method);
    this.#lines?.push(INDENT.repeat(this.#control.depth - 1) + "else");
    this.#bytes.push(0x05);
  }

  /** Closes the innermost construct and emits `end`; returns its label. */
  protected closeFrame(method: string): Label {
    const label = this.#control.close(method);
    this.emit("end", [0x0b]);
    return label;
  }

  /** Whether `label` is still open. */
  protected isOpen(label: Label): boolean {
    return this.#control.isOpen(label);
  }

  /** Resolves a branch target to a relative depth; see `ControlStack.depthOf`. */
  protected depthOf(method: string, target: number | Label): number {
    return this.#control.depthOf(method, target);
  }
}
