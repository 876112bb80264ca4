import assert from "node:assert/strict";
import { backend, linear, randn, setBackend } from "../../mod.ts";
import { relaxedFmaFused } from "../../src/wasm/relaxed_fma.ts";
import { assertThrowsClean } from "../_helpers.ts";

Deno.test("setBackend() rejects bad options by kind (TypeError) and range (RangeError), keeping the backend", () => {
  setBackend({ executor: "inline" });
  const before = backend();
  const cases: [unknown, typeof TypeError | typeof RangeError, RegExp][] = [
    [null, TypeError, /^setBackend\(\): options is null but must be an object$/],
    ["wasm", TypeError, /^setBackend\(\): options is "wasm" but must be an object$/],
    [
      { inlineBelow: "5" },
      TypeError,
      /^setBackend\(\): inlineBelow is "5" but must be "auto", a non-negative number or Infinity$/,
    ],
    [
      { inlineBelow: -1 },
      RangeError,
      /^setBackend\(\): inlineBelow is -1 but must be non-negative$/,
    ],
    [
      { workers: "2" },
      TypeError,
      /^setBackend\(\): workers is "2" but must be an integer from 1 to 64$/,
    ],
    [{ workers: 0 }, RangeError, /^setBackend\(\): workers is 0 but must be from 1 to 64$/],
    [
      { kernels: "gpu" },
      TypeError,
      /^setBackend\(\): kernels is "gpu" but must be "auto", "wasm" or "js"$/,
    ],
    [
      { fma: true },
      TypeError,
      /^setBackend\(\): fma is true but must be "auto", "on" or "off"$/,
    ],
    [
      { inline_below: 5 },
      TypeError,
      /^setBackend\(\): unknown option inline_below \(did you mean inlineBelow\?\)$/,
    ],
  ];
  for (const [options, ErrorClass, pattern] of cases) {
    assertThrowsClean(() => setBackend(options as never), ErrorClass, pattern);
    assert.deepEqual(backend(), before);
  }
  setBackend({});
});

Deno.test("setBackend({ fma }): auto where relaxed_madd is fused unless EMBED_FMA=off, on, off", async () => {
  setBackend({});
  assert.equal(backend().fma, relaxedFmaFused());
  Deno.env.set("EMBED_FMA", "off");
  try {
    setBackend({});
    assert.equal(backend().fma, false);
    if (relaxedFmaFused()) {
      setBackend({ fma: "on" });
      assert.equal(backend().fma, true);
    }
  } finally {
    Deno.env.delete("EMBED_FMA");
  }
  setBackend({ fma: "off" });
  assert.equal(backend().fma, false);
  if (!relaxedFmaFused()) {
    assertThrowsClean(
      () => setBackend({ fma: "on" }),
      TypeError,
      /^setBackend\(\): fma is "on" but this runtime has no fused WebAssembly relaxed_madd$/,
    );
    assert.equal(backend().fma, false);
  }
  // Products take the mode in use when they are built; a change builds new plans.
  const x = randn([3, 64], { seed: 1 }), w = randn([5, 64], { seed: 2 });
  const off = await linear(x, w).data();
  setBackend({});
  const auto = await linear(x, w).data();
  if (relaxedFmaFused()) assert.notDeepEqual([...auto], [...off]);
  const pending = linear(x, w);
  setBackend({ fma: "off" });
  assert.deepEqual([...await pending.data()], [...auto]);
  assert.deepEqual([...await linear(x, w).data()], [...off]);
  setBackend({});
});
