/**
 * `relaxedMadd` and `relaxedFmaFused` (src/wasm/relaxed_fma.ts): on Deno
 * (V8 on x86-64) relaxed SIMD validates and `relaxed_madd` is fused exactly
 * where the CPU has FMA3; the answer is cached, agrees with validating
 * builder-made code, and a fused engine keeps fusing after the probe's
 * function is hot (optimised tiers round the same way as the first).
 */

import assert from "node:assert/strict";
import { relaxedFmaFused, relaxedMadd } from "../../src/wasm/relaxed_fma.ts";
import { sharedModule } from "./_helpers.ts";

const A = 1 + 2 ** -12, C = -(1 + 2 ** -11);

Deno.test("relaxedFmaFused() is true on this Deno where the CPU has FMA3, and cached", () => {
  // Deno reads /proc only with --allow-all; grep exits 0 where the CPU's flags list fma.
  const grep = new Deno.Command("grep", { args: ["-qw", "fma", "/proc/cpuinfo"] }).outputSync();
  const fma3 = grep.code === 0;
  assert.equal(relaxedFmaFused(), fma3);
  assert.equal(relaxedFmaFused(), fma3);
  assert.equal(relaxedMadd(), relaxedMadd());
});

Deno.test("relaxedMadd() computes a * b + c rounded once, and stays fused when hot", () => {
  const m = relaxedMadd()!;
  assert.equal(m(A, A, C), 2 ** -24);
  assert.equal(Math.fround(Math.fround(A * A) + C), 0, "the same unfused is 0");
  assert.equal(m(2, 3, 1), 7);
  assert.ok(Object.is(m(-0, 1, -0), -0));
  assert.ok(Number.isNaN(m(0, Infinity, 1)));
  let wrong = 0;
  for (let i = 0; i < 200_000; i++) if (m(A, A, C) !== 2 ** -24) wrong++;
  assert.equal(wrong, 0);
});

Deno.test("relaxedMadd() exists exactly where builder-made relaxed SIMD code validates", () => {
  const mb = sharedModule();
  const f = mb.addFunction("f", { results: ["v128"] });
  f.v128Const(new Uint8Array(16)).v128Const(new Uint8Array(16)).v128Const(new Uint8Array(16));
  f.f32x4RelaxedMadd();
  assert.equal(WebAssembly.validate(mb.toBytes() as BufferSource), relaxedMadd() !== undefined);
});
