/**
 * The oracle of the jit tests: every call of a compiled function is compared
 * with the same function run eagerly (without `jit`) on an independent copy
 * of the same arguments, results and argument tables bit for bit, errors by
 * class and message.
 */

import assert from "node:assert/strict";
import { realize, RowSparseGrad, Tensor } from "../../mod.ts";
import { assertBitwise } from "../_helpers.ts";

/** The tensors of a tree (results or arguments), in order, with their paths. */
export function tensorsOf(tree: unknown, path = ""): [string, Tensor][] {
  if (tree instanceof Tensor) return [[path, tree]];
  if (tree instanceof RowSparseGrad) {
    return [[`${path}.indices`, tree.indices], [`${path}.values`, tree.values]];
  }
  if (Array.isArray(tree)) return tree.flatMap((v, i) => tensorsOf(v, `${path}[${i}]`));
  if (tree !== null && typeof tree === "object" && !ArrayBuffer.isView(tree)) {
    return Object.entries(tree).flatMap(([k, v]) => tensorsOf(v, `${path}.${k}`));
  }
  return [];
}

/** Runs `fn` eagerly and realizes its results; returns them or the error it threw. */
async function eagerRun(fn: () => unknown): Promise<{ out: unknown } | { error: Error }> {
  try {
    const out = fn();
    await realize(tensorsOf(out).map(([, t]) => t));
    return { out };
  } catch (error) {
    return { error: error as Error };
  }
}

/**
 * Calls `jitted(...makeArgs())` and `fn(...makeArgs())` (two independent
 * copies of the arguments) and asserts the same outcome: bit-identical
 * results with the same structure and shapes, the same argument tables
 * afterwards (in-place effects), or the same error class and message with
 * the arguments left as they were.
 *
 * @returns The jitted call's result, or the error both threw.
 */
export async function assertReplayEqualsEager<A extends unknown[]>(
  jitted: (...args: A) => Promise<unknown>,
  fn: (...args: A) => unknown,
  makeArgs: () => unknown[],
  note = "",
): Promise<unknown> {
  const jitArgs = makeArgs() as A, eagerArgs = makeArgs() as A;
  const eager = await eagerRun(() => fn(...eagerArgs));
  const before = tensorsOf(jitArgs).map(([, t]) => Array.from(t.dataSync()));
  let got: { out: unknown } | { error: Error };
  try {
    got = { out: await jitted(...jitArgs) };
  } catch (error) {
    got = { error: error as Error };
  }
  if ("error" in eager) {
    assert.ok("error" in got, `${note}: eager threw ${eager.error} but jit returned`);
    assert.equal(got.error.constructor, eager.error.constructor, `${note}: ${got.error}`);
    assert.equal(got.error.message, eager.error.message, note);
  } else {
    if ("error" in got) {
      throw new Error(`${note}: jit threw but eager did not`, { cause: got.error });
    }
    const a = tensorsOf(got.out), b = tensorsOf(eager.out);
    assert.deepEqual(a.map(([p, t]) => [p, t.shape]), b.map(([p, t]) => [p, t.shape]), note);
    a.forEach(([p, t], i) =>
      assertBitwise(t.dataSync(), b[i][1].dataSync(), `${note}: result${p}`)
    );
  }
  // After an error jit leaves its arguments as they were (eager calls may leave
  // pending in-place effects of the ops before the failing one).
  const ja = tensorsOf(jitArgs), ea = tensorsOf(eagerArgs);
  ja.forEach(([p, t], i) =>
    assertBitwise(
      t.dataSync(),
      "error" in got ? before[i] : ea[i][1].dataSync(),
      `${note}: argument${p} afterwards`,
    )
  );
  return "error" in got ? got.error : got.out;
}

/** Counts calls of a function (how often `jit` traced it, or ran it eagerly). */
export function counted<A extends unknown[], R>(
  fn: (...args: A) => R,
): { fn: (...args: A) => R; readonly calls: number } {
  const box = {
    calls: 0,
    fn: (...args: A): R => {
      box.calls++;
      return fn(...args);
    },
  };
  return box;
}

/** Collects `console.warn` messages while `body` runs (and keeps them off the output). */
export async function captureWarnings(body: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...parts: unknown[]) => void seen.push(parts.map(String).join(" "));
  try {
    await body();
  } finally {
    console.warn = original;
  }
  return seen;
}
