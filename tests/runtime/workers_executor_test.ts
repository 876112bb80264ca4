import assert from "node:assert/strict";
import type { KernelSpec } from "../../kernels/kernel.ts";
import {
  backend,
  crossEntropy,
  embeddingBagForward,
  linear,
  randUniform,
  relu,
  setBackend,
  shutdownWorkers,
  tensor,
} from "../../mod.ts";
import type { Executor } from "../../src/runtime/executor.ts";
import type { Pool } from "../../src/runtime/pool.ts";
import type { Range } from "../../src/runtime/split.ts";
import { SPAWN_COST_US, workersExecutor } from "../../src/runtime/_workers_executor.ts";
import type { Launch } from "../../src/schedule/plan.ts";
import { WORKER_TEST } from "../_backends.ts";

/** Where each launch went: "inline", or the ranges handed to the pool (and whether the caller took one). */
type Placed = string;

/**
 * An executor over a recording pool and inline executor (no kernel runs): inline runs take
 * `inlineMs`, split runs `splitMs` (the caller's share is not run, so rates come from inline runs).
 */
function recording(
  threads: number,
  inlineBelow: number | "auto",
  { started = true, inlineMs = 0, splitMs = 0, spawnCostUs = 0, kind = "js" as "js" | "wasm" } = {},
) {
  const log: Placed[] = [];
  const spin = (ms: number) => {
    for (const t0 = performance.now(); performance.now() - t0 < ms;); // "computes"
  };
  const pool: { started: boolean; booted: boolean; run: unknown } = {
    started,
    booted: started,
    run(
      poolKind: string,
      _k: string,
      _s: KernelSpec,
      _a: readonly number[],
      ranges: readonly Range[],
      caller?: unknown,
    ) {
      log.push(
        `split ${JSON.stringify(ranges)}${caller ? " with caller" : ""}${
          poolKind === kind ? "" : ` as ${poolKind}`
        }`,
      );
      pool.started = pool.booted = true; // The first split starts the pool
      spin(splitMs);
      return Promise.resolve();
    },
  };
  const inline: Executor = {
    name: "inline/test",
    sync: true,
    run: () => {
      spin(inlineMs);
      log.push("inline");
    },
  };
  const exec = spawnCostUs > 0
    ? workersExecutor(pool as unknown as Pool, threads, kind, inline, inlineBelow, spawnCostUs)
    : workersExecutor(pool as unknown as Pool, threads, kind, inline, inlineBelow);
  return { exec, log };
}

const launch = (units: number, work: number, split: Launch["split"] = "even"): Launch => ({
  args: [],
  units,
  split,
  work,
});

Deno.test('workersExecutor() with inlineBelow "auto" splits launches from 262144 units before measuring', async () => {
  const { exec, log } = recording(2, "auto");
  const big = {}, single = {}, small = {};
  exec.run("k", small as KernelSpec, launch(8, 262143));
  exec.run("k", single as KernelSpec, launch(8, 1e9, "single"));
  assert.equal(exec.where!(launch(8, 262144), big as KernelSpec), "caller + 1 Worker/js");
  await exec.run("k", big as KernelSpec, launch(8, 262144));
  assert.deepEqual(log, ["inline", "inline", "split [[0,4],[4,8]] with caller"]);
  assert.equal(exec.where!(launch(8, 1e9, "single"), big as KernelSpec), "inline/test");
  assert.equal(exec.where!(launch(8, 262143), small as KernelSpec), "inline/test");
  assert.equal(exec.run("k", big as KernelSpec, launch(0, 0)), undefined); // Nothing to run
});

/** 60 launches of 2 ms inline on a pool that takes `splitMs` per split, measured from its start. */
async function placements(splitMs: number): Promise<string[]> {
  // The pool starts once the launches kept inline would have saved 5 ms: rates measured by then.
  const { exec, log } = recording(2, "auto", {
    started: false,
    inlineMs: 2,
    splitMs,
    spawnCostUs: 5000,
  });
  const k = {} as KernelSpec;
  for (let i = 0; i < 60; i++) await exec.run("k", k, launch(8, 1e6));
  assert.ok(log.slice(0, 2).every((p) => p === "inline")); // Before the pool starts
  return log.slice(log.findIndex((p) => p.startsWith("split")));
}

Deno.test('workersExecutor() with inlineBelow "auto" keeps launches inline once their splits are measured slower', async () => {
  // Splits that take 8 ms (a Worker waiting for a core) against 2 ms on the calling thread.
  const log = await placements(8);
  assert.equal(log.at(-1), "inline");
  const splits = log.filter((p) => p.startsWith("split")).length;
  assert.ok(splits <= 20 && log.length - splits >= 25, `${splits} splits of ${log.length}`);
});

Deno.test('workersExecutor() with inlineBelow "auto" keeps splitting launches whose splits are faster', async () => {
  const log = await placements(0.3);
  assert.ok(log.every((p) => p.startsWith("split")), log.join());
});

Deno.test('workersExecutor() with inlineBelow "auto" hands rows too wide for Wasm to the JS kernels', async () => {
  const { exec, log } = recording(2, "auto", { kind: "wasm" });
  await exec.run("k", { D: 5000 } as unknown as KernelSpec, launch(8, 1e6));
  await exec.run("k", { D: 64 } as unknown as KernelSpec, launch(8, 1e6));
  assert.deepEqual(log, [
    "split [[0,4],[4,8]] with caller as js",
    "split [[0,4],[4,8]] with caller",
  ]);
});

Deno.test('workersExecutor() with inlineBelow "auto" starts the pool only once splits would have saved what that costs', async () => {
  // Launches of 2 ms inline that a split would halve (1 ms saved each, once measured), a pool
  // that costs 10 ms to start: the first launches stay on the calling thread.
  const { exec, log } = recording(2, "auto", { started: false, inlineMs: 2, spawnCostUs: 10_000 });
  const k = {} as KernelSpec;
  for (let i = 0; i < 20 && !log.at(-1)?.startsWith("split"); i++) {
    await exec.run("k", k, launch(8, 1e6));
  }
  const kept = log.filter((p) => p === "inline").length;
  assert.ok(kept >= 3, `${kept} launches kept inline`);
  assert.equal(log.at(-1), "split [[0,4],[4,8]] with caller");
  assert.ok(SPAWN_COST_US >= 100_000); // the default: creating a Worker blocks about 0.1 s in Deno
});

Deno.test("workersExecutor() with a fixed inlineBelow splits by work alone", () => {
  const two = recording(2, 1000);
  two.exec.run("k", {} as KernelSpec, launch(3, 999));
  two.exec.run("k", {} as KernelSpec, launch(3, 1000));
  two.exec.run("k", {} as KernelSpec, launch(3, 1e9, "single"));
  assert.deepEqual(two.log, ["inline", "split [[0,2],[2,3]] with caller", "inline"]);
  assert.equal(two.exec.where!(launch(3, 1000), {} as KernelSpec), "caller + 1 Worker/js");
  // One thread: a single Worker runs each launch; "auto" is the former threshold 262144.
  const one = recording(1, "auto");
  one.exec.run("k", {} as KernelSpec, launch(3, 262143));
  one.exec.run("k", {} as KernelSpec, launch(3, 262144));
  assert.deepEqual(one.log, ["inline", "split [[0,3]]"]);
  assert.equal(one.exec.where!(launch(3, 262144), {} as KernelSpec), "1 Worker/js");
});

Deno.test({
  name:
    'setBackend() defaults inlineBelow to "auto", whose training steps match the calling thread bit for bit',
  ...WORKER_TEST,
  fn: async () => {
    const V = 2000, D = 32, H = 128, C = 10, B = 256, L = 12;
    const ids = tensor(Int32Array.from({ length: B * L }, (_, i) => (i * 7919) % V), {
      shape: [B * L],
    });
    const offsets = tensor(Int32Array.from({ length: B }, (_, i) => i * L), { shape: [B] });
    const y = tensor(Int32Array.from({ length: B }, (_, i) => (i * 31) % C), { shape: [B] });
    const step = async () => {
      const p = [
        randUniform([V, D], { seed: 1 }),
        randUniform([H, D], { seed: 2 }),
        randUniform([H], { seed: 3 }),
        randUniform([C, H], { seed: 4 }),
        randUniform([C], { seed: 5 }),
      ];
      for (const t of p) t.requiresGrad = true;
      const h = embeddingBagForward(p[0], ids, { offsets, mode: "mean", sparse: true });
      const loss = crossEntropy(linear(relu(linear(h, p[1], p[2])), p[3], p[4]), y);
      await loss.backward();
      const grads = p.map((t) => t.grad!).map((g) => "values" in g ? g.values : g);
      return [await loss.data(), ...await Promise.all(grads.map((g) => g.data()))];
    };
    try {
      setBackend({ kernels: "wasm", executor: "inline" });
      const want = await step();
      setBackend({ kernels: "wasm", executor: "workers", workers: 2 });
      assert.equal(backend().inlineBelow, "auto");
      // Several steps, so measured costs (not only the priors) place some of the launches.
      for (let i = 0; i < 4; i++) assert.deepEqual(await step(), want);
    } finally {
      setBackend({});
      await shutdownWorkers();
    }
  },
});
