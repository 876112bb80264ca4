/**
 * `jit`'s `donate` option: the storage of a donated argument is reused for
 * a result of the same shape (float32), which is then written in place, as
 * JAX's `donate_argnums` reuses buffers and PyTorch's optimizers write
 * parameters. A train step `(params, state, batch) => {loss, params, state}`
 * with params and state donated then allocates no new parameter or state
 * storage on any call.
 *
 * @module
 */

import { Tensor, tensorInternals } from "../tensor/tensor.ts";
import { recordEffect } from "../graph/trace.ts";
import { writeInPlace } from "../graph/_in_place.ts";
import { flattenTree, unflattenTree } from "./_tree.ts";
import type { Bound } from "./_jit_args.ts";
import { describe } from "../tensor/_nested.ts";

/** Checks the `donate` option: distinct argument positions. */
export function checkDonate(value: unknown): readonly number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new TypeError(
      `jit(): donate is ${describe(value)} but must be an array of argument positions`,
    );
  }
  // An index loop, not forEach(): a hole is an error (forEach skipped it, and the copy below of
  // a huge sparse array ran out of memory).
  for (let i = 0; i < value.length; i++) {
    const k: unknown = value[i];
    if (typeof k !== "number") {
      throw new TypeError(`jit(): donate[${i}] is ${describe(k)} but must be an argument position`);
    }
    if (!Number.isSafeInteger(k) || k < 0) {
      throw new RangeError(`jit(): donate[${i}] is ${k} but must be an integer of at least 0`);
    }
    if (value.indexOf(k) !== i) {
      throw new RangeError(`jit(): donate[${i}] is ${k}, which is already listed`);
    }
  }
  return [...value];
}

/** Leaf indices (of `bound.leaves`) of the tensors inside the donated arguments. */
export function donatedLeaves(
  args: readonly unknown[],
  donate: readonly number[],
  bound: Bound,
  who: string,
): number[] {
  const found: number[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Tensor) {
      const i = bound.leafOf.get(v);
      if (i !== undefined && !found.includes(i)) found.push(i);
    } else if (Array.isArray(v) || (v !== null && typeof v === "object" && bound.holders.has(v))) {
      Object.values(v as object).forEach(walk);
    }
  };
  for (const k of donate) {
    if (k >= args.length) {
      throw new RangeError(`${who}: donate names argument ${k} but the call has ${args.length}`);
    }
    walk(args[k]);
  }
  return found;
}

/**
 * Rewrites a traced result so that float32 results the call computes are
 * written into donated inputs of their shape (`inputs`: the trace's input
 * tensors, by leaf index): first each result into a donated input it reads
 * directly (`p + update` into `p`), then the others into the first unused
 * donated input of their shape.
 */
export function donateResults(
  out: unknown,
  inputs: readonly Tensor[],
  donated: readonly number[],
  who: string,
): unknown {
  if (donated.length === 0) return out;
  const t = tensorInternals();
  const { leaves, def } = flattenTree(out, who);
  const free = new Set(donated);
  const written = new Map<Tensor, Tensor>();
  const tryWrite = (leaf: Tensor, i: number): void => {
    const node = writeInPlace(t.nodeOf(inputs[i]), t.nodeOf(leaf), false);
    if (node === undefined) return;
    free.delete(i);
    recordEffect(node);
    written.set(leaf, t.fromNode(node));
  };
  for (const leaf of leaves) {
    const reads = t.nodeOf(leaf).inputs;
    for (const i of free) {
      if (!written.has(leaf) && reads.includes(t.nodeOf(inputs[i]))) tryWrite(leaf, i);
    }
  }
  for (const leaf of leaves) for (const i of free) if (!written.has(leaf)) tryWrite(leaf, i);
  return unflattenTree(def, leaves.map((leaf) => written.get(leaf) ?? leaf));
}
