/**
 * Lowering: each computed node becomes kernel steps through its primitive's
 * `lower` (see `src/graph/prims/`), with the preparation steps they share
 * (see `_lowering.ts`). Static facts (embedding dim, mode, flags) go into
 * kernel specs; sizes and buffers are bound at run time by `Step.bind`.
 *
 * @module
 */

import type { OpKind } from "../graph/primitive.ts";
import { PRIMITIVES } from "../graph/prims/index.ts";
import type { PlanNode, Step, TempBuffer } from "./plan.ts";
import { Lowering } from "./_lowering.ts";
import { writerGroups } from "./_writer_groups.ts";

/** Lowers plan nodes (in topological order) to steps and the temps they use. */
export function lower(
  nodes: readonly PlanNode[],
  shapes: readonly (readonly number[])[],
): { steps: Step[]; temps: TempBuffer[] } {
  const L = new Lowering(nodes, writerGroups(nodes, shapes));
  nodes.forEach((node, v) => {
    if (node.role === "input" || node.role === "inlined" || L.grouped(v)) return;
    const prim = Object.hasOwn(PRIMITIVES, node.op) ? PRIMITIVES[node.op] : undefined;
    if (prim === undefined) throw new Error(`internal: no primitive named ${node.op} (%${v})`);
    // The descriptor's own op: attrs are typed by it (the registry is a mapped type).
    (prim.lower as (L: Lowering, n: unknown, s: typeof shapes) => void)(
      L,
      { op: node.op as OpKind, attrs: node.attrs, inputs: node.inputs, v },
      shapes,
    );
  });
  return { steps: L.steps, temps: L.temps };
}
