/** Wasm `w2v_train` against the JS reference, bit for bit, over dims, algorithms and task ranges. */

import { assertSameRuns, rng, run } from "../_kernel_harness.ts";
import { w2vCases, w2vLaunch } from "../_w2v_cases.ts";

Deno.test("Wasm w2v_train matches the JS kernel bit for bit (skip-gram, CBOW mean and sum)", () => {
  const r = rng(71);
  for (const c of w2vCases()) {
    const launch = w2vLaunch(c, r);
    const msg = JSON.stringify(c.spec);
    const js = run(launch, "js");
    assertSameRuns(run(launch, "wasm"), js, msg);
    // Tasks run one after another in order give the same result as one launch.
    assertSameRuns(run(launch, "wasm", [[0, 1], [1, 3]]), js, `${msg} split`);
  }
});
