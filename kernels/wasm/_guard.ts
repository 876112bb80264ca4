/**
 * The guards of the Wasm kernels (see the kernel contract in
 * `kernels/kernel.ts`): one unsigned compare per index or bound, and an early
 * `return FAULT` before anything outside the kernel's tensors is touched.
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import type { Locals } from "./_emit.ts";

/**
 * What `run` returns: 0 when every index and offset it dereferenced was in
 * range; `FAULT` when one was not (data changed after validation), in which
 * case the kernel stopped before touching memory outside its tensors.
 */
export const FAULT = 1;

/** Emits `if (value >=u bound) return FAULT`: one unsigned compare guards `0 <= value < bound`. */
export function guardBelow(f: CodeBuilder, value: () => void, bound: () => void): void {
  value();
  bound();
  f.i32GeU();
  f.if(() => f.i32Const(FAULT).return());
}

/**
 * Emits `if (first >u last || last >u N || (b == 0 && first != 0)) return FAULT`:
 * a bag's bounds must lie in `[0, N]`, in order, and the first bag start at 0.
 */
export function guardBag(
  f: CodeBuilder,
  p: Locals<"N">,
  b: number,
  first: number,
  last: number,
): void {
  f.localGet(first).localGet(last).i32GtU().localGet(last).localGet(p.N).i32GtU().i32Or();
  f.localGet(b).i32Eqz().localGet(first).i32Const(0).i32Ne().i32And().i32Or();
  f.if(() => f.i32Const(FAULT).return());
}
