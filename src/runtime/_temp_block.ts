/**
 * Where a run keeps its temporaries: one arena block per run, laid out from
 * the plan, instead of a garbage-collected `Storage` per temporary value
 * (with its finalizer registration and its weight, see
 * `src/memory/_reclaim.ts`). A plan's temporary values (computed and freed
 * when the run ends) and its preparation buffers (`TempBuffer`s) are placed
 * one after another, each 64-byte aligned; sizes come from the run's shapes,
 * so one plan serves batches of any size. A value some node writes in place
 * keeps a storage of its own, and so does one an output reshape is a view of
 * (`keptTemps`); a temporary reshape view shares its value's place.
 *
 * @module
 */

import { ALIGN } from "../memory/arena.ts";
import type { Plan } from "../schedule/plan.ts";

/** Offsets in a run's block: of each temporary value (-1: not in the block), of each temp buffer. */
export interface TempLayout {
  readonly values: readonly number[];
  readonly temps: readonly number[];
  readonly bytes: number;
}

/** The temporary values of each plan that live in the block. */
const inBlock = new WeakMap<Plan, readonly number[]>();
const keptOf = new WeakMap<Plan, ReadonlySet<number>>();

/**
 * Temporary values an output is a reshape view of (through views of views):
 * the run keeps their storage as that output's.
 */
export function keptTemps(plan: Plan): ReadonlySet<number> {
  let kept = keptOf.get(plan);
  if (kept === undefined) {
    const found = new Set<number>(), nodes = plan.nodes;
    for (let v = nodes.length - 1; v >= 0; v--) {
      const n = nodes[v];
      if (n.op !== "reshape" || n.aliases < 0) continue;
      if (n.role === "output" || found.has(v)) found.add(n.inputs[n.aliases]);
    }
    keptOf.set(plan, kept = found);
  }
  return kept;
}

function blockValues(plan: Plan): readonly number[] {
  let list = inBlock.get(plan);
  if (list === undefined) {
    const aliased = new Set<number>(keptTemps(plan));
    for (const n of plan.nodes) {
      if (n.aliases >= 0 && n.op !== "reshape") aliased.add(n.inputs[n.aliases]);
    }
    list = [];
    plan.nodes.forEach((n, v) => {
      if (n.role === "temp" && n.aliases < 0 && !aliased.has(v)) (list as number[]).push(v);
    });
    inBlock.set(plan, list);
  }
  return list;
}

const aligned = (bytes: number) => Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);

/** Lays out a run's temporaries for these shapes. */
export function tempLayout(plan: Plan, shapes: readonly (readonly number[])[]): TempLayout {
  const values = new Array<number>(plan.nodes.length).fill(-1);
  let bytes = 0;
  for (const v of blockValues(plan)) {
    values[v] = bytes;
    let n = 4;
    for (const d of shapes[v]) n *= d;
    bytes += aligned(n);
  }
  const temps = plan.temps.map((t) => {
    const at = bytes;
    bytes += aligned(t.bytes((v) => shapes[v]));
    return at;
  });
  return { values, temps, bytes };
}
