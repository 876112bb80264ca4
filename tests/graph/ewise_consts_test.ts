/**
 * The numbers of elementwise programs are run-time arguments: a graph
 * differing only in them reuses the cached plan and compiled kernel, with
 * the new values, on every backend; `0` stays structural (fusion patterns
 * test for it); a `jit` trace keeps its own values when another graph of
 * its structure runs in between.
 */

import assert from "node:assert/strict";
import { add, jit, maximum, mul, sub, tensor } from "../../mod.ts";
import { ewiseConstants, ewiseStructure, isArgument } from "../../src/graph/prims/_ewise_consts.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { wasmInstanceCounts } from "../../src/runtime/wasm_instances.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";

const fr = Math.fround;

Deno.test("ewiseStructure() writes every number but 0 as #; ewiseConstants() lists their values", () => {
  assert.equal(
    ewiseStructure("mul x0 0.5; add t0 0; where x1 -0 nan"),
    "mul x0 #; add t0 0; where x1 # #",
  );
  assert.deepEqual(ewiseConstants("mul x0 0.5; add t0 0; max t1 -inf; min t2 inf; mul 1e-3 -0"), [
    0.5,
    -Infinity,
    Infinity,
    1e-3,
    -0,
  ]);
  assert.ok(Number.isNaN(ewiseConstants("add x0 nan")[0]));
  assert.deepEqual([isArgument("0"), isArgument("-0"), isArgument("x0"), isArgument("t3")], [
    false,
    true,
    false,
    false,
  ]);
});

Deno.test("a graph differing only in its constants has the same structural key", () => {
  const x = tensor([1, 2]);
  const sig = (s: number) => tensorInternals().nodeOf(mul(add(x, s), 3 * s)).sig;
  assert.equal(sig(2), sig(0.125));
  assert.notEqual(sig(2), sig(0)); // 0 is structural
  assert.notEqual(tensorInternals().nodeOf(add(x, 2)).key, tensorInternals().nodeOf(add(x, 3)).key);
});

for (const backend of BACKENDS) {
  Deno.test({
    name:
      `elementwise constants change without a new kernel, and -0, NaN and inf pass through, on ${backend.name}`,
    ...WORKER_TEST,
    fn: () =>
      useBackend(backend, async () => {
        const x = tensor([-1.5, -0, 0, 2, 1e30]);
        const xs = await x.data();
        const step = async (s: number) => {
          const got = await maximum(mul(sub(x, s), s), -5).data();
          const want = xs.map((v) => {
            const m = fr(fr(v - fr(s)) * fr(s));
            return Number.isNaN(m) ? NaN : Math.max(m, -5);
          });
          assert.deepEqual([...got], [...want], `s = ${s}`);
        };
        await step(2);
        const before = wasmInstanceCounts().modules;
        for (const s of [0.1, 3, -0, -1e-3, Infinity, NaN, 1e-45, 3.4e38]) await step(s);
        assert.equal(wasmInstanceCounts().modules, before, "no kernel compiled for new constants");
        // -0 is an argument and 0 is structural: x + -0 keeps -0, x + 0 does not.
        assert.ok(Object.is((await add(tensor([-0]), -0).data())[0], -0));
        assert.ok(Object.is((await add(tensor([-0]), 0).data())[0], 0));
      }),
  });
}

Deno.test("a jit trace keeps its constants when a graph of its structure runs with others", async () => {
  const x = tensor([1, 2, 3]);
  const f = jit((a: typeof x) => mul(add(a, 1), 2));
  assert.deepEqual([...await (await f(x)).data()], [4, 6, 8]);
  assert.deepEqual([...await mul(add(x, 5), 7).data()], [42, 49, 56]);
  assert.deepEqual([...await (await f(x)).data()], [4, 6, 8]);
  assert.deepEqual([...await (await f(tensor([0, 0, 1]))).data()], [2, 2, 4]);
});
