/**
 * PyTorch conformance: the 12 reference vectors (torch_vectors.json) and the
 * generated random cases, through the public API, on every backend
 * combination (JS and Wasm kernels, inline and Worker executors, 1 and 2 Workers).
 */

import vectors from "../fixtures/torch_vectors.json" with { type: "json" };
import cases from "../fixtures/torch_cases.json" with { type: "json" };
import type { FixtureFile } from "./_fixture.ts";
import { runCase } from "./_suite.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";

for (const backend of BACKENDS) {
  for (
    const [file, label] of [[vectors, "reference vectors"], [cases, "generated cases"]] as const
  ) {
    Deno.test({
      name: `PyTorch ${label} on ${backend.name}`,
      ...WORKER_TEST,
      fn: async (t) => {
        await useBackend(backend, async () => {
          for (const c of (file as unknown as FixtureFile).cases) {
            await t.step(c.name, () => runCase(c));
          }
        });
      },
    });
  }
}
