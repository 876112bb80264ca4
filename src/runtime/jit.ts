/**
 * `jit(fn)`: trace once per input signature, cache the fused plan, replay.
 *
 * @module
 */

import { bufferNode, type Facts, type Node, sizeOf } from "../graph/node.ts";
import { RULES } from "../graph/rules.ts";
import { type Check, startRecording, stopRecording } from "../graph/trace.ts";
import { letFinalizersRun, type Storage } from "../memory/storage.ts";
import { collect } from "../schedule/collect.ts";
import type { Plan } from "../schedule/plan.ts";
import { Tensor, tensorInternals } from "../tensor/tensor.ts";
import { tensor } from "../tensor/creation.ts";
import { describe } from "../tensor/_nested.ts";
import { adopt, planFor, realizeNodes, runNowOrQueue } from "./realize_nodes.ts";
import { pendingReaders, pendingWriter } from "../graph/effects.ts";
import { runPlan } from "./run_plan.ts";
import { currentExecutor } from "./config.ts";
import { flattenTree } from "./_tree.ts";
import { viewOf } from "../ops/_inputs.ts";

/** A traced function, ready to replay. */
interface Compiled {
  readonly plan: Plan;
  /** Trace-time shape and facts of every plan value. */
  readonly shapes: readonly (readonly number[])[];
  readonly facts: readonly Facts[];
  /** For each input value: the argument it comes from, or the captured leaf node. */
  readonly sources: readonly ({ arg: number } | { node: Node } | undefined)[];
  /** Trace-time leaf node → plan value, for replaying checks. */
  readonly valueOf: ReadonlyMap<Node, number>;
  readonly checks: readonly Check[];
  /** Plan value of each flattened output. */
  readonly outputs: readonly number[];
  readonly rebuild: (leaves: readonly Tensor[]) => unknown;
}

/** Raised by a replay reader for a leaf the plan does not use; the check is skipped. */
const UNUSED = Symbol("unused leaf");

/** Static arguments are part of the signature; they must serialise stably. */
function staticKey(value: unknown, who: string, at: string): string {
  if (value === undefined) return "u";
  if (typeof value === "function" || typeof value === "symbol") {
    throw new TypeError(
      `${who}: argument ${at} is ${
        describe(value)
      } but jit arguments must be tensors, typed arrays or plain data`,
    );
  }
  if (value instanceof Tensor) return "tensor nested in a static argument";
  return JSON.stringify(value);
}

/** Converts arguments: tensors and typed arrays are dynamic; everything else is static. */
function bindArgs(
  args: readonly unknown[],
  who: string,
): { values: unknown[]; tensors: (Tensor | undefined)[]; key: string } {
  const values: unknown[] = [], tensors: (Tensor | undefined)[] = [];
  let key = "";
  args.forEach((arg, i) => {
    let t: Tensor | undefined;
    if (arg instanceof Tensor) t = arg;
    else if (arg instanceof Int32Array || arg instanceof Float32Array) t = tensor(arg);
    if (t === undefined) {
      key += `S${staticKey(arg, who, `${i}`)};`;
      values.push(arg);
    } else {
      const same = tensors.findIndex((u) =>
        u !== undefined &&
        tensorInternals().nodeOf(u).storage === tensorInternals().nodeOf(t!).storage
      );
      key += `T${t.dtype}[${t.shape}]${same >= 0 ? `=${same}` : ""};`;
      values.push(t);
    }
    tensors.push(t);
  });
  return { values, tensors, key };
}

/** Realizes pending argument tensors (so the trace and the replay see leaves). */
async function settle(tensors: readonly (Tensor | undefined)[]): Promise<void> {
  for (const t of tensors) if (t !== undefined && !t.realized) await t.data();
}

function trace(
  fn: (...args: unknown[]) => unknown,
  values: unknown[],
  tensors: readonly (Tensor | undefined)[],
  who: string,
) {
  const t = tensorInternals();
  const argOf = new Map<Node, number>();
  tensors.forEach((a, i) => a && !argOf.has(t.nodeOf(a)) && argOf.set(t.nodeOf(a), i));
  startRecording();
  let out: unknown;
  let recorded: ReturnType<typeof stopRecording>;
  try {
    out = fn(...values);
  } finally {
    recorded = stopRecording();
  }
  const flat = flattenTree(out, who);
  const targets = [
    ...flat.leaves.map((l) => t.nodeOf(l)),
    ...recorded.effects.filter((n) => !n.storage),
  ];
  const graph = collect(targets);
  const plan = planFor(graph);
  const valueOf = new Map(graph.nodes.map((n, v) => [n, v]));
  const compiled: Compiled = {
    plan,
    shapes: graph.nodes.map((n) => n.shape),
    facts: graph.nodes.map((n) => n.facts),
    sources: graph.nodes.map((n) =>
      n.storage === undefined ? undefined : argOf.has(n) ? { arg: argOf.get(n)! } : { node: n }
    ),
    valueOf,
    checks: recorded.checks,
    outputs: flat.leaves.map((l) => valueOf.get(t.nodeOf(l))!),
    rebuild: flat.rebuild,
  };
  return { compiled, graph, flat };
}

/**
 * Before a replay: rejects disposed inputs, and lists what must run first:
 * pending in-place writes to the input storages, and pending readers of the
 * values the plan writes in place (they must see the old values).
 */
function prerequisites(c: Compiled, tensors: readonly (Tensor | undefined)[], who: string): Node[] {
  const t = tensorInternals();
  const before: Node[] = [];
  c.sources.forEach((s) => {
    if (s === undefined) return;
    const node = "arg" in s ? t.nodeOf(tensors[s.arg]!) : s.node;
    if (node.storage!.freed) {
      throw new TypeError(
        `${who}: ${"arg" in s ? `argument ${s.arg}` : "a captured tensor"} has been disposed`,
      );
    }
    const w = pendingWriter(node.storage!);
    if (w !== undefined) before.push(w);
  });
  c.plan.nodes.forEach((pn) => {
    if (pn.aliases < 0) return;
    const s = c.sources[pn.inputs[pn.aliases]];
    if (s !== undefined) {
      before.push(...pendingReaders("arg" in s ? t.nodeOf(tensors[s.arg]!) : s.node));
    }
  });
  return before;
}

function replay(c: Compiled, tensors: readonly (Tensor | undefined)[], who: string): unknown {
  const t = tensorInternals();
  const inputs: (Storage | undefined)[] = c.sources.map((s) =>
    s === undefined ? undefined : "arg" in s ? t.nodeOf(tensors[s.arg]!).storage : s.node.storage
  );
  const read = (node: Node) => {
    const v = c.valueOf.get(node);
    if (v === undefined || inputs[v] === undefined) throw UNUSED;
    return viewOf(inputs[v]!, sizeOf(c.shapes[v]), node.dtype);
  };
  const facts = [...c.facts];
  for (const check of c.checks) {
    try {
      const found = check.run(read);
      if (check.node && found) facts[c.valueOf.get(check.node)!] = found;
    } catch (err) {
      if (err !== UNUSED) throw err;
    }
  }
  const shapes: (readonly number[])[] = [];
  c.plan.nodes.forEach((pn, v) => {
    shapes[v] = pn.role === "input"
      ? c.shapes[v]
      : RULES[pn.op].shape(pn.inputs.map((i) => shapes[i]), pn.attrs, facts[v]);
  });
  const wrap = (storages: (Storage | undefined)[]) =>
    c.rebuild(
      c.outputs.map((v) => t.fromNode(bufferNode(storages[v]!, shapes[v], c.plan.nodes[v].dtype))),
    );
  const out = runPlan(c.plan, { shapes, inputs }, currentExecutor(), who);
  return out instanceof Promise ? out.then(wrap) : wrap(out);
}

/**
 * Compiles a function of tensors: the first call for each input signature
 * (shapes, dtypes and static arguments) traces `fn`, schedules and fuses its
 * graph and runs it; later calls replay the cached plan on the new inputs,
 * skipping tracing, scheduling and option validation. Index ranges and
 * offsets are still checked on every call, before anything runs.
 *
 * Tensors and typed arrays passed as arguments are inputs; other arguments
 * (numbers, strings, plain arrays) are constants that select a trace.
 * Tensors captured by closure are constants too (their storage is read on
 * each call, so in-place updates are seen). In-place effects such as
 * `maxNorm` are replayed.
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
 * @returns An async function computing the same results, realized.
 * @throws {TypeError} When `fn` is not a function; the compiled function rejects as `fn` would.
 */
export function jit<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<R> {
  if (typeof fn !== "function") {
    throw new TypeError(`jit(): fn is ${describe(fn)} but must be a function`);
  }
  const who = `jit(${fn.name || "anonymous"})`;
  const cache = new Map<string, Compiled>();
  return async (...args: A): Promise<R> => {
    await letFinalizersRun();
    const { values, tensors, key } = bindArgs(args, who);
    await settle(tensors);
    const hit = cache.get(key);
    if (hit) {
      const before = prerequisites(hit, tensors, who);
      if (before.length > 0) await realizeNodes(before, who);
      return await runNowOrQueue(() => replay(hit, tensors, who)) as R;
    }
    const { compiled, graph, flat } = trace(
      fn as (...a: unknown[]) => unknown,
      values,
      tensors,
      who,
    );
    await runNowOrQueue(async () => {
      if (graph.nodes.some((n) => n.storage === undefined)) {
        const storages = await runPlan(
          compiled.plan,
          {
            shapes: graph.nodes.map((n) => n.shape),
            inputs: graph.nodes.map((n) => n.storage),
          },
          currentExecutor(),
          who,
        );
        adopt(graph, compiled.plan, storages);
      }
    });
    cache.set(key, compiled);
    return flat.rebuild(flat.leaves) as R;
  };
}
