/**
 * `elementwiseLayout` (kernels/elementwise_layout.ts): folded dims and
 * patterns for known shapes, and launches built from it agree with a naive
 * broadcasting evaluator over the unfolded shapes.
 */

import assert from "node:assert/strict";
import { elementwiseLayout } from "../../kernels/elementwise_layout.ts";
import { evalProgram } from "./_ew_reference.ts";
import { assertBitwise, buf, f32Sentinel, f32Values, rng, run } from "./_kernel_harness.ts";

Deno.test("elementwiseLayout() merges dims that broadcast alike and drops size-1 output dims", () => {
  const cases: [number[], number[][], number, string, number[]][] = [
    [[2, 3, 4], [[2, 3, 4], [4]], 2, "ff,bf", [6, 4]],
    [[2, 3, 4], [[2, 3, 4], [2, 3, 4]], 1, "f,f", [24]],
    [[5, 1, 7], [[5, 1, 7], [1, 7], []], 2, "ff,bf,bb", [5, 7]],
    [[4, 3], [[4, 1], [1, 3]], 2, "fb,bf", [4, 3]],
    [[1, 1], [[1], [1, 1]], 1, "f,f", [1]],
    [[], [[], []], 1, "f,f", [1]],
    [[2, 0, 3], [[2, 0, 3], [2, 1, 3]], 3, "fff,fbf", [2, 0, 3]],
    [[2, 3, 4, 5], [[2, 1, 1, 5], [3, 4, 1]], 3, "fbf,bfb", [2, 12, 5]],
  ];
  for (const [out, inputs, rank, bcast, dims] of cases) {
    assert.deepEqual(elementwiseLayout(out, inputs), { rank, bcast, dims }, `${out} ${inputs}`);
  }
});

Deno.test("elementwiseLayout() launches compute NumPy broadcasting on random shapes", () => {
  const r = rng(41), program = "mul x0 x1; sub t0 x2; maximum t1 x0";
  for (let c = 0; c < 60; c++) {
    const out = Array.from(
      { length: Math.floor(r() * 5) },
      () => [1, 2, 3, 4][Math.floor(r() * 4)],
    );
    const shapes = [0, 1, 2].map(() => {
      const s = out.slice(Math.floor(r() * (out.length + 1)));
      return s.map((d) => (r() < 0.4 ? 1 : d));
    });
    const data = shapes.map((s) => f32Values(s.reduce((a, b) => a * b, 1), r));
    const { rank, bcast, dims } = elementwiseLayout(out, shapes);
    const units = out.reduce((a, b) => a * b, 1);
    const spec = { program, rank, bcast, dtypes: "fff" };
    const l = { kernel: "elementwise", spec, args: [f32Sentinel(units), ...data, ...dims], units };
    const full = shapes.map((s) => [...new Array<number>(out.length - s.length).fill(1), ...s]);
    const want = Float32Array.from(evalProgram(program, out, data, full, Math.fround));
    for (const backend of ["js", "wasm"] as const) {
      assertBitwise(buf(run(l, backend), 0), want, `${backend} ${out} ${JSON.stringify(shapes)}`);
    }
  }
});

Deno.test("elementwiseLayout() rejects inputs that do not broadcast, with a RangeError", () => {
  assert.throws(
    () => elementwiseLayout([2, 3], [[2, 3], [2]]),
    {
      name: "RangeError",
      message: "elementwiseLayout(): input 1 has shape [2], which does not broadcast to [2,3]",
    },
  );
  assert.throws(
    () => elementwiseLayout([3], [[2, 3]]),
    {
      name: "RangeError",
      message: "elementwiseLayout(): input 0 has shape [2,3], more dims than the output [3]",
    },
  );
});
