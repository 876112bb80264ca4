/**
 * `writerGroups` (src/schedule/_writer_groups.ts): in-place elementwise
 * writers of one shape join the group of the writer that reads them, unless
 * another node reads them before that writer runs.
 */

import assert from "node:assert/strict";
import { writerGroups } from "../../src/schedule/_writer_groups.ts";
import type { PlanNode, Role } from "../../src/schedule/plan.ts";

const node = (op: string, inputs: number[], role: Role, aliases = -1): PlanNode =>
  ({ op, attrs: {}, inputs, dtype: "float32", aliases, role }) as unknown as PlanNode;

/** m' = copy(m * g) in place; p' = copy(p + m') in place; an extra reader of m' at `at`. */
function graph(readerAt?: "before" | "after"): PlanNode[] {
  const nodes = [
    node("buffer", [], "input"), // 0 m
    node("buffer", [], "input"), // 1 g
    node("ewise", [0, 1], "inlined"), // 2 m * g
    node("ewise", [0, 2], "output", 0), // 3 m' (writes m)
    node("buffer", [], "input"), // 4 p
  ];
  if (readerAt === "before") nodes.push(node("reduce", [3], "output")); // 5 reads m'
  const base = nodes.length;
  nodes.push(node("ewise", [4, 3], "inlined"), node("ewise", [4, base], "output", 0)); // p + m', p'
  if (readerAt === "after") nodes.push(node("reduce", [3], "output"));
  return nodes;
}

Deno.test("writerGroups() puts a state update and the parameter update that reads it in one group", () => {
  const nodes = graph();
  assert.deepEqual([...writerGroups(nodes, nodes.map(() => [4, 3]))], [[6, [3]]]);
  const later = graph("after");
  assert.deepEqual([...writerGroups(later, later.map(() => [4, 3]))], [[6, [3]]]);
});

Deno.test("writerGroups() leaves a writer out when another node reads it before the leader, or its shape differs", () => {
  const nodes = graph("before");
  assert.deepEqual([...writerGroups(nodes, nodes.map(() => [4, 3]))], []);
  const plain = graph();
  const shapes = plain.map((_, i) => (i === 3 ? [4, 1] : [4, 3]));
  assert.deepEqual([...writerGroups(plain, shapes)], []);
});
