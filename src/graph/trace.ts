/**
 * Trace contexts: what `jit` records while it runs a function once to build
 * its graph. Ops validate index data (ranges, offsets) when they are called;
 * inside a trace those checks are recorded so that a replay on new inputs
 * runs them again before anything executes, and so that data-dependent facts
 * (the nnz of a sparse gradient) are recomputed. In-place effects are
 * recorded so a trace runs them even when no output depends on them, and
 * reads of values (which a replay could not repeat) mark the trace unusable.
 *
 * Contexts form an explicit stack (in the spirit of autodidax's
 * `trace_stack`): `withTrace()` pushes one for the duration of a function,
 * and an inner context hands what it recorded to the one below it when it
 * ends, so transformations can nest.
 *
 * @module
 */

import { type Facts, type Node, nodeWatermark } from "./node.ts";

/** Data of a realized leaf, as a check reads it. */
export type LeafData = Int32Array | Float32Array;

/** Reads the int32 or float32 data of a realized leaf node. */
export type Reader = (node: Node) => LeafData;

/**
 * A check of index data: `run` receives the data of `inputs` (realized
 * leaves) and may return facts about `node`. `run` must not hold nodes or
 * tensors itself, so a cached trace keeps nothing alive through it.
 */
export interface Check {
  readonly inputs: readonly Node[];
  /** The node whose facts the check computes, if any. */
  readonly node: Node | undefined;
  readonly run: (data: readonly LeafData[]) => Facts | void;
}

/** What one trace recorded. */
export class TraceContext {
  /** Index checks and fact computations, in call order. */
  readonly checks: Check[] = [];
  /** In-place updates, run by the trace even if no output depends on them. */
  readonly effects: Node[] = [];
  /** Nodes built from here on belong to the trace; older ones existed before it. */
  readonly firstNode: number = nodeWatermark();
  /** How the traced function read a value, if it did (then the trace cannot be replayed). */
  read: string | undefined;
}

const stack: TraceContext[] = [];

/** The innermost active trace, if any. */
export function currentTrace(): TraceContext | undefined {
  // (Reading index -1 of an empty array is a slow named-property lookup in V8.)
  return stack.length === 0 ? undefined : stack[stack.length - 1];
}

/**
 * Runs `body` with `context` as the innermost trace. When it ends (also by
 * throwing), what it recorded is handed to the enclosing trace, if any.
 */
export function withTrace<T>(context: TraceContext, body: () => T): T {
  stack.push(context);
  try {
    return body();
  } finally {
    stack.pop();
    const outer = currentTrace();
    if (outer !== undefined) {
      outer.checks.push(...context.checks);
      outer.effects.push(...context.effects);
      outer.read ??= context.read;
    }
  }
}

/** Records an in-place update, so a trace runs it even if no output depends on it. */
export function recordEffect(node: Node): void {
  currentTrace()?.effects.push(node);
}

/** Whether `jit` is tracing (data read now would be baked into the plan). */
export function isRecording(): boolean {
  return currentTrace() !== undefined;
}

/**
 * Runs a check on the current data of `inputs` (realized leaves) and records
 * it when a trace is active.
 */
export function check(
  inputs: readonly Node[],
  run: (data: readonly LeafData[]) => Facts | void,
  read: Reader,
): Facts | void {
  const facts = run(inputs.map(read));
  currentTrace()?.checks.push({ inputs, node: undefined, run });
  return facts;
}

/** Records a check that computes facts for `node` (already run by the caller). */
export function recordFacts(
  node: Node,
  inputs: readonly Node[],
  run: (data: readonly LeafData[]) => Facts,
): void {
  currentTrace()?.checks.push({ inputs, node, run });
}

/**
 * Notes that a value is being read (`data()`, `dataSync()`, `toString()`)
 * or computed while a trace is active. Reading a tensor made inside the
 * trace from constants is harmless; reading anything older, or computing
 * anything, makes the result depend on data a replay would not look at.
 */
export function noteRead(node: Node | undefined, how: string): void {
  const trace = currentTrace();
  if (trace === undefined || (node !== undefined && node.id >= trace.firstNode)) return;
  trace.read ??= how;
}
