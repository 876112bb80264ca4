/**
 * A run's temporaries live in one arena block laid out from the plan; a
 * reshape view shares its value's place, or keeps its storage as an output.
 */

import assert from "node:assert/strict";
import {
  add,
  embeddingBagGrad,
  exp,
  jit,
  mul,
  randn,
  reshape,
  sum,
  type Tensor,
} from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { collect } from "../../src/schedule/collect.ts";
import { planFor } from "../../src/runtime/realize_nodes.ts";
import { keptTemps, tempLayout } from "../../src/runtime/_temp_block.ts";
import { assertBitwise } from "../_helpers.ts";
import { arena } from "../../src/memory/arena.ts";

const graphOf = (...ts: Tensor[]) => collect(ts.map((t) => tensorInternals().nodeOf(t)));

Deno.test("tempLayout() places temporary values and temp buffers one after another, 64-byte aligned", () => {
  const x = randn([3, 5], { seed: 1 });
  // Two reductions in a row: the first is a temporary value of the plan.
  const out = add(sum(sum(exp(x), { axis: 1 }), { axis: 0 }), 1);
  const graph = graphOf(out);
  const plan = planFor(graph);
  const shapes = graph.nodes.map((n) => n.shape);
  const layout = tempLayout(plan, shapes);
  // A temporary reshape is a view of its value's place (it aliases it), not a place of its own.
  const view = (v: number) => plan.nodes[v].op === "reshape" && plan.nodes[v].aliases >= 0;
  const temps = plan.nodes.flatMap((n, v) => (n.role === "temp" && !view(v) ? [v] : []));
  assert.ok(temps.length >= 1, "the plan has temporaries");
  assert.ok(plan.nodes.some((n, v) => n.role === "temp" && view(v)), "a reshape is a view");
  assert.deepEqual(temps.map((v) => layout.values[v] >= 0), temps.map(() => true));
  plan.nodes.forEach((n, v) => {
    if (n.role !== "temp" || view(v)) assert.equal(layout.values[v], -1, `%${v} ${n.role}`);
  });
  const starts = [...temps.map((v) => layout.values[v]), ...layout.temps].sort((a, b) => a - b);
  starts.forEach((s, i) => {
    assert.equal(s % 64, 0);
    if (i > 0) assert.ok(s > starts[i - 1]);
  });
  assert.ok(layout.bytes >= starts.at(-1)! + 64);
});

Deno.test("a run allocates one arena block for all its temporaries, and frees it", async () => {
  const W = randn([50, 64], { seed: 2 }), G = randn([3, 64], { seed: 3 });
  // A mean bag gradient: per-position preparation buffers (over 1 KiB, so not from a slab).
  const ids = Array.from({ length: 600 }, (_, j) => (j * 7) % 50);
  const g = embeddingBagGrad(G, W, ids, { offsets: [0, 200, 400], mode: "mean" });
  const make = () => mul(g.weight as Tensor<"float32">, W);
  await make().data(); // Kernels compiled and loaded (the Worker pool keeps them in the arena).
  const grad = make();
  const graph = graphOf(grad);
  const plan = planFor(graph);
  const outputs = plan.nodes.filter((n) => n.role === "output").length;
  const temporaries = plan.nodes.filter((n) => n.role === "temp").length + plan.temps.length;
  assert.ok(temporaries >= 2, `temporaries: ${temporaries}`);
  const a = arena(), alloc = a.alloc.bind(a), free = a.free.bind(a);
  let allocs = 0, frees = 0, kernels = 0;
  // Blocks the run allocates are named after its caller; the Worker pool may load kernels too (a
  // launch that ran inline before may be split now, with measured costs), and keeps them.
  a.alloc = (bytes: number, who: string) => {
    allocs += who === "Tensor.data()" ? 1 : 0;
    kernels += who === "Worker pool" ? bytes : 0;
    return alloc(bytes, who);
  };
  a.free = (ptr: number, bytes: number) => (frees++, free(ptr, bytes));
  const live = a.liveBytes;
  try {
    await grad.data();
  } finally {
    a.alloc = alloc;
    a.free = free;
  }
  assert.ok(allocs <= outputs + 1, `${allocs} arena blocks for ${outputs} outputs`);
  assert.ok(frees >= 1, "the block is freed");
  assert.ok(a.liveBytes - live - kernels <= 50 * 64 * 4 * outputs + 64, "only the outputs stay");
});

Deno.test("an output reshape keeps the storage of the temporary it is a view of, each run its own", async () => {
  const x = randn([3, 4], { seed: 4 });
  const dx = x.dataSync().slice();
  const want = [0, 1, 2, 3].map((j) => Math.fround(Math.fround(dx[j] + dx[4 + j]) + dx[8 + j]));
  const f = (t: Tensor<"float32">) => sum(t, { axis: 0 });
  const plan = planFor(graphOf(f(x)));
  assert.ok(plan.nodes.some((n) => n.op === "reshape" && n.aliases >= 0 && n.role === "output"));
  assert.deepEqual([...keptTemps(plan)].map((v) => plan.nodes[v].op), ["reduce"]);
  // The intermediate a user holds stays pending (not the output's storage): disposing it or
  // reading it leaves the output as it was.
  const kept = sum(x, { axis: 0, keepdims: true }), r = reshape(kept, [4]);
  assertBitwise(await r.data(), Float32Array.from(want));
  kept.dispose();
  assertBitwise(await r.data(), Float32Array.from(want));
  const step = jit(f);
  const a = await step(x), b = await step(mul(x, 2) as Tensor<"float32">);
  assertBitwise(await a.data(), Float32Array.from(want));
  assertBitwise(await b.data(), Float32Array.from(want.map((v) => 2 * v)));
});
