/**
 * 135 whole models (Embedding or EmbeddingBag in every mode, Linear layers,
 * activations, every loss) against PyTorch 1.13: the loss, every
 * parameter's gradient (dense, and PyTorch's uncoalesced and coalesced
 * sparse layouts), and the table after an in-place max-norm; through
 * `valueAndGrad`, and through `requiresGrad` + `backward()`.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { loadModelCases, type ModelCase } from "../fixtures/_dense_fixtures.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { assertClose } from "../ops/_dense_harness.ts";
import { modelLoss, paramsOf, record } from "./_models.ts";

const RTOL = 2e-4;

async function checkGrads(
  c: ModelCase,
  grads: Record<string, T.Tensor | T.RowSparseGrad>,
  tag: string,
) {
  for (const [name, want] of Object.entries(c.grads)) {
    const g = grads[name];
    assert.ok(g !== undefined, `${tag} ${name}: no gradient`);
    if (want.sparse) {
      assert.ok(g instanceof T.RowSparseGrad, `${tag} ${name}: sparse gradient expected`);
      assert.deepEqual([...await g.indices.data()], want.sparse.indices, `${tag} ${name}: indices`);
      assertClose(await g.values.data(), want.sparse.values, `${tag} ${name}: values`, RTOL);
      const co = g.coalesce();
      assert.deepEqual(
        [...await co.indices.data()],
        want.coalesced!.indices,
        `${tag} ${name}: coalesced`,
      );
      assertClose(
        await co.values.data(),
        want.coalesced!.values,
        `${tag} ${name}: coalesced values`,
        RTOL,
      );
      continue;
    }
    assert.ok(g instanceof T.Tensor, `${tag} ${name}: dense gradient expected`);
    assertClose(await g.data(), want.dense, `${tag} ${name}: dense`, RTOL);
  }
}

async function checkModel(c: ModelCase, style: "functional" | "tape", backend: string) {
  const tag = `${c.name} (${style}, ${backend})`;
  const p = paramsOf(c);
  const f = modelLoss(c);
  let loss: T.Tensor, grads: Record<string, T.Tensor | T.RowSparseGrad>;
  if (style === "functional") {
    [loss, grads] = T.valueAndGrad(f)(p);
  } else {
    for (const t of Object.values(p)) t.requiresGrad = true;
    loss = f(p);
    await loss.backward();
    grads = Object.fromEntries(Object.entries(p).map(([k, t]) => [k, t.grad!]));
  }
  assertClose(await loss.data(), c.lossValue, `${tag} loss`, RTOL);
  await checkGrads(c, grads, tag);
  for (const [name, w] of Object.entries(c.weightAfterForward ?? {})) {
    assertClose(await p[name].data(), w, `${tag} ${name} after max-norm`, RTOL);
  }
}

const { cases } = await loadModelCases();
assert.ok(cases.length >= 100);
void record;

for (const backend of BACKENDS) {
  Deno.test(
    `${cases.length} whole models match PyTorch 1.13 on ${backend.name}`,
    WORKER_TEST,
    async () => {
      await useBackend(backend, async () => {
        for (const c of cases) {
          await checkModel(c, "functional", backend.name);
          await checkModel(c, "tape", backend.name);
        }
      });
    },
  );
}
