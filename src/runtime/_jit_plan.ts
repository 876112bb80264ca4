/**
 * One entry of `jit`'s cache: tracing a function into a plan, and replaying
 * the plan on new arguments. An entry holds plain data and the plan; the
 * only nodes it keeps are the leaves captured from outside (closure tensors
 * and constants made while tracing), never a call's arguments or results.
 */

import {
  type Attrs,
  bufferNode,
  clearInterned,
  type Facts,
  type Node,
  sizeOf,
} from "../graph/node.ts";
import { PRIMITIVES } from "../graph/prims/index.ts";
import type { Primitive } from "../graph/primitive.ts";
import { type Check, type LeafData, TraceContext, withTrace } from "../graph/trace.ts";
import type { Storage } from "../memory/storage.ts";
import { collect, type Collected } from "../schedule/collect.ts";
import type { Plan } from "../schedule/plan.ts";
import { type Tensor, tensorInternals } from "../tensor/tensor.ts";
import { pendingReaders, pendingWriter } from "../graph/effects.ts";
import { planFor } from "./realize_nodes.ts";
import { runPlan } from "./run_plan.ts";
import { currentExecutor } from "./config.ts";
import { type Flat, flattenTree, type TreeDef } from "./_tree.ts";
import { buildResults, isPart, type LazyRows } from "./_jit_results.ts";
import { viewOf } from "../ops/_inputs.ts";

/** Where a value comes from on each call: a dynamic leaf of the arguments, or a captured leaf. */
export type Source = { readonly arg: number } | { readonly node: Node };

/** A recorded check, with its inputs as sources and its facts as a plan value (or -1). */
interface EntryCheck {
  readonly inputs: readonly Source[];
  readonly value: number;
  readonly run: Check["run"];
}

/** A traced function, ready to replay. */
export interface Entry {
  readonly plan: Plan;
  /** Trace-time shape and facts of every plan value. */
  readonly shapes: readonly (readonly number[])[];
  /** Trace-time attrs of every plan value (the plan may have been made for other run-time arguments). */
  readonly attrs: readonly Attrs[];
  readonly facts: readonly Facts[];
  /** Source of each input value of the plan (undefined for computed values). */
  readonly sources: readonly (Source | undefined)[];
  /** For each captured source: the argument leaf with the same storage at trace time, or -1. */
  readonly captureAliases: readonly { readonly node: Node; readonly arg: number }[];
  readonly checks: readonly EntryCheck[];
  /** Plan value of each computed leaf of the result (see `_jit_results.ts`). */
  readonly outputs: readonly number[];
  readonly def: TreeDef;
  /** Row-sparse results left lazy. */
  readonly lazy: readonly LazyRows[];
}

/** A fresh tensor on the same storage as each argument leaf: the trace's own inputs. */
export function makeTracers(leaves: readonly Tensor[]): Tensor[] {
  const t = tensorInternals();
  return leaves.map((leaf) => {
    const n = t.nodeOf(leaf);
    return t.fromNode(bufferNode(n.storage!, n.shape, n.dtype));
  });
}

/** Runs `fn` under a new trace context; returns its flattened result and what it recorded. */
export function runTraced(fn: () => unknown, who: string): { flat: Flat; context: TraceContext } {
  const context = new TraceContext();
  const flat = flattenTree(withTrace(context, fn), who);
  return { flat, context };
}

/** The graph a trace must run now: its results and its in-place effects. */
export function tracedGraph(flat: Flat, context: TraceContext): Collected {
  const t = tensorInternals();
  return collect([
    ...flat.leaves.map((l) => t.nodeOf(l)),
    ...context.effects.filter((n) => !n.storage),
  ]);
}

/**
 * Makes a cache entry of a trace that read no value; `computed` are the
 * result's leaves the plan computes (see `_jit_results.ts`), `inputs` the
 * tracers' leaf nodes.
 */
export function compile(
  flat: Flat,
  computed: { readonly leaves: readonly Tensor[]; readonly lazy: readonly LazyRows[] },
  context: TraceContext,
  graph: Collected,
  inputs: readonly Node[],
): Entry {
  const t = tensorInternals();
  const argOf = new Map<Node, number>(inputs.map((n, i) => [n, i]));
  const sourceOf = (n: Node): Source => argOf.has(n) ? { arg: argOf.get(n)! } : { node: n };
  const valueOf = new Map(graph.nodes.map((n, v) => [n, v]));
  const sources = graph.nodes.map((n) => n.storage === undefined ? undefined : sourceOf(n));
  const captureAliases: Entry["captureAliases"][number][] = [];
  for (const s of sources) {
    if (s === undefined || "arg" in s) continue;
    captureAliases.push({
      node: s.node,
      arg: inputs.findIndex((n) => n.storage === s.node.storage),
    });
  }
  return {
    plan: planFor(graph),
    // The entry's own copies: the traced nodes' arrays are the first call's results' shapes.
    shapes: graph.nodes.map((n) => Object.freeze([...n.shape])),
    attrs: graph.nodes.map((n) => n.attrs),
    facts: graph.nodes.map((n) => n.facts),
    sources,
    captureAliases,
    // A check computing facts of a node the plan leaves out (a lazy result's) is not kept.
    checks: context.checks.filter((c) => c.node === undefined || valueOf.has(c.node)).map((c) => ({
      inputs: c.inputs.map(sourceOf),
      value: c.node === undefined ? -1 : valueOf.get(c.node)!,
      run: c.run,
    })),
    outputs: computed.leaves.map((l) => valueOf.get(t.nodeOf(l))!),
    def: flat.def,
    lazy: computed.lazy,
  };
}

function sameStorage(a: Tensor, node: Node): boolean {
  return tensorInternals().nodeOf(a).storage === node.storage;
}

/**
 * Whether an entry fits these arguments beyond its key: an argument that
 * shared storage with a captured tensor at trace time must still do so, and
 * one that did not must not (the plan would read one buffer for both).
 */
export function aliasesMatch(e: Entry, leaves: readonly Tensor[]): boolean {
  return e.captureAliases.every(({ node, arg }) =>
    leaves.findIndex((a) => sameStorage(a, node)) === arg
  );
}

function storageOf(s: Source, leaves: readonly Tensor[]): Storage {
  return ("arg" in s ? tensorInternals().nodeOf(leaves[s.arg]) : s.node).storage!;
}

/** Rejects a replay that would read a disposed tensor (its block may hold another tensor). */
export function checkCapturedLive(e: Entry, who: string): void {
  for (const s of e.sources) {
    if (s !== undefined && "node" in s && s.node.storage!.freed) {
      throw new TypeError(
        `${who}: a tensor the function captured, of shape [${s.node.shape}], has been disposed`,
      );
    }
  }
}

/**
 * Before a replay: lists what must run first: pending in-place writes to the
 * input storages, and pending readers of the values the plan writes in place
 * (they must see the old values). After a trace, the nodes of its own
 * graph are not listed: they run in its plan.
 */
export function prerequisites(
  e: Entry,
  leaves: readonly Tensor[],
  traced?: Collected,
): Node[] {
  const t = tensorInternals();
  const before: Node[] = [];
  for (const s of e.sources) {
    const w = s === undefined ? undefined : pendingWriter(storageOf(s, leaves));
    if (w !== undefined) before.push(w);
  }
  e.plan.nodes.forEach((pn) => {
    if (pn.aliases < 0) return;
    const s = e.sources[pn.inputs[pn.aliases]];
    if (s !== undefined) {
      before.push(...pendingReaders("arg" in s ? t.nodeOf(leaves[s.arg]) : s.node));
    }
  });
  if (traced === undefined) return before;
  const own = new Set(traced.nodes);
  return before.filter((n) => !own.has(n));
}

function sameFacts(a: Facts, b: Facts): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** The shape of every plan value for new facts (the inputs' are the entry's). */
function replayShapes(e: Entry, facts: readonly Facts[]): (readonly number[])[] {
  const shapes: (readonly number[])[] = [];
  e.plan.nodes.forEach((pn, v) => {
    shapes[v] = pn.role === "input"
      ? e.shapes[v]
      : (PRIMITIVES[pn.op] as Primitive<typeof pn.op>).shape(
        pn.inputs.map((i) => shapes[i]),
        e.attrs[v] as never,
        facts[v],
      );
  });
  return shapes;
}

/** Replays an entry on new argument leaves: checks first, then the plan. */
export function replay(e: Entry, leaves: readonly Tensor[], who: string): unknown {
  const t = tensorInternals();
  const inputs = e.sources.map((s) => s === undefined ? undefined : storageOf(s, leaves));
  const facts = [...e.facts];
  let traced = true;
  for (const c of e.checks) {
    const data = c.inputs.map((s): LeafData => {
      const { shape, dtype } = "arg" in s ? leaves[s.arg] : s.node;
      return viewOf(storageOf(s, leaves), sizeOf(shape), dtype);
    });
    const found = c.run(data);
    if (c.value >= 0 && found) {
      traced &&= sameFacts(found, e.facts[c.value]);
      facts[c.value] = found;
    }
  }
  // The argument shapes are the key's: with the trace's facts, every shape is the trace's.
  const shapes = traced ? e.shapes : replayShapes(e, facts);
  const wrap = (storages: (Storage | undefined)[]) => {
    const leaf = (k: number) => {
      const v = e.outputs[k];
      // A result's own shape array: the entry's must not be handed out.
      const shape = traced ? [...shapes[v]] : shapes[v];
      return t.fromNode(bufferNode(storages[v]!, shape, e.plan.nodes[v].dtype));
    };
    return resultsOf(e, leaves, leaf);
  };
  const out = runPlan(e.plan, { shapes, inputs, attrs: e.attrs }, currentExecutor(), who);
  return out instanceof Promise ? out.then(wrap) : wrap(out);
}

/**
 * A call's result tree from its computed leaves (`leaf(k)`): a lazy result
 * reads the argument or captured node itself for a part that is a plan input.
 */
export function resultsOf(
  e: Entry,
  leaves: readonly Tensor[],
  leaf: (k: number) => Tensor,
): unknown {
  const t = tensorInternals();
  const node = (k: number): Node => {
    const s = e.sources[e.outputs[k]];
    if (s === undefined || !isPart(e.lazy, k)) return t.nodeOf(leaf(k));
    return "arg" in s ? t.nodeOf(leaves[s.arg]) : s.node;
  };
  const own = (k: number) => e.sources[e.outputs[k]] === undefined;
  const out = buildResults(e.def, e.lazy, e.outputs.length, leaf, node, own);
  // As after any completed run: no node built so far is shared again (a lazy result's would
  // keep its parts, the bag's gradient, alive).
  if (e.lazy.length > 0) clearInterned();
  return out;
}
