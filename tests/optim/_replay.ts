/**
 * Replays the PyTorch optimizer trajectories (`tests/fixtures/optim_cases.json`,
 * from `gen_optim.py`) through the public API: the same model, initial
 * weights, batches, optimizer, groups and scheduler, five steps.
 */

import * as T from "../../mod.ts";
import { assertAllClose } from "../_numeric.ts";
import assert from "node:assert/strict";

type Nested = number | Nested[];

/** One trajectory. */
export interface OptimCase {
  name: string;
  optimizer: "SGD" | "Adam" | "AdamW" | "Adagrad" | "SparseAdam" | "RowWiseAdagrad";
  options: Record<string, unknown>;
  sparse: boolean;
  /** The bag's `maxNorm` (rows renormalised in place by each forward), or null. */
  maxNorm: number | null;
  params: "all" | "table";
  groups: { table: Record<string, unknown>; linear: Record<string, unknown> } | null;
  scheduler: {
    type: "StepLR" | "ExponentialLR" | "CosineAnnealingLR" | "LinearLR";
    options: Record<string, number>;
  } | null;
  losses: number[];
  lrs: number[][];
  final: { table: Nested; weight: Nested; bias: Nested };
  state: Record<string, Nested>[];
}

interface Fixture {
  init: { table: number[][]; weight: number[][]; bias: number[] };
  batches: { indices: number[]; offsets: number[]; labels: number[] }[];
  cases: OptimCase[];
}

/** The fixture file. */
export const FIXTURE: Fixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/optim_cases.json", import.meta.url)),
);

const flat = (x: Nested): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);
const close = { rtol: 2e-4, atol: 2e-5 };

/** A fresh model from the fixture's initial weights. */
export function model() {
  const param = (data: Nested) => {
    const t = T.tensor(data as number[][]);
    t.requiresGrad = true;
    return t as T.Tensor<"float32">;
  };
  return {
    table: param(FIXTURE.init.table),
    weight: param(FIXTURE.init.weight),
    bias: param(FIXTURE.init.bias),
  };
}

/** The case's optimizer class with its options, over `params` (tensors or groups). */
export function optimizerOf(c: OptimCase, params: unknown): T.Optimizer<{ lr: number }> {
  const Ctor = T[c.optimizer] as unknown as new (
    p: unknown,
    o: unknown,
  ) => T.Optimizer<{ lr: number }>;
  return new Ctor(params, c.options);
}

/** The case's optimizer and scheduler over a model. */
export function build(c: OptimCase, m: ReturnType<typeof model>) {
  const params = c.params === "table"
    ? [m.table]
    : c.groups === null
    ? [m.table, m.weight, m.bias]
    : [{ params: [m.table], ...c.groups.table }, {
      params: [m.weight, m.bias],
      ...c.groups.linear,
    }];
  const optimizer = optimizerOf(c, params);
  const scheduler = c.scheduler === null
    ? undefined
    : new (T[c.scheduler.type] as unknown as new (o: unknown, p: unknown) => T.LRScheduler)(
      optimizer,
      c.scheduler.options,
    );
  return { optimizer, scheduler };
}

/** Loss of one batch (forward only). */
export function lossOf(
  m: ReturnType<typeof model>,
  b: Fixture["batches"][number],
  sparse: boolean,
  maxNorm: number | null = null,
) {
  const bags = T.embeddingBagForward(m.table, b.indices, {
    offsets: b.offsets,
    mode: "mean",
    sparse,
    ...(maxNorm === null ? {} : { maxNorm }),
  });
  return T.crossEntropy(T.linear(bags, m.weight, m.bias), b.labels);
}

/** Runs a case and checks losses, learning rates, final parameters and state. */
export async function replay(c: OptimCase): Promise<void> {
  const m = model();
  const { optimizer, scheduler } = build(c, m);
  for (const [i, b] of FIXTURE.batches.entries()) {
    optimizer.zeroGrad();
    for (const p of [m.table, m.weight, m.bias]) p.grad = undefined;
    const loss = lossOf(m, b, c.sparse, c.maxNorm);
    await loss.backward();
    await optimizer.step();
    scheduler?.step();
    assertAllClose([(await loss.data())[0]], [c.losses[i]], {
      ...close,
      msg: `${c.name} loss ${i}`,
    });
    assertAllClose(optimizer.paramGroups.map((g) => g.lr), c.lrs[i], {
      rtol: 1e-12,
      msg: `${c.name} lr ${i}`,
    });
  }
  for (const k of ["table", "weight", "bias"] as const) {
    assertAllClose(await m[k].data(), flat(c.final[k]), { ...close, msg: `${c.name} ${k}` });
  }
  const optimized = optimizer.paramGroups.flatMap((g) => g.params);
  assert.equal(optimized.length, c.state.length);
  for (const [i, p] of optimized.entries()) {
    const got = optimizer.state.get(p) ?? {};
    assert.deepEqual(
      Object.keys(got).sort(),
      Object.keys(c.state[i]).sort(),
      `${c.name} state keys ${i}`,
    );
    for (const [key, want] of Object.entries(c.state[i])) {
      const v = got[key];
      const values = typeof v === "number" ? [v] : await v.data();
      assertAllClose(values, flat(want), { ...close, msg: `${c.name} state ${i}.${key}` });
    }
  }
}
