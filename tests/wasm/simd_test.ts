import assert from "node:assert/strict";
import { simdSupported } from "../../src/wasm/simd.ts";
import { sharedModule } from "./_helpers.ts";

Deno.test("simdSupported() is true on this V8 and cached", () => {
  assert.equal(simdSupported(), true);
  assert.equal(simdSupported(), true);
});

Deno.test("simdSupported() agrees with validating builder-made SIMD code", () => {
  const mb = sharedModule();
  mb.addFunction("f", { results: ["v128"] }).i32Const(0).i32x4Splat();
  assert.equal(WebAssembly.validate(mb.toBytes()), simdSupported());
});
