/** Tests of the `GELU` module: both approximations, printout, errors. */

import assert from "node:assert/strict";
import { GELU, gelu, tensor } from "../../mod.ts";
import { assertBitwise, assertThrowsClean, rng, snapshot } from "../_helpers.ts";

Deno.test("GELU.forward() is gelu() with the module's approximate", () => {
  const r = rng(2);
  const x = tensor(new Float32Array(40).map(() => r() * 8 - 4), { shape: [4, 10] });
  assertBitwise(new GELU().forward(x).dataSync(), snapshot(gelu(x)));
  const tanhApprox = new GELU({ approximate: "tanh" }).forward(x).dataSync();
  assertBitwise(tanhApprox, snapshot(gelu(x, { approximate: "tanh" })));
  assert.notDeepEqual(Array.from(tanhApprox), snapshot(gelu(x)));
});

Deno.test("GELU prints as PyTorch's", () => {
  assert.equal(new GELU().toString(), "GELU(approximate='none')");
  assert.equal(new GELU({ approximate: "tanh" }).toString(), "GELU(approximate='tanh')");
  assert.deepEqual(new GELU().namedParameters(), []);
});

Deno.test("GELU() rejects unknown approximations and options", () => {
  assertThrowsClean(
    () => new GELU({ approximate: "fast" } as never),
    TypeError,
    /^GELU\(\).*approximate/,
  );
  assertThrowsClean(() => new GELU({ approx: "tanh" } as never), TypeError, /^GELU\(\).*approx/);
});
