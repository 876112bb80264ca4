/**
 * Eager realization: collect the unrealized graph behind some nodes, fetch
 * or make its plan (cached by structure and by the shapes its lowering read,
 * so a repeated call skips scheduling even when its batch has another number
 * of lookups), run it, and attach the results to the nodes.
 *
 * Asynchronous runs are serialised: each waits for the previous one, so a
 * run always sees the values the previous ones produced.
 *
 * @module
 */

import { clearInterned, type Node } from "../graph/node.ts";
import { pendingWriter } from "../graph/effects.ts";
import { noteComputed } from "../graph/_dispose.ts";
import { noteRead } from "../graph/trace.ts";
import { collect, type Collected } from "../schedule/collect.ts";
import type { Plan } from "../schedule/plan.ts";
import { type Fusion, FUSIONS, schedule } from "../schedule/schedule.ts";
import { letFinalizersRun, type Storage } from "../memory/storage.ts";
import { Lru } from "../memory/_lru.ts";
import { guardShapes, type ShapeRead, shapesAgree } from "../schedule/_shape_guard.ts";
import { runPlan, runPlanSync } from "./run_plan.ts";
import { currentExecutor, currentSyncExecutor } from "./config.ts";
import { traceGraph, traceSchedule } from "./debug.ts";

/** A plan and the shapes its lowering read (a graph whose shapes agree can run it). */
interface Variant {
  readonly plan: Plan;
  readonly reads: readonly ShapeRead[];
}

/** Plans by graph structure; the least recently used structure is dropped when full. */
const plans = new Lru<string, Variant[]>(512);
/** Plans kept per structure, the most recent first. */
const VARIANTS = 8;
const inFlight = new Set<Node>();
let queue: Promise<unknown> = Promise.resolve();

/**
 * The plan for a collected graph, from the cache or freshly scheduled
 * (with other fusion patterns than the default, never cached).
 */
export function planFor(graph: Collected, fusions: readonly Fusion[] = FUSIONS): Plan {
  if (fusions !== FUSIONS) return schedule(graph, fusions);
  const variants = plans.get(graph.key) ?? [];
  let plan = variants.find((p) => shapesAgree(p.reads, graph.nodes))?.plan;
  traceGraph(graph.nodes, plan !== undefined);
  if (plan === undefined) {
    const shapes = guardShapes(graph.nodes.map((n) => n.shape));
    plan = schedule(graph, fusions, shapes.view);
    shapes.seal();
    plans.set(graph.key, [{ plan, reads: shapes.reads }, ...variants.slice(0, VARIANTS - 1)]);
  }
  traceSchedule(plan);
  return plan;
}

/** Attaches the results of a run to the graph's nodes and lets go of the graph above them. */
export function adopt(graph: Collected, plan: Plan, storages: (Storage | undefined)[]): void {
  noteComputed(graph.nodes);
  // Computed nodes are never shared again, and nodes left out of the run must not be kept alive.
  clearInterned();
  plan.nodes.forEach((pn, v) => {
    if (pn.role !== "output") return;
    const node = graph.nodes[v];
    const storage = storages[v]!;
    node.storage = storage;
    if (node.tape) return;
    const links = node as unknown as { inputs: readonly Node[]; after: readonly Node[] };
    links.inputs = [];
    links.after = [];
  });
}

/**
 * Collects the graph behind `targets`, plus pending in-place writes to the
 * storages it reads (a table can be shared by several tensor objects).
 */
function collectWithWrites(targets: readonly Node[]): Collected {
  let graph = collect(targets);
  const writes: Node[] = [];
  for (const n of graph.nodes) {
    const w = n.storage !== undefined ? pendingWriter(n.storage) : undefined;
    if (w !== undefined && !graph.nodes.includes(w)) writes.push(w);
  }
  if (writes.length > 0) graph = collect([...writes, ...targets]);
  return graph;
}

function bindingOf(graph: Collected) {
  return {
    shapes: graph.nodes.map((n) => n.shape),
    inputs: graph.nodes.map((n) => n.storage),
    attrs: graph.nodes.map((n) => n.attrs),
  };
}

/** Realizes nodes on the calling thread. */
export function realizeNodesSync(
  targets: readonly Node[],
  who = "Tensor.dataSync()",
  fusions: readonly Fusion[] = FUSIONS,
): void {
  const graph = collectWithWrites(targets);
  if (graph.nodes.some((n) => n.storage === undefined)) noteRead(undefined, `it called ${who}`);
  if (graph.nodes.some((n) => inFlight.has(n))) {
    throw new TypeError(
      `${who}: the tensor is being computed by a pending asynchronous call: await it first`,
    );
  }
  if (graph.nodes.every((n) => n.storage !== undefined)) return;
  const plan = planFor(graph, fusions);
  const storages = runPlanSync(plan, bindingOf(graph), currentSyncExecutor(), who);
  adopt(graph, plan, storages);
}

/** Asynchronous runs in flight; while there are any, new runs queue behind them. */
let busy = 0;

/** Runs `task` after every run queued before it (runs are serialised). */
export function enqueue<T>(task: () => T | Promise<T>): Promise<T> {
  busy++;
  const run = queue.then(task).finally(() => busy--);
  queue = run.catch(() => {});
  return run;
}

/**
 * Runs `task` now if nothing is in flight and it finishes synchronously;
 * otherwise serialises it behind earlier runs.
 */
export function runNowOrQueue<T>(task: () => T | Promise<T>): Promise<T> {
  if (busy > 0) return enqueue(task);
  try {
    const out = task();
    if (!(out instanceof Promise)) return Promise.resolve(out);
    busy++;
    const run = out.finally(() => busy--);
    queue = run.catch(() => {});
    return run;
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Realizes nodes on the current executor. */
export function realizeNodes(targets: readonly Node[], who = "Tensor.data()"): Promise<void> {
  if (targets.some((n) => n.storage === undefined)) noteRead(undefined, `it called ${who}`);
  const turn = letFinalizersRun();
  if (turn) return turn.then(() => realizeNodes(targets, who));
  const exec = currentExecutor();
  return runNowOrQueue(() => {
    const graph = collectWithWrites(targets);
    if (graph.nodes.every((n) => n.storage !== undefined)) return;
    if (graph.nodes.some((n) => inFlight.has(n))) {
      throw new Error(`internal: ${who} found nodes of a run still in flight`);
    }
    const plan = planFor(graph);
    const out = runPlan(plan, bindingOf(graph), exec, who);
    if (!(out instanceof Promise)) return adopt(graph, plan, out);
    for (const n of graph.nodes) inFlight.add(n);
    return out.then((storages) => adopt(graph, plan, storages)).finally(() => {
      for (const n of graph.nodes) inFlight.delete(n);
    });
  });
}
