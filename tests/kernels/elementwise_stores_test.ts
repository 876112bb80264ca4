/**
 * `elementwise` with several outputs (`stores`, kernels/elementwise.ts): each
 * output equals the single-output kernel run on the program cut after its
 * instruction, JS and Wasm bit for bit, and malformed `stores` are refused.
 */

import assert from "node:assert/strict";
import {
  assertBitwise,
  assertWasmMatchesJs,
  buf,
  f32Sentinel,
  f32Values,
  type Launch,
  rng,
  run,
} from "./_kernel_harness.ts";
import { ewStores } from "../../kernels/_elementwise_program.ts";

const OPS = [
  "add x0 x1",
  "mul t0 x2",
  "sub t1 x0",
  "div t2 x1",
  "maximum t3 t0",
  "neg t4",
  "sqrt x2",
];

function launch(program: string, dims: number[], data: Float32Array[], stores?: string): Launch {
  const units = dims.reduce((a, b) => a * b, 1), k = stores ? stores.split(",").length : 1;
  const spec = {
    program,
    rank: dims.length,
    bcast: data.map(() => "f".repeat(dims.length)).join(","),
    dtypes: "f".repeat(data.length),
    ...(stores ? { stores } : {}),
  };
  const outs = Array.from({ length: k }, () => f32Sentinel(units));
  return { kernel: "elementwise", spec, args: [...outs, ...data, ...dims], units };
}

Deno.test("elementwise kernel with stores writes each stored instruction's result, as the cut program would", () => {
  const r = rng(301);
  for (let c = 0; c < 40; c++) {
    const dims = [1 + Math.floor(r() * 3), 1 + Math.floor(r() * 37)];
    const size = dims[0] * dims[1];
    const data = [0, 1, 2].map(() => f32Values(size, r));
    const m = 2 + Math.floor(r() * (OPS.length - 1)), program = OPS.slice(0, m).join("; ");
    const picked = [
      ...new Set(Array.from({ length: 1 + Math.floor(r() * m) }, () => Math.floor(r() * m))),
    ];
    const stores = picked.join(",");
    for (const backend of ["js", "wasm"] as const) {
      const out = run(launch(program, dims, data, stores), backend);
      picked.forEach((j, q) => {
        const single = buf(run(launch(OPS.slice(0, j + 1).join("; "), dims, data), backend), 0);
        assertBitwise(buf(out, q), single, `${backend} ${program} stores ${stores} output ${q}`);
      });
    }
    assertWasmMatchesJs(launch(program, dims, data, stores), r);
  }
});

Deno.test("elementwise kernel refuses malformed stores", () => {
  assert.deepEqual(ewStores(undefined, 3), [2]);
  assert.deepEqual(ewStores("2,0", 3), [2, 0]);
  for (const bad of ["3", "-1", "1,1", "a", "1.5", ""]) {
    assert.throws(() => ewStores(bad, 3), /^TypeError: elementwise\(\): stores/);
  }
});
