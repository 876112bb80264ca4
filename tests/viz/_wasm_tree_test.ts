/**
 * The Wasm quadtree build against `SpaceTree.build` (copied to the shared
 * cells by `ForceArena.share`), both taking the points in a Z-order: the
 * same cells, bit for bit, on clustered
 * points with duplicates and near-duplicates; -1 when the cells do not fit.
 */

import assert from "node:assert/strict";
import { BarnesHutState } from "../../src/viz/_tsne_gradient.ts";
import { emitTree, rootCell } from "../../src/viz/_wasm_tree.ts";
import { arena } from "../../src/memory/arena.ts";

/** `n` clustered 2-D points, every 40th a duplicate of its predecessor, some 1e-7 apart. */
function fill(s: BarnesHutState, n: number, seed: number, scale: number): void {
  let a = seed;
  const u = () => (a = (a * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < n; i++) {
    const c = i % 5, r = Math.sqrt(-2 * Math.log(u()));
    s.px[i] = scale * (10 * Math.cos(c) + r * Math.cos(6.283 * u()));
    s.py[i] = scale * (10 * Math.sin(c) + r * Math.sin(6.283 * u()));
    if (i % 40 === 1) [s.px[i], s.py[i]] = [s.px[i - 1], s.py[i - 1]];
    if (i % 40 === 2) s.px[i] = s.px[i - 1] + 1e-7;
  }
}

Deno.test("emitTree() builds SpaceTree.build()'s cells bit for bit", () => {
  for (const [n, seed, scale] of [[500, 1, 1], [777, 2, 1e-4], [1, 3, 1], [2, 4, -3]]) {
    const s = new BarnesHutState(n, 2);
    fill(s, n, seed, scale);
    const order = s.arena.orderPoints()!; // a Z-order of the points
    assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
    s.tree.build(s.px, s.py, s.pz, n, order);
    assert.ok(s.arena.share(s.tree));
    const count = s.tree.count;
    const ref = [s.arena.child.slice(0, count), s.arena.packed.slice(0, 4 * count)];
    s.arena.child.fill(7), s.arena.packed.fill(NaN);
    assert.equal(s.wasm!.tree(0, 0), 1); // no points: the root alone
    assert.ok(s.arena.build(s.wasm!));
    assert.equal(s.arena.cells, count, `n = ${n}: cells`);
    const got = [s.arena.child.slice(0, count), s.arena.packed.slice(0, 4 * count)];
    assert.deepEqual(got, ref, `n = ${n}, scale ${scale}`);
    s.dispose();
  }
});

Deno.test("emitTree() returns -1 when the cells would outnumber cap", () => {
  const n = 300, s = new BarnesHutState(n, 2);
  fill(s, n, 5, 1);
  const run = new WebAssembly.Instance(
    new WebAssembly.Module(emitTree().bytes as BufferSource),
    { env: { memory: arena().memory } },
  ).exports.run as (...args: number[]) => number;
  const l = s.arena.layout, [px, py] = l.floats;
  const bounds = new Float64Array(arena().memory.buffer, l.bounds, 4);
  s.arena.orderPoints();
  const build = (cap: number) => {
    rootCell(s.px, s.py, n, s.arena.child, s.arena.packed, bounds);
    return run(px, py, l.order, l.child, l.packed, l.bounds, cap, 0, n);
  };
  const cells = build(l.capacity);
  assert.ok(cells > 4 * 50, `${cells} cells`);
  assert.equal(build(cells), cells);
  assert.equal(build(cells - 1), -1);
  assert.equal(build(5), -1);
  s.dispose();
});
