/**
 * Every optimizer and option combination against PyTorch 1.13 trajectories,
 * on every backend.
 */

import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { FIXTURE, replay } from "./_replay.ts";

for (const backend of BACKENDS) {
  Deno.test({
    name:
      `optimizers match PyTorch trajectories (${FIXTURE.cases.length} cases) on ${backend.name}`,
    ...WORKER_TEST,
    fn: () =>
      useBackend(backend, async () => {
        for (const c of FIXTURE.cases) await replay(c);
      }),
  });
}
