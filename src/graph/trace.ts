/**
 * Data checks recorded while `jit` traces a function. Ops validate index
 * data (ranges, offsets) when they are called; `jit` records those checks so
 * that a replay on new inputs runs them again before anything executes, and
 * so that data-dependent facts (the nnz of a sparse gradient) are recomputed.
 *
 * @module
 */

import type { Facts, Node } from "./node.ts";

/** Reads the int32 or float32 data of a leaf node. */
export type Reader = (node: Node) => Int32Array | Float32Array;

/** A check of index data; may return facts about `node`. */
export interface Check {
  /** The node whose facts the check computes, if any. */
  readonly node: Node | undefined;
  readonly run: (read: Reader) => Facts | void;
}

let recording: Check[] | undefined;
let effects: Node[] = [];

/** Starts recording checks and effects (nested recordings are not supported). */
export function startRecording(): void {
  recording = [];
  effects = [];
}

/** Stops recording; returns the checks and the in-place effects seen since `startRecording()`. */
export function stopRecording(): { checks: Check[]; effects: Node[] } {
  const out = { checks: recording ?? [], effects };
  recording = undefined;
  effects = [];
  return out;
}

/** Records an in-place update, so a trace runs it even if no output depends on it. */
export function recordEffect(node: Node): void {
  if (recording) effects.push(node);
}

/** Whether `jit` is tracing (data read now would be baked into the plan). */
export function isRecording(): boolean {
  return recording !== undefined;
}

/** Runs a check on the current data and records it when a trace is active. */
export function check(run: (read: Reader) => Facts | void, read: Reader): Facts | void {
  const facts = run(read);
  recording?.push({ node: undefined, run });
  return facts;
}

/** Records a check that computes facts for `node` (already run by the caller). */
export function recordFacts(node: Node, run: (read: Reader) => Facts): void {
  recording?.push({ node, run });
}
