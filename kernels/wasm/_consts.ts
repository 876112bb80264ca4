/**
 * Splat constants of the Wasm kernels. V8 rebuilds a `v128.const` on every
 * use (several instructions, inside the loop), so kernels call
 * `hoistConstants` before their loops; `k` / `ki` then read the constant
 * from a local (and emit `v128.const` for constants not hoisted).
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { ModuleBuilder } from "../../src/wasm/module_builder.ts";

/** Hoisted constants per function body (key: `f` + float32 bits, or `i` + int). */
const hoisted = new WeakMap<CodeBuilder, Map<string, number>>();
/** Set while `hoistConstants` records which constants an emitter uses. */
let recording: Set<string> | undefined;

const bits = new Int32Array(1), asF32 = new Float32Array(bits.buffer);
function fkey(c: number): string {
  asF32[0] = c;
  return `f${bits[0]}`;
}

function konst(f: CodeBuilder, key: string, push: () => CodeBuilder): CodeBuilder {
  recording?.add(key);
  const l = hoisted.get(f)?.get(key);
  return l === undefined ? push() : f.localGet(l);
}

/** Pushes a splat f32 constant. */
export function k(f: CodeBuilder, c: number): CodeBuilder {
  return konst(f, fkey(c), () => f.v128ConstF32x4([c, c, c, c]));
}

/** Pushes a splat i32 constant. */
export function ki(f: CodeBuilder, c: number): CodeBuilder {
  return konst(f, `i${c | 0}`, () => f.v128ConstI32x4([c, c, c, c]));
}

/**
 * Emits, where it is called, locals holding every constant that the given
 * emitters (run on a scratch function) and the `extra` float constants use;
 * later `k` / `ki` calls on `f` read those locals.
 */
export function hoistConstants(
  f: CodeBuilder,
  emitters: readonly ((g: CodeBuilder, x: number) => void)[],
  extra: readonly number[] = [],
): void {
  const keys = new Set(extra.map(fkey));
  recording = keys;
  try {
    for (const emit of emitters) {
      emit(new ModuleBuilder().addFunction("scratch", { params: ["v128"] }), 0);
    }
  } finally {
    recording = undefined;
  }
  const map = hoisted.get(f) ?? new Map<string, number>();
  hoisted.set(f, map);
  for (const key of keys) {
    if (map.has(key)) continue;
    const v = Number(key.slice(1)), l = f.local("v128");
    bits[0] = v;
    if (key[0] === "i") f.v128ConstI32x4([v, v, v, v]);
    else f.v128ConstF32x4([asF32[0], asF32[0], asF32[0], asF32[0]]);
    f.localSet(l);
    map.set(key, l);
  }
}
