/**
 * Sibling in-place updates lowered as one kernel: an optimizer's dense
 * update writes a parameter and its state (Adam's `m`, `v` and the weights)
 * with in-place elementwise writers of one shape, the last reading the
 * others. Such a group becomes one `elementwise` program with one store per
 * writer, run where its last writer (the leader) runs, so each element of
 * the parameter and its state is read and written once.
 *
 * A writer joins its reader's group only if nothing else reads it before
 * the leader runs: every node that reads a member is in the group, composed
 * into a member's kernel, or later than the leader.
 *
 * @module
 */

import type { PlanNode } from "./plan.ts";

const isWriter = (n: PlanNode) => n.op === "ewise" && n.aliases >= 0 && n.role === "output";
const inlinedEwise = (n: PlanNode) => n.op === "ewise" && n.role === "inlined";
const same = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** The inlined elementwise nodes composed into `w`'s kernel, and the values it reads. */
function chainOf(
  nodes: readonly PlanNode[],
  w: number,
): { inner: Set<number>; leaves: Set<number> } {
  const inner = new Set<number>([w]), leaves = new Set<number>();
  const stack = [...nodes[w].inputs];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (inner.has(x) || leaves.has(x)) continue;
    if (inlinedEwise(nodes[x])) {
      inner.add(x);
      stack.push(...nodes[x].inputs);
    } else leaves.add(x);
  }
  return { inner, leaves };
}

/** Groups by leader: the members' positions, ascending. */
export function writerGroups(
  nodes: readonly PlanNode[],
  shapes: readonly (readonly number[])[],
): Map<number, number[]> {
  const readers: number[][] = nodes.map(() => []);
  nodes.forEach((n, u) => n.inputs.forEach((x) => readers[x].push(u)));
  const groups = new Map<number, { members: number[]; inner: Set<number> }>();
  nodes.forEach((n, w) => {
    if (!isWriter(n)) return;
    const { inner, leaves } = chainOf(nodes, w);
    const members: number[] = [];
    for (const m of leaves) {
      if (!isWriter(nodes[m]) || !same(shapes[m], shapes[w])) continue;
      const absorbed = groups.get(m);
      members.push(...(absorbed?.members ?? []), m);
      absorbed?.inner.forEach((x) => inner.add(x));
    }
    if (members.length === 0) return;
    const all = new Set([...members, w]);
    const safe = members.every((m) => readers[m].every((u) => all.has(u) || inner.has(u) || u > w));
    if (!safe) return;
    for (const m of members) groups.delete(m);
    groups.set(w, { members: members.sort((a, b) => a - b), inner });
  });
  return new Map([...groups].map(([w, g]) => [w, g.members]));
}
