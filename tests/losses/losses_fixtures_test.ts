/**
 * Every loss against PyTorch 1.13 (`tests/fixtures/dense_cases.json`):
 * values and gradients, on every backend.
 */

import * as T from "../../mod.ts";
import { type FixtureTensor, loadDenseCases, type LossCase } from "../fixtures/_dense_fixtures.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { checkCase, fromFixture } from "../ops/_dense_harness.ts";

// deno-lint-ignore no-explicit-any
type Opts = Record<string, any>;

/** Options with their tensor records made tensors. */
function options(c: LossCase): Opts {
  const o: Opts = {};
  for (const [k, v] of Object.entries(c.options)) {
    o[k] = v !== null && typeof v === "object" && "shape" in v
      ? fromFixture(v as FixtureTensor)
      : v;
  }
  return o;
}

const LOSSES: Record<LossCase["op"], (x: T.Tensor, y: T.Tensor, o: Opts) => T.Tensor> = {
  crossEntropy: (x, y, o) => T.crossEntropy(x, y, o),
  nllLoss: (x, y, o) => T.nllLoss(x, y, o),
  binaryCrossEntropy: (x, y, o) => T.binaryCrossEntropy(x, y, o),
  binaryCrossEntropyWithLogits: (x, y, o) => T.binaryCrossEntropyWithLogits(x, y, o),
  mseLoss: (x, y, o) => T.mseLoss(x, y, o),
  l1Loss: (x, y, o) => T.l1Loss(x, y, o),
};

const { cases } = await loadDenseCases();
const losses = cases.filter((c): c is LossCase => c.kind === "loss");

for (const backend of BACKENDS) {
  Deno.test(`losses match PyTorch 1.13 on ${backend.name}`, WORKER_TEST, async () => {
    await useBackend(backend, async () => {
      for (const c of losses) {
        const o = options(c);
        const call = (x: T.Tensor, y: T.Tensor) => LOSSES[c.op](x, y, o);
        await checkCase(
          `${c.name} (${backend.name})`,
          c.inputs,
          call,
          c.output,
          c.cotangent,
          c.grads,
          1e-4,
        );
      }
    });
  });
}
