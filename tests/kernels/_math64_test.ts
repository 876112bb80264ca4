/**
 * The float64 functions of kernels/_math64.ts against the engine's
 * `Math.log`, `Math.cos` and `Math.sin`: within 1 ulp (the turn functions:
 * 1 ulp of the result plus the rounding of `2πv` that `Math.cos(2 * Math.PI
 * * v)` has), over the arguments the normal transform meets and the
 * reductions' boundaries; exact values where the true function is exact.
 * Bit identity with the Wasm emitters: tests/kernels/wasm/_math64_test.ts.
 */

import assert from "node:assert/strict";
import { cosTurnF64, logF64, sinTurnF64 } from "../../kernels/_math64.ts";
import { logPoints, nextUp, turnPoints } from "./_math64_cases.ts";

const bits = new DataView(new ArrayBuffer(8));
/** The distance from |x| to the next float64. */
const ulp = (x: number) => nextUp(Math.abs(x)) - Math.abs(x);

Deno.test("logF64() is within 1 ulp of Math.log over the uniforms of the normal transform and the reduction's boundaries", () => {
  let worst = 0;
  for (const x of logPoints(60000)) {
    const got = logF64(x, bits), want = Math.log(x);
    const off = want === 0 ? Math.abs(got) : Math.abs(got - want) / ulp(want);
    assert.ok(off <= 1, `logF64(${x}) = ${got}, Math.log gives ${want}`);
    worst = Math.max(worst, off);
  }
  assert.ok(worst > 0, "the sweep met no argument where the two differ"); // the check can fail
  assert.deepEqual([logF64(1, bits), logF64(2, bits), logF64(0.5, bits)], [0, Math.LN2, -Math.LN2]);
});

Deno.test("cosTurnF64() and sinTurnF64() are within 1 ulp of Math.cos(2πv) and Math.sin(2πv), plus the rounding of 2πv", () => {
  for (const v of turnPoints(60000)) {
    const arg = 2 * Math.PI * v, slack = ulp(arg);
    for (
      const [got, want, name] of [[cosTurnF64(v), Math.cos(arg), "cos"], [
        sinTurnF64(v),
        Math.sin(arg),
        "sin",
      ]] as const
    ) {
      assert.ok(
        Math.abs(got - want) <= ulp(want) + slack,
        `${name}TurnF64(${v}) = ${got}, Math.${name}(2πv) gives ${want}`,
      );
    }
  }
});

Deno.test("cosTurnF64() and sinTurnF64() are exact at the quarter turns, and |cos|, |sin| <= 1", () => {
  const at = (v: number) => [cosTurnF64(v), sinTurnF64(v)];
  assert.deepEqual([at(0), at(0.25), at(0.5), at(0.75), at(1)], [
    [1, 0],
    [-0, 1],
    [-1, -0],
    [0, -1],
    [1, 0],
  ]);
  for (const v of turnPoints(20000)) {
    const c = cosTurnF64(v), s = sinTurnF64(v);
    assert.ok(Math.abs(c) <= 1 && Math.abs(s) <= 1, `v ${v}`);
    assert.ok(Math.abs(c * c + s * s - 1) < 4e-16, `cos² + sin² at v ${v}`);
  }
});
