/**
 * The space tree's build does not depend on how much room the tree had:
 * cells added while its arrays grow (a split that outgrows them) are the
 * cells a tree with room to spare gets, and a second build of the same
 * points gives them again (the first build after a growth used to lose the
 * split cell's children, so trees differed by thread and by iteration).
 */

import assert from "node:assert/strict";
import { SpaceTree } from "../../src/viz/_space_tree.ts";

/** The cells in use, as plain arrays. */
function cells(t: SpaceTree) {
  return {
    count: t.count,
    child: [...t.child.subarray(0, t.count)],
    size: [...t.size.subarray(0, t.count)],
    packed: [...t.packed.subarray(0, 4 * t.count)],
  };
}

Deno.test("SpaceTree.build() gives the same cells whether its arrays grow during the build or not", () => {
  const n = 120;
  const [px, py, pz] = [0, 1, 2].map((a) =>
    Float64Array.from({ length: n }, (_, i) => Math.sin((i * 3 + a) * 1.7) * 3)
  );
  for (const dim of [1, 2, 3]) {
    const roomy = new SpaceTree(dim, 100_000);
    roomy.build(px, py, pz, n);
    const want = cells(roomy);
    const tight = new SpaceTree(dim, 16);
    tight.build(px, py, pz, n);
    assert.ok(tight.child.length > 16, `dim ${dim}: the arrays grew`);
    assert.deepEqual(cells(tight), want, `dim ${dim}, first build`);
    tight.build(px, py, pz, n);
    assert.deepEqual(cells(tight), want, `dim ${dim}, second build`);
  }
});
