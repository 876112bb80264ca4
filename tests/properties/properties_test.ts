/**
 * The property suite under Deno: every export, with seeded valid and
 * hostile arguments, either succeeds or throws a TypeError/RangeError naming
 * the function and leaves its inputs bit-identical; jit replays equal eager
 * calls bit for bit. (Bun runs the same properties: tests/bun/properties.ts.)
 */

import assert from "node:assert/strict";
import * as mod from "../../mod.ts";
import { runSpec } from "./_check.ts";
import { SEEDS, SPECS, uncovered } from "./_all.ts";
import { jitReplay } from "./_jit_replay.ts";
import { jitStatic } from "./_jit_static.ts";
import { jitNested } from "./_jit_nested.ts";

import { Gen } from "./_gen.ts";

Deno.test("every runtime export of mod.ts has a property spec", () => {
  assert.deepEqual(uncovered(Object.keys(mod)), []);
});

for (const spec of SPECS) {
  Deno.test(
    `${
      spec.covers.join(", ")
    }: valid calls succeed; bad ones throw a TypeError or RangeError naming the function, inputs bit-identical`,
    async () => {
      // Over all seeds: some calls succeed, and some bad ones throw (one seed's mutations may
      // all happen to be valid).
      let ok = 0, threw = 0;
      for (const seed of SEEDS) {
        const tally = await runSpec(spec, seed);
        ok += tally.ok, threw += tally.threw;
      }
      const mutable = spec.valid(new Gen(SEEDS[0])).length > 0;
      assert.ok(ok > 0 && (threw > 0 || !mutable), `${spec.covers[0]}: ${ok} ok, ${threw} threw`);
    },
  );
}

Deno.test("jit(fn) replays with new data of one signature equal eager calls bit for bit", async () => {
  for (const seed of SEEDS) assert.ok(await jitReplay(seed) > 0);
});

Deno.test("jit(fn) with other static options behaves as the eager op: equal bytes or the same error class", async () => {
  for (const seed of SEEDS) assert.ok(await jitStatic(seed) > 0);
});

Deno.test("jit(fn) treats nested tensors as inputs and never freezes a function that reads a value", async () => {
  for (const seed of SEEDS) assert.ok(await jitNested(seed) > 0);
});
