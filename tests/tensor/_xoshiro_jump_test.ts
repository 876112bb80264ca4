/**
 * Jump-ahead of xoshiro128** (src/tensor/_xoshiro_jump.ts): a jump by n
 * equals n steps, for random n; long jumps compose; the transition is
 * `Random`'s.
 */

import assert from "node:assert/strict";
import { jumpPolynomial, jumpState, xoshiroStep } from "../../src/tensor/_xoshiro_jump.ts";
import { Random, randomFromState } from "../../src/tensor/random.ts";

const pick = new Random(2024);
const state = () => Int32Array.from({ length: 4 }, () => pick.nextUint32() | 0);

Deno.test("jumpState() by n equals n xoshiroStep() calls, for random n", () => {
  const ns = [0, 1, 2, 3, 127, 128, 129, 255, 256, 4096];
  for (let k = 0; k < 24; k++) ns.push(Math.floor(pick.uniform() * 20000));
  for (const n of ns) {
    const stepped = state(), jumped = stepped.slice();
    for (let i = 0; i < n; i++) xoshiroStep(stepped);
    jumpState(jumped, jumpPolynomial(n));
    assert.deepEqual(jumped, stepped, `n = ${n}`);
  }
});

Deno.test("jumpState(): long jumps compose, and a whole period returns to the start", () => {
  for (let k = 0; k < 6; k++) {
    const a = Math.floor(pick.uniform() * 2 ** 45), b = Math.floor(pick.uniform() * 2 ** 20);
    const s = state(), once = s.slice(), twice = s.slice();
    jumpState(once, jumpPolynomial(a + b));
    jumpState(twice, jumpPolynomial(a));
    jumpState(twice, jumpPolynomial(b));
    assert.deepEqual(once, twice, `${a} + ${b}`);
    // Back by a + b (forward by the period minus a + b), then forward again.
    const back = s.slice();
    jumpState(back, jumpPolynomial(2n ** 128n - 1n - BigInt(a + b)));
    assert.notDeepEqual(back, s);
    jumpState(back, jumpPolynomial(a + b));
    assert.deepEqual(back, s);
  }
  const s = state(), start = s.slice();
  jumpState(s, jumpPolynomial(2n ** 128n - 1n));
  assert.deepEqual(s, start);
});

Deno.test("xoshiroStep() is the transition of Random: jumped states draw what nextUint32() calls draw", () => {
  for (let k = 0; k < 8; k++) {
    const s = state(), n = Math.floor(pick.uniform() * 3000);
    const g = randomFromState(s);
    for (let i = 0; i < n; i++) g.nextUint32();
    jumpState(s, jumpPolynomial(n));
    const h = randomFromState(s);
    for (let i = 0; i < 16; i++) assert.equal(h.nextUint32(), g.nextUint32(), `n = ${n}`);
  }
});

Deno.test("jumpPolynomial() refuses negative and fractional step counts", () => {
  for (const n of [-1, 1.5, NaN, -1n]) assert.throws(() => jumpPolynomial(n), /internal: jump by/);
});
