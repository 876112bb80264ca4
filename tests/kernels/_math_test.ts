/**
 * The float32 functions of kernels/_math.ts against float64 references (ulp
 * of the float32 result, or absolute error where the function's own formula
 * cancels), and their special values. Bit identity with the Wasm emitters
 * is tested through the kernels (elementwise_test.ts).
 */

import assert from "node:assert/strict";
import { ewErf, ewExp, ewGelu, ewLog, ewSigmoid, ewTanh } from "../../kernels/_math.ts";
import { erf64, ulpsOff } from "./_ew_reference.ts";
import { rng } from "./_kernel_harness.ts";

const f = Math.fround;

function sweep(
  g: (x: number) => number,
  ref: (x: number) => number,
  draw: () => number,
  { ulps = Infinity, atol = Infinity } = {},
): void {
  for (let i = 0; i < 50000; i++) {
    const x = f(draw()), got = g(x), want = ref(x);
    if (Math.abs(want) > 3.4028234663852886e38) {
      assert.equal(got, want > 0 ? Infinity : -Infinity, `${g.name}(${x}) overflows`);
      continue;
    }
    const u = ulpsOff(got, want), err = Math.abs(got - want);
    assert.ok(u <= ulps || err <= atol, `${g.name}(${x}) = ${got}, want ${want} (${u} ulp)`);
    assert.equal(got, f(got), `${g.name}(${x}) is a float32`);
  }
}

Deno.test("ewExp() is within 1 ulp of exp over the whole float32 range, subnormals included", () => {
  const r = rng(1);
  sweep(ewExp, Math.exp, () => r() * 200 - 105, { ulps: 1 });
  sweep(ewExp, Math.exp, () => r() * 2 - 1, { ulps: 1 });
  assert.deepEqual([ewExp(Infinity), ewExp(-Infinity), ewExp(0), ewExp(-0)], [Infinity, 0, 1, 1]);
  assert.ok(Number.isNaN(ewExp(NaN)));
  assert.equal(ewExp(88.72283935546875), Infinity);
  assert.equal(ewExp(88.72283172607422), f(Math.exp(88.72283172607422)));
});

Deno.test("ewLog() is within 1 ulp of log for normal and subnormal inputs", () => {
  const r = rng(2);
  sweep(ewLog, Math.log, () => Math.exp(r() * 190 - 103), { ulps: 1 });
  sweep(ewLog, Math.log, () => 0.5 + r(), { ulps: 1 });
  assert.deepEqual([ewLog(0), ewLog(-0), ewLog(Infinity), ewLog(1)], [
    -Infinity,
    -Infinity,
    Infinity,
    0,
  ]);
  for (const x of [-1, -Infinity, NaN, -1e-40]) assert.ok(Number.isNaN(ewLog(x)), `log(${x})`);
  assert.equal(ewLog(2 ** -149), f(Math.log(2 ** -149)));
});

Deno.test("ewTanh() is within 2 ulp of tanh and keeps the sign of zero", () => {
  const r = rng(3);
  sweep(ewTanh, Math.tanh, () => r() * 24 - 12, { ulps: 2 });
  sweep(ewTanh, Math.tanh, () => (r() - 0.5) * 2 ** -(r() * 30), { ulps: 2 });
  assert.deepEqual([ewTanh(100), ewTanh(-100), ewTanh(Infinity)], [1, -1, 1]);
  assert.ok(Object.is(ewTanh(-0), -0) && Number.isNaN(ewTanh(NaN)));
});

Deno.test("ewSigmoid() is within 2 ulp of the logistic function while the result is normal", () => {
  const r = rng(4);
  sweep(ewSigmoid, (x) => 1 / (1 + Math.exp(-x)), () => r() * 107 - 87, { ulps: 2 });
  assert.deepEqual([ewSigmoid(100), ewSigmoid(-200), ewSigmoid(0)], [1, 0, 0.5]);
  assert.deepEqual([ewSigmoid(Infinity), ewSigmoid(-Infinity)], [1, 0]);
});

Deno.test("ewErf() is within 3 ulp of erf, or 2e-7 absolute near ±1", () => {
  const r = rng(5);
  sweep(ewErf, erf64, () => r() * 10 - 5, { ulps: 3, atol: 2e-7 });
  sweep(ewErf, erf64, () => (r() - 0.5) * 2 ** -(r() * 40), { ulps: 2 });
  assert.deepEqual([ewErf(Infinity), ewErf(-Infinity), ewErf(5)], [1, -1, 1]);
  assert.ok(Object.is(ewErf(-0), -0) && Number.isNaN(ewErf(NaN)));
});

Deno.test("ewGelu() matches x Φ(x) within 4 ulp, or 5e-7 absolute where 1 + erf cancels", () => {
  const r = rng(6);
  const gelu64 = (x: number) => x * 0.5 * (1 + erf64(x / Math.SQRT2));
  sweep(ewGelu, gelu64, () => r() * 16 - 8, { ulps: 4, atol: 5e-7 });
  assert.deepEqual([ewGelu(100), ewGelu(0), ewGelu(Infinity)], [100, 0, Infinity]);
  assert.ok(ewGelu(-100) === 0 && Number.isNaN(ewGelu(NaN)));
});
