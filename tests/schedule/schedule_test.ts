/**
 * Schedule snapshots proving the fusion rules: each printout lists the
 * kernels a graph becomes and the graph values each kernel covers. The
 * `[N, D]` gathered rows and row gradients appear only as `inlined` values.
 */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingBagGrad,
  embeddingForward,
  embeddingGrad,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { collect } from "../../src/schedule/collect.ts";
import { schedule } from "../../src/schedule/schedule.ts";
import { printPlan } from "../../src/schedule/print.ts";
import { assertBitwise } from "../_helpers.ts";

const plan = (...ts: Tensor[]) =>
  printPlan(schedule(collect(ts.map((t) => tensorInternals().nodeOf(t)))));
const w = () => tensor([[0, 1], [2, 3], [4, 5], [6, 7]]);
const g = tensor([[1, 1], [2, 2]]);

Deno.test("schedule() fuses gather, padding and mean into one gather_bag kernel", () => {
  assert.equal(
    plan(embeddingBagForward(w(), [1, 2, 3, 0], { offsets: [0, 2], mode: "mean", paddingIdx: 0 })),
    `values: %0 input, %1 input, %2 inlined gather, %3 input, %4 output bag
k0 gather_bag{D=2,mode=mean,padded=true,touch=false,weighted=false} covers %2 %4 reads %0 %1 %3 writes %4`,
  );
});

Deno.test("schedule() fuses per-sample weights into the gather_bag kernel", () => {
  assert.equal(
    plan(
      embeddingBagForward(w(), [[1, 2], [3, 0]], {
        mode: "sum",
        perSampleWeights: [[1, 2], [3, 4]],
      }),
    ),
    `values: %0 input, %1 input, %2 inlined gather, %3 input, %4 input, %5 output bag
k0 gather_bag{D=2,mode=sum,padded=false,touch=false,weighted=true} covers %2 %5 reads %0 %1 %3 %4 writes %5`,
  );
});

Deno.test("schedule() runs max-norm in place before the lookup", () => {
  assert.equal(
    plan(embeddingForward(tensor([[0, 1], [2, 3]]), [1, 0], { maxNorm: 1 })),
    `values: %0 input, %1 input, %2 output renorm, %3 output gather
k0 renorm{D=2,p=2} covers %2 reads %0 %1 writes %2 (in place of %0)
k1 gather{D=2,touch=false} covers %3 reads %2 %1 writes %3`,
  );
});

Deno.test("schedule() fuses the mean bag backward into the dense scatter", () => {
  assert.equal(
    plan(embeddingBagGrad(g, w(), [[1, 2], [3, 0]], { mode: "mean" }).weight),
    `values: %0 input, %1 input, %2 input, %3 inlined bag_backward, %4 output scatter_add
temps: $0.bagOf, $1.scale
k0 bag_positions{mean=true,padded=false,weighted=false} reads %1 %2 writes $0.bagOf $1.scale
k1 scatter_rows{D=2,freq=false,padded=false,source=scaled} covers %3 %4 reads %0 %1 $0.bagOf $1.scale writes %4`,
  );
});

Deno.test("schedule() routes the max gradient through bag_argmax without materialising rows", () => {
  assert.equal(
    plan(embeddingBagGrad(g, w(), [[1, 2], [3, 0]], { mode: "max" }).weight),
    `values: %0 input, %1 input, %2 input, %3 input, %4 inlined gather, %5 temp bag_argmax, %6 inlined bag_backward, %7 output scatter_add
temps: $0.bagOf, $1.scale
k0 bag_argmax{D=2,padded=false,touch=false} covers %4 %5 reads %3 %1 %2 writes %5
k1 bag_positions{mean=false,padded=false,weighted=false} reads %1 %2 writes $0.bagOf $1.scale
k2 scatter_rows{D=2,freq=false,padded=false,source=max} covers %6 %7 reads %0 %1 $0.bagOf $1.scale %5 writes %7`,
  );
});

Deno.test("schedule() computes weight and per-sample-weight gradients in one plan, gather fused", () => {
  const grads = embeddingBagGrad(g, w(), [[1, 2], [3, 0]], {
    mode: "sum",
    perSampleWeights: [[1, 2], [3, 4]],
  });
  assert.equal(
    plan(grads.weight, grads.perSampleWeights!),
    `values: %0 input, %1 input, %2 input, %3 input, %4 inlined bag_backward, %5 output scatter_add, %6 input, %7 inlined gather, %8 output psw_grad
temps: $0.bagOf, $1.scale
k0 bag_positions{mean=false,padded=false,weighted=true} reads %1 %2 writes $0.bagOf $1.scale
k1 scatter_rows{D=2,freq=false,padded=false,source=scaled} covers %4 %5 reads %0 %1 $0.bagOf $1.scale writes %5
k2 psw_grad{D=2,padded=false,touch=false} covers %7 %8 reads %0 %6 %1 %2 writes %8`,
  );
});

Deno.test("schedule() shares one row_csr between coalesced sparse indices and values", () => {
  const sp = embeddingBagGrad(g, w(), [[1, 2], [3, 1]], {
    mode: "sum",
    sparse: true,
    coalesce: true,
    scaleGradByFreq: true,
  }).weight;
  assert.equal(
    plan(sp.indices, sp.values),
    `values: %0 input, %1 output sparse_indices, %2 input, %3 input, %4 inlined bag_backward, %5 output sparse_values
temps: $0.csr, $1.bagOf, $2.scale, $3.invFreq
k0 row_csr{padded=false} reads %0 writes $0.csr
k1 sparse_indices{coalesced=true,padded=false} covers %1 reads %0 $0.csr writes %1
k2 bag_positions{mean=false,padded=false,weighted=false} reads %0 %3 writes $1.bagOf $2.scale
k3 inv_freq{} reads %0 writes $3.invFreq
k4 sparse_values{D=2,coalesced=true,freq=true,padded=false,source=scaled} covers %4 %5 reads %2 %0 $1.bagOf $2.scale $3.invFreq $0.csr writes %5`,
  );
});

Deno.test("schedule() prepares frequencies once for a lookup gradient", () => {
  assert.equal(
    plan(
      embeddingGrad(tensor([[1, 1], [2, 2], [3, 3]]), [1, 1, 2], {
        numEmbeddings: 4,
        scaleGradByFreq: true,
      }),
    ),
    `values: %0 input, %1 input, %2 output scatter_add
temps: $0.invFreq
k0 inv_freq{} reads %1 writes $0.invFreq
k1 scatter_rows{D=2,freq=true,padded=false,source=rows} covers %2 reads %0 %1 $0.invFreq writes %2`,
  );
});

Deno.test("schedule() marks tables larger than the caches for touching ahead", () => {
  const big = tensor(new Float32Array(65536 * 64), { shape: [65536, 64] });
  assert.match(
    plan(embeddingBagForward(big, [[1, 2]], { mode: "sum" })),
    /gather_bag\{D=64,mode=sum,padded=false,touch=true,weighted=false\}/,
  );
});

Deno.test("schedule() fuses a ReLU into the matmul (with bias) that feeds only it, not into a chain", async () => {
  const { linear, relu, add, randn, backend } = await import("../../mod.ts");
  const x = randn([4, 3], { seed: 1 }), w = randn([5, 3], { seed: 2 }), b = randn([5], { seed: 3 });
  const fma = backend().fma ? "fma=true," : "";
  assert.equal(
    plan(relu(linear(x, w, b))),
    `values: %0 input, %1 input, %2 input, %3 inlined matmul, %4 output ewise
k0 matmul{bias=true,${fma}relu=true,transA=false,transB=true} covers %3 %4 reads %0 %1 %2 writes %4`,
  );
  assert.match(
    plan(add(relu(linear(x, w, b)), 1)),
    /%3 temp matmul.*relu=false.*relu x0; add t0 c0/s,
  );
  // The fused result equals the unfused one.
  const y = await relu(linear(x, w, b)).data();
  const h = await linear(x, w, b).data();
  assert.deepEqual([...y], [...h].map((v) => Math.max(v, 0)));
});

Deno.test("schedule() reads expands and reshapes inside elementwise chains, with the unfused results", async () => {
  const { add, mul, reshape, randn, sum, nllLoss, logSoftmax } = await import("../../mod.ts");
  const { realizeNodesSync } = await import("../../src/runtime/realize_nodes.ts");
  const x = randn([3, 4], { seed: 1 }), s = randn([2, 2], { seed: 2 });
  const build = () => [add(x, sum(x, { axis: 1, keepdims: true })), mul(reshape(s, [4]), x)];
  const printed = plan(...build());
  assert.doesNotMatch(printed, /strided_copy/, printed);
  assert.match(printed, /inlined reshape/, printed);
  const fused = await Promise.all(build().map((t) => t.data()));
  const plain = build();
  realizeNodesSync(plain.map((t) => tensorInternals().nodeOf(t)), "test", []);
  assert.deepEqual(fused.map((a) => [...a]), plain.map((t) => [...t.dataSync()]));
  // The scalar gradient of a mean loss reaches the batch through a reshape and an expand
  // (nllLoss: crossEntropy of class indices is one fused kernel and its gradient another).
  const logits = randn([5, 3], { seed: 3 });
  logits.requiresGrad = true;
  const ce = (l: Tensor<"float32">) => nllLoss(logSoftmax(l, { axis: 1 }), [0, 2, 1, 1, 0]);
  const loss = ce(logits);
  const { grad } = await import("../../mod.ts");
  const gradPlan = plan(grad(ce)(logits));
  assert.match(gradPlan, /inlined reshape, %\d+ inlined expand/, gradPlan);
  assert.ok(Number.isFinite(await loss.item()));
});

Deno.test("schedule() fuses a ReLU's backward mask into the matmul computing its value, with the unfused results", async () => {
  const { valueAndGrad, linear, relu, randn, sum, mul } = await import("../../mod.ts");
  const { realizeNodesSync } = await import("../../src/runtime/realize_nodes.ts");
  const x0 = randn([6, 5], { seed: 4 }).dataSync().slice();
  x0[7] = NaN;
  const x = tensor(x0, { shape: [6, 5] }) as Tensor<"float32">;
  const w1 = randn([7, 5], { seed: 5 }), b1 = randn([7], { seed: 6 });
  const w2 = randn([3, 7], { seed: 7 }), c = randn([6, 3], { seed: 8 });
  // The forward value reads the ReLU's output, which the backward mask then reads too.
  const f = (x: Tensor<"float32">) => sum(mul(linear(relu(linear(x, w1, b1)), w2), c));
  const printed = plan(...valueAndGrad(f)(x));
  assert.match(
    printed,
    /matmul\{bias=false,(fma=true,)?mask=true,relu=false[^\n]* covers %\d+ %\d+ %\d+ /,
  );
  assert.doesNotMatch(printed, /where/, printed);
  const fused = await valueAndGrad(f)(x)[1].data();
  const plain = valueAndGrad(f)(x)[1];
  realizeNodesSync([tensorInternals().nodeOf(plain)], "test", []);
  assertBitwise(fused, plain.dataSync());
  // Some outputs are masked (negative pre-activations); a NaN one (row 1) keeps its value.
  assert.ok([...await linear(x, w1, b1).data()].some((v) => v < 0));
  // Without the forward value, the ReLU is recomputed inside the mask's elementwise chain.
  assert.match(plan(valueAndGrad(f)(x)[1]), /relu x0; le t0 0; where t1 0 x1/);
});

Deno.test("schedule() makes a reshape of a value nothing else reads a view of its buffer", async () => {
  const { sum, randn, reshape } = await import("../../mod.ts");
  const x = randn([3, 4], { seed: 9 });
  assert.equal(
    plan(sum(x, { axis: 0 })),
    `values: %0 input, %1 temp reduce, %2 output reshape (buffer of %1)
k0 reduce{op=sum} covers %1 reads %0 writes %1`,
  );
  // Read by something else too, the value is copied.
  const s = sum(x, { axis: 0, keepdims: true });
  assert.match(plan(reshape(s, [4]), s), /strided_copy/);
});
