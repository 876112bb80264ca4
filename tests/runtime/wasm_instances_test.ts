/**
 * Compiled kernels are cached by spec, and every cache is bounded: a program
 * that meets ever new specs (here 1,500 distinct `normType` values, each a
 * kernel of its own) keeps a bounded number of emitted modules, compiled
 * modules, instances and Worker-side kernels, and still computes right.
 */

import assert from "node:assert/strict";
import { embeddingForward, setBackend, shutdownWorkers, tensor } from "../../mod.ts";
import { WASM_KERNEL_LIMIT, wasmKernelCount } from "../../kernels/wasm/registry.ts";
import { wasmInstanceCounts } from "../../src/runtime/wasm_instances.ts";
import { poolForTests } from "../../src/runtime/backend.ts";
import { refRenorm } from "../_reference.ts";
import { WORKER_TEST } from "../_backends.ts";

const V = 6, D = 5;
const rows = Array.from({ length: V * D }, (_, i) => ((i * 7) % 11) - 4);
const ids = [4, 1, 4, 0];

/** A max-norm lookup with normType `p`, checked against the reference renorm. */
async function lookup(p: number): Promise<void> {
  const w = tensor(Float32Array.from(rows), { shape: [V, D] });
  const got = await embeddingForward(w, ids, { maxNorm: 1.5, normType: p }).data();
  const table = refRenorm(Float32Array.from(rows), D, ids, 1.5, p);
  const want = ids.flatMap((k) => Array.from(table.slice(k * D, (k + 1) * D)));
  assert.deepEqual(Array.from(got), want, `normType ${p}`);
}

Deno.test("1,500 distinct normType values keep the Wasm kernel caches bounded", async () => {
  setBackend({ kernels: "wasm", executor: "inline" });
  try {
    for (let i = 0; i < 1500; i++) {
      await lookup(1.25 + i / 1024);
      const { modules, instances } = wasmInstanceCounts();
      assert.ok(wasmKernelCount() <= WASM_KERNEL_LIMIT, `${wasmKernelCount()} emitted modules`);
      assert.ok(modules <= WASM_KERNEL_LIMIT && instances <= WASM_KERNEL_LIMIT);
    }
    assert.equal(wasmKernelCount(), WASM_KERNEL_LIMIT);
    await lookup(1.25); // evicted long ago: emitted again
  } finally {
    setBackend({});
  }
});

Deno.test({
  name: "Workers unload evicted kernels, and reload them when they come back",
  ...WORKER_TEST,
  async fn() {
    setBackend({ kernels: "wasm", executor: "workers", workers: 2, inlineBelow: 0 });
    try {
      for (let i = 0; i < WASM_KERNEL_LIMIT + 40; i++) await lookup(3.5 + i / 1024);
      assert.ok(poolForTests()!.kernelCount <= WASM_KERNEL_LIMIT);
      await lookup(3.5); // unloaded from the Workers, loaded again
    } finally {
      setBackend({});
      await shutdownWorkers();
    }
  },
});
