/**
 * `jit(fn)`: trace once per input signature, cache the fused plan, replay.
 *
 * @module
 */

import { isClass } from "../tensor/_describe.ts";
import { letFinalizersRun } from "../memory/storage.ts";
import { describe } from "../tensor/_nested.ts";
import type { TraceContext } from "../graph/trace.ts";
import { adopt, realizeNodes, runNowOrQueue } from "./realize_nodes.ts";
import { runPlan } from "./run_plan.ts";
import { currentExecutor } from "./config.ts";
import { type Flat, unflattenTree } from "./_tree.ts";
import { bindArgs, type Bound, traceArgs } from "./_jit_args.ts";
import {
  aliasesMatch,
  checkCapturedLive,
  compile,
  type Entry,
  makeTracers,
  prerequisites,
  replay,
  resultsOf,
  runTraced,
  tracedGraph,
} from "./_jit_plan.ts";
import { nodeOf } from "../ops/_inputs.ts";
import { readOptions } from "../ops/_options.ts";
import { checkDonate, donatedLeaves, donateResults } from "./_jit_donate.ts";
import { lazyResults } from "./_jit_results.ts";
import { forgetWrite } from "../graph/effects.ts";

/**
 * Options of `jit`.
 *
 * @example
 * ```ts
 * import { embeddingForward, jit, type JitOptions, randn, type Tensor } from "@tessera/embed";
 * const options: JitOptions = { cacheSize: 8 }; // at most 8 input signatures kept
 * const lookup = jit((w: Tensor<"float32">, ids: Int32Array) => embeddingForward(w, ids), options);
 * console.log((await lookup(randn([4, 2]), new Int32Array([1, 3]))).shape); // [2, 2]
 * ```
 *
 * @example Donating an argument: the result is written into its storage
 * ```ts
 * import { jit, mul, type Tensor, tensor } from "@tessera/embed";
 * const double = jit((w: Tensor<"float32">) => mul(w, 2), { donate: [0] });
 * const w = tensor([1, 2]);
 * const out = await double(w);
 * console.log(await w.toArray(), await out.toArray()); // [2, 4] [2, 4]
 * ```
 */
export interface JitOptions {
  /**
   * Most traces kept, one per input signature; the least recently used is
   * dropped first (and traced again if its signature comes back).
   *
   * @default 64
   */
  cacheSize?: number;
  /**
   * Positions of arguments whose tensors may be overwritten by results (as
   * JAX's `donate_argnums`): a float32 result the call computes is written
   * into the storage of a donated tensor of its shape (one it reads
   * directly, as `p + update` reads `p`, else the first unused one), so the
   * donated tensor then holds that result (they share storage). A train step donating its parameters and optimizer state
   * updates them in place and allocates no new storage for them. Lazy
   * results built from a donated tensor before the call still see its old
   * values.
   *
   * @default []
   */
  donate?: readonly number[];
}

/** A signature whose trace read a value: it runs eagerly on every call. */
const EAGER = "eager";

function checkOptions(options: unknown): { cacheSize: number; donate: readonly number[] } {
  const o = readOptions(options, "jit()");
  for (const key of Object.keys(o)) {
    if (key !== "cacheSize" && key !== "donate") {
      throw new TypeError(`jit(): unknown option ${key} (known: cacheSize, donate)`);
    }
  }
  return { cacheSize: checkCacheSize(o.cacheSize), donate: checkDonate(o.donate) };
}

function checkCacheSize(size: unknown): number {
  if (size === undefined) return 64;
  if (typeof size !== "number") {
    throw new TypeError(`jit(): cacheSize is ${describe(size)} but must be a positive integer`);
  }
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new RangeError(`jit(): cacheSize is ${size} but must be a positive integer`);
  }
  return size;
}

/** Realizes pending argument tensors and rejects disposed ones. */
async function settle(bound: Bound, who: string): Promise<void> {
  for (const t of bound.leaves) if (!t.realized) await t.data();
  bound.leaves.forEach((t, i) => {
    if (nodeOf(t).storage!.freed) {
      throw new TypeError(`${who}: argument ${bound.paths[i]} has been disposed`);
    }
  });
}

/** Computes a traced function's results and in-place effects. */
async function finish(flat: Flat, context: TraceContext, who: string): Promise<unknown> {
  const effects = context.effects.filter((n) => n.storage === undefined);
  await realizeNodes([...flat.leaves.map(nodeOf), ...effects], who);
  return unflattenTree(flat.def, flat.leaves);
}

/**
 * Compiles a function of tensors. The first call for each input signature
 * traces `fn`, schedules and fuses its graph and runs it; later calls with
 * the same signature replay the cached plan on the new inputs, skipping
 * tracing, scheduling and option validation. Index ranges and offsets are
 * still checked on every call, before anything runs.
 *
 * What is dynamic: tensors, `Int32Array`/`Float32Array` data and
 * `RowSparseGrad`s, anywhere in the arguments (nested in arrays and plain
 * objects too); a replay reads their current data. What is static: every
 * other argument value (numbers, strings, booleans, null, undefined, plain
 * arrays and objects); together with the shapes and dtypes of the dynamic
 * leaves, and which of them are the same tensor, it forms the signature.
 * Static values are compared exactly (`NaN`, `-0`, `undefined` versus a
 * missing key, `"3"` versus `3` all differ). Tensors captured by closure are
 * constants, whose storage is read on each call (so in-place updates are
 * seen). In-place effects such as `maxNorm` are replayed.
 *
 * At most `cacheSize` signatures are kept (least recently used first out),
 * and a cache entry keeps no call's arguments or results alive.
 *
 * Results come back realized, but for a table's row-sparse gradient
 * through `embeddingBagForward(..., { sparse: true })`: as after
 * `backward()`, the call computes the bag's gradient and the gradient's
 * per-lookup rows (`values`) and `indices` are computed when read (an SGD
 * step or `toDense()` reads the bag's gradient directly).
 *
 * A function that reads a value while it is traced (`data()`, `dataSync()`,
 * `toArray()`, `toString()`, `console.log(t)`) cannot be replayed, since the
 * value could differ on the next call: `jit` warns once and runs that
 * signature eagerly on every call, exactly as without `jit`.
 *
 * @example
 * ```ts
 * import { embeddingBagForward, jit, randn } from "@tessera/embed";
 * const weight = randn([100, 8], { seed: 0 });
 * const pool = jit((w: typeof weight, ids: Int32Array) =>
 *   embeddingBagForward(w, ids, { offsets: [0, 2], mode: "sum" })
 * );
 * const a = await pool(weight, new Int32Array([1, 2, 3, 4])); // traces
 * const b = await pool(weight, new Int32Array([5, 6, 7, 8])); // replays
 * console.log(a.shape, b.shape); // [2, 8] [2, 8]
 * ```
 *
 * @param fn A function from tensors (and constants) to a tensor, a
 *   `RowSparseGrad`, or arrays and plain objects of them.
 * @param options `cacheSize`, `donate`.
 * @returns An async function computing the same results, realized.
 * @throws {TypeError} When `fn` is not a function or `options` is not an object of known options.
 * @throws {RangeError} When `cacheSize` is not a positive integer or `donate` lists a
 *   position twice or a negative one. The compiled
 *   function rejects as `fn` would, and with a `TypeError` naming `jit` for
 *   arguments it cannot key (functions, Symbols, BigInts, circular or class objects).
 */
export function jit<A extends unknown[], R>(
  fn: (...args: A) => R,
  options?: JitOptions,
): (...args: A) => Promise<R> {
  if (typeof fn !== "function" || isClass(fn)) {
    throw new TypeError(`jit(): fn is ${describe(fn)} but must be a function`);
  }
  const { cacheSize, donate } = checkOptions(options);
  const who = `jit(${fn.name || "anonymous"})`;
  const call = fn as (...a: unknown[]) => unknown;
  const cache = new Map<string, Entry | typeof EAGER>();
  let warned = false;
  const remember = (key: string, entry: Entry | typeof EAGER) => {
    cache.delete(key);
    cache.set(key, entry);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
  };
  return async (...args: A): Promise<R> => {
    await letFinalizersRun();
    const bound = bindArgs(args, who);
    const donated = donatedLeaves(args, donate, bound, who);
    await settle(bound, who);
    const hit = cache.get(bound.key);
    if (hit === EAGER) {
      remember(bound.key, hit);
      const run = () => donateResults(call(...args), bound.leaves, donated, who);
      const { flat, context } = runTraced(run, who);
      return await finish(flat, context, who) as R;
    }
    if (hit !== undefined && aliasesMatch(hit, bound.leaves)) {
      remember(bound.key, hit);
      checkCapturedLive(hit, who);
      const before = prerequisites(hit, bound.leaves);
      if (before.length > 0) await realizeNodes(before, who);
      return await runNowOrQueue(() => replay(hit, bound.leaves, who)) as R;
    }
    const tracers = makeTracers(bound.leaves);
    const inputs = tracers.map(nodeOf);
    const { flat, context } = runTraced(
      () => donateResults(call(...traceArgs(args, bound, tracers)), tracers, donated, who),
      who,
    );
    if (context.read !== undefined) {
      remember(bound.key, EAGER);
      if (!warned) {
        warned = true;
        console.warn(
          `${who}: ${context.read} while being traced, so its results cannot be replayed: ` +
            `it runs eagerly on every call with these argument shapes`,
        );
      }
      return await finish(flat, context, who) as R;
    }
    const { computed, lazy } = lazyResults(flat);
    const graph = tracedGraph({ leaves: computed, def: flat.def }, context);
    const entry = compile(flat, { leaves: computed, lazy }, context, graph, inputs);
    context.effects.forEach(forgetWrite);
    // Lazy readers of an argument the trace writes in place run first, on the old values.
    const before = prerequisites(entry, bound.leaves, graph);
    if (before.length > 0) await realizeNodes(before, who);
    await runNowOrQueue(async () => {
      if (graph.nodes.every((n) => n.storage !== undefined)) return;
      const storages = await runPlan(
        entry.plan,
        { shapes: entry.shapes, inputs: graph.nodes.map((n) => n.storage), attrs: entry.attrs },
        currentExecutor(),
        who,
      );
      adopt(graph, entry.plan, storages);
    });
    remember(bound.key, entry);
    return resultsOf(entry, bound.leaves, (k) => computed[k]) as R;
  };
}
