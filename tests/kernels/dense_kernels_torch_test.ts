/**
 * The elementwise and softmax kernels against PyTorch 1.13's outputs and
 * gradients (tests/fixtures/dense_cases.json): every elementwise op case
 * (broadcast through `elementwiseLayout`), and every softmax / logSoftmax
 * case forward and backward, on the JS and Wasm kernels. Exact ops must
 * match PyTorch bit for bit (up to the sign of a zero from maximum/minimum,
 * which PyTorch's own code paths disagree on); transcendental ones within 4
 * ulp or 1e-6 absolute (PyTorch's float32 exp/log are not Tessera's).
 */

import assert from "node:assert/strict";
import { loadDenseCases, type OpCase } from "../fixtures/_dense_fixtures.ts";
import { elementwiseLayout } from "../../kernels/elementwise_layout.ts";
import { ulpsOff } from "./_ew_reference.ts";
import { gradLaunch, softmaxLaunch } from "./_softmax_cases.ts";
import { buf, f32Sentinel, run } from "./_kernel_harness.ts";

const { cases } = await loadDenseCases();
const EXACT = new Set(["add", "sub", "mul", "div", "neg", "sqrt", "relu", "maximum", "minimum"]);
const GELU_TANH = "mul x0 x0; mul t0 x0; mul t1 0.044715; add x0 t2; mul t3 0.7978845834732056; " +
  "tanh t4; add t5 1; mul x0 0.5; mul t7 t6";

function close(got: ArrayLike<number>, want: readonly number[], exact: boolean, msg: string): void {
  assert.equal(got.length, want.length, msg);
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    const ok = exact
      ? g === w || (Number.isNaN(g) && Number.isNaN(w))
      : ulpsOff(g, w) <= 4 || Math.abs(g - w) <= 1e-6;
    assert.ok(ok, `${msg} [${i}]: ${g} vs PyTorch ${w}`);
  }
}

Deno.test("elementwise kernel matches PyTorch 1.13 on every elementwise op fixture", () => {
  const ops = new Set([...EXACT, "pow", "exp", "log", "sigmoid", "tanh", "gelu"]);
  const picked = cases.filter((c): c is OpCase => c.kind === "op" && ops.has(c.op));
  assert.ok(picked.length >= 100, `${picked.length} cases`);
  for (const c of picked) {
    const { rank, bcast, dims } = elementwiseLayout(c.output.shape, c.inputs.map((t) => t.shape));
    const n = c.inputs.length;
    const program = c.op === "gelu" && c.options.approximate === "tanh"
      ? GELU_TANH
      : `${c.op} ${Array.from({ length: n }, (_, k) => `x${k}`).join(" ")}`;
    const units = c.output.data.length;
    const spec = { program, rank, bcast, dtypes: "f".repeat(n) };
    const args = [f32Sentinel(units), ...c.inputs.map((t) => Float32Array.from(t.data)), ...dims];
    for (const backend of ["js", "wasm"] as const) {
      const got = buf(run({ kernel: "elementwise", spec, args, units }, backend), 0);
      close(got, c.output.data, EXACT.has(c.op) && c.op !== "sqrt", `${backend} ${c.name}`);
    }
  }
});

Deno.test("softmax and softmax_grad kernels match PyTorch 1.13 on every softmax and logSoftmax fixture", () => {
  type Soft = Extract<OpCase, { op: "softmax" | "logSoftmax" }>;
  const picked = cases.filter((c): c is Soft =>
    c.kind === "op" && (c.op === "softmax" || c.op === "logSoftmax")
  );
  assert.ok(picked.length >= 16, `${picked.length} cases`);
  for (const c of picked) {
    // A 0-d tensor is softmaxed as [1], as in PyTorch.
    const x = c.inputs[0],
      shape = x.shape.length ? x.shape : [1],
      axis = (c.options.axis + shape.length) % shape.length;
    const view = [
      shape.slice(0, axis).reduce((a: number, b: number) => a * b, 1),
      shape[axis],
      shape.slice(axis + 1).reduce((a: number, b: number) => a * b, 1),
    ];
    const log = c.op === "logSoftmax";
    for (const backend of ["js", "wasm"] as const) {
      const y = buf(run(softmaxLaunch(log, Float32Array.from(x.data), view), backend), 0);
      close(y, c.output.data, false, `${backend} ${c.name}`);
      const g = Float32Array.from(c.cotangent!.data);
      const dx = buf(run(gradLaunch(log, g, Float32Array.from(c.output.data), view), backend), 0);
      close(dx, c.grads[0]!.data, false, `${backend} ${c.name} grad`);
    }
  }
});
