/**
 * `launcher` (src/schedule/_launcher.ts): a launch bound by name gets its
 * positional args in the kernel's signature order, and a lowering's binding
 * is type-checked against the kernel it steps.
 */

import assert from "node:assert/strict";
import { launcher } from "../../src/schedule/_launcher.ts";
import { gather } from "../../kernels/gather.ts";
import { elementwise } from "../../kernels/elementwise.ts";
import { Lowering } from "../../src/schedule/_lowering.ts";

Deno.test("launcher packs named args in signature order, with units, split and work", () => {
  const launch = launcher(gather, { D: 4 });
  assert.deepEqual(launch({ V: 10, out: 96, idx: 64, W: 32 }, 5, "even", 20), {
    args: [32, 64, 96, 10],
    units: 5,
    split: "even",
    work: 20,
  });
  assert.equal(
    launch({ W: 0, idx: 0, out: 0, V: 1 }, 3, "single").work,
    3,
    "work defaults to units",
  );
});

Deno.test("launcher flattens list args by the spec's counts (outputs, inputs, dims)", () => {
  const spec = { program: "add x0 x1", rank: 2, bcast: "ff,fb", dtypes: "ff" };
  const launch = launcher(elementwise, spec);
  const l = launch({ out: [8], x: [16, 24], d: [2, 3], c: [] }, 6, "even");
  assert.deepEqual(l.args, [8, 16, 24, 2, 3]);
  assert.throws(
    () => launch({ out: [8], x: [16], d: [2, 3], c: [] }, 6, "even"),
    /internal: x has 1/,
  );
});

Deno.test("Lowering.step binds through its kernel's launcher, type-checked by name", () => {
  const L = new Lowering([]);
  L.step(gather, { D: 2 }, [], { reads: [], writes: [] }, (_c, launch) =>
    // @ts-expect-error: `index` is not an argument of gather (it is `idx`).
    launch({ W: 4, index: 8, out: 12, V: 3 }, 1, "even"));
  L.step(
    gather,
    { D: 2 },
    [],
    { reads: [], writes: [] },
    (_c, launch) => launch({ W: 4, idx: 8, out: 12, V: 3 }, 1, "even"),
  );
  const step = L.steps[1];
  assert.equal(step.kernel, "gather");
  assert.deepEqual(step.bind({} as never).args, [4, 8, 12, 3]);
});
