/**
 * Runs dense fixture cases through the public API: the op's output, and the
 * gradient of `sum(output * cotangent)` with respect to every float input
 * (by `valueAndGrad`), compared with PyTorch's within float32 tolerances.
 */

import assert from "node:assert/strict";
import { mul, sum, type Tensor, tensor, valueAndGrad } from "../../mod.ts";
import type { FixtureTensor } from "../fixtures/_dense_fixtures.ts";

/** A tensor from a fixture record. */
export function fromFixture(t: FixtureTensor): Tensor {
  return tensor(t.data, { shape: t.shape, dtype: t.dtype });
}

/** Asserts values close to PyTorch's: NaN where NaN, equal infinities, else within tolerance. */
export function assertClose(
  actual: ArrayLike<number>,
  expected: FixtureTensor,
  msg: string,
  rtol = 2e-5,
): void {
  assert.equal(actual.length, expected.data.length, `${msg}: length`);
  const scale = Math.max(1e-6, ...expected.data.map((x) => (Number.isFinite(x) ? Math.abs(x) : 0)));
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected.data[i];
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      assert.ok(
        Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)),
        `${msg}[${i}]: ${a} != ${e}`,
      );
      continue;
    }
    const tol = rtol * Math.abs(e) + rtol * 0.1 * scale + 1e-7;
    assert.ok(Math.abs(a - e) <= tol, `${msg}[${i}]: ${a} != ${e} (tol ${tol})`);
  }
}

/**
 * Checks one case: `call` maps the input tensors to the output; `diff`
 * lists which inputs are differentiated (float inputs by default).
 */
export async function checkCase(
  name: string,
  inputs: readonly FixtureTensor[],
  call: (...xs: Tensor[]) => Tensor,
  output: FixtureTensor,
  cotangent: FixtureTensor | null,
  grads: readonly (FixtureTensor | null)[],
  rtol?: number,
): Promise<void> {
  const xs = inputs.map(fromFixture);
  const out = call(...xs);
  assert.deepEqual(out.shape, output.shape, `${name}: output shape`);
  assertClose(await out.data(), output, `${name}: output`, rtol);
  if (cotangent === null) return;
  const argnums = grads.flatMap((g, i) => (g === null ? [] : [i]));
  if (argnums.length === 0) return;
  const ct = fromFixture(cotangent);
  const f = (...ys: Tensor[]) => sum(mul(call(...ys), ct));
  const [, gs] = valueAndGrad(f, { argnums })(...xs);
  for (let k = 0; k < argnums.length; k++) {
    const g = gs[k] as Tensor;
    const want = grads[argnums[k]]!;
    assert.deepEqual(g.shape, want.shape, `${name}: grad ${argnums[k]} shape`);
    assertClose(await g.data(), want, `${name}: grad ${argnums[k]}`, rtol);
  }
}
