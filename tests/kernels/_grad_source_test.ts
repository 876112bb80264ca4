/**
 * `addGradRow` and `gradPointers` (kernels/_grad_source.ts), directly: each
 * source (rows, scaled bag rows, max winners), with and without `freq`,
 * added into rows that already hold values, against the naive terms of the
 * contract; and rebuilt from source text as Workers do. (The kernels that use
 * them, `scatter_rows` and `sparse_values`, are tested in their own files.)
 */

import assert from "node:assert/strict";
import {
  addGradRow,
  gradPointers,
  SOURCE_MAX,
  SOURCE_ROWS,
  SOURCE_SCALED,
} from "../../kernels/_grad_source.ts";
import {
  addRowsLaunch,
  gradCases,
  gradSpecs,
  gradTerm,
  viaAddGradRow as viaHelper,
} from "./_grad_cases.ts";
import { assertBitwise, buf, f32Values, rng, run } from "./_kernel_harness.ts";

const CASES = gradCases(12, 2);

Deno.test("grad source codes are rows 0, scaled 1, max 2", () => {
  assert.deepEqual([SOURCE_ROWS, SOURCE_SCALED, SOURCE_MAX], [0, 1, 2]);
});

Deno.test("gradPointers packs the element offsets [G, bagOf, scale, argmax, invFreq] in order", () => {
  assert.deepEqual(Array.from(gradPointers(16, 32, 1, 0, 1024)), [16, 32, 1, 0, 1024]);
});

Deno.test("addGradRow adds each source's documented term (with freq: times invFreq[j]) into the row", () => {
  const r = rng(121);
  for (const c of CASES) {
    for (const s of gradSpecs(c.D)) {
      const init = f32Values(c.N * c.D, r, { special: false });
      const expected = init.map((x, i) => {
        const t = gradTerm(c, s, Math.floor(i / c.D), i % c.D);
        return t === null ? x : Math.fround(x + t);
      });
      assertBitwise(
        buf(run(addRowsLaunch(c, s, init), viaHelper(addGradRow, gradPointers)), 5),
        expected,
        `${JSON.stringify(s)} ${c.name}`,
      );
    }
  }
});

Deno.test("addGradRow and gradPointers rebuilt from their source text compute the same", () => {
  const [add, pointers] = new Function(
    `"use strict";\n${addGradRow}\n${gradPointers}\nreturn [addGradRow, gradPointers];`,
  )();
  const r = rng(122);
  for (const c of CASES) {
    for (const s of gradSpecs(c.D)) {
      const l = addRowsLaunch(c, { ...s, freq: true }, f32Values(c.N * c.D, r));
      assertBitwise(
        buf(run(l, viaHelper(add, pointers)), 5),
        buf(run(l, viaHelper(addGradRow, gradPointers)), 5),
      );
    }
  }
});
