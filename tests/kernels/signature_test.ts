/**
 * Kernel signatures (kernels/signature.ts): the layout, the Wasm parameters,
 * packing by name and decoding by name all follow one signature, and every
 * registered kernel's JS body, Wasm module and lowering agree on it.
 */

import assert from "node:assert/strict";
import {
  argDecoder,
  argLayout,
  argPacker,
  type BindArgs,
  decodeArgs,
  list,
  packArgs,
  signature,
  wasmParams,
} from "../../kernels/signature.ts";
import { KERNELS } from "../../kernels/registry.ts";
import { runJs } from "../../kernels/kernel.ts";
import { arena } from "../../src/memory/arena.ts";

const SIG = signature({
  W: "f32*",
  idx: "i32*",
  marks: "u8*",
  x: list("x32*", (s: { n: number }) => s.n),
  V: "int",
  lr: "float",
});

Deno.test("argLayout expands a signature for a spec: pointer shifts, list lengths, in order", () => {
  assert.deepEqual(argLayout(SIG, { n: 2 }), {
    names: ["W", "idx", "marks", "x", "V", "lr"],
    shifts: [2, 2, 0, 2, 0, 0],
    counts: [-1, -1, -1, 2, -1, -1],
    lists: true,
  });
  assert.deepEqual(argLayout(SIG, { n: 0 }).counts[3], 0);
  const fixed = signature({ a: "f32*", b: "int" });
  assert.equal(argLayout(fixed, {}), argLayout(fixed, { other: 1 }), "cached without lists");
  assert.equal(argLayout(fixed, {}).lists, false);
});

Deno.test("wasmParams gives i32 for pointers and ints, f64 for floats, lists as name0, name1", () => {
  assert.deepEqual(wasmParams(SIG, { n: 2 }), [
    ["W", "i32"],
    ["idx", "i32"],
    ["marks", "i32"],
    ["x0", "i32"],
    ["x1", "i32"],
    ["V", "i32"],
    ["lr", "f64"],
  ]);
});

Deno.test("packArgs orders named args by the signature and flattens lists", () => {
  const args: BindArgs<typeof SIG> = { lr: 0.5, V: 7, x: [64, 68], marks: 9, idx: 32, W: 16 };
  assert.deepEqual(packArgs(argLayout(SIG, { n: 2 }), args), [16, 32, 9, 64, 68, 7, 0.5]);
});

Deno.test("packArgs refuses a list of the wrong length (an internal error)", () => {
  const args = { W: 0, idx: 0, marks: 0, x: [4], V: 1, lr: 1 };
  assert.throws(
    () => packArgs(argLayout(SIG, { n: 2 }), args),
    /internal: x has 1 arguments but the kernel takes 2/,
  );
});

Deno.test("decodeArgs gives 4-byte pointers as element offsets, bytes, ints and floats as they are", () => {
  const into = {};
  const out = decodeArgs(argLayout(SIG, { n: 2 }), [16, 32, 9, 64, 68, -1, 0.1], into);
  assert.equal(out, into, "fills the given object");
  assert.deepEqual(out, { W: 4, idx: 8, marks: 9, x: [16, 17], V: -1, lr: 0.1 });
});

Deno.test("decodeArgs decodes a signature without lists the same way (its fast path)", () => {
  const fixed = signature({ p: "f32*", b: "u8*", pad: "int", lr: "float" });
  assert.deepEqual(decodeArgs(argLayout(fixed, {}), [64, 5, -1, -0.25], {}), {
    p: 16,
    b: 5,
    pad: -1,
    lr: -0.25,
  });
});

Deno.test("decodeArgs rebuilt from its source text decodes the same (Workers ship it as text)", () => {
  const rebuilt = new Function(`"use strict";\nreturn (${decodeArgs.toString()});`)();
  const a = [16, 32, 9, 64, 68, 3, 2.5], layout = argLayout(SIG, { n: 2 });
  assert.deepEqual(rebuilt(layout, a, {}), decodeArgs(layout, a, {}));
  const fixed = argLayout(signature({ p: "f32*", pad: "int" }), {});
  assert.deepEqual(rebuilt(fixed, [8, -1], {}), { p: 2, pad: -1 });
});

Deno.test("argPacker and argDecoder, compiled for a layout without lists, agree with the loops", () => {
  const sig = signature({ W: "f32*", b: "u8*", pad: "int", lr: "float" }),
    layout = argLayout(sig, {});
  const named = { lr: -0.25, pad: -1, b: 5, W: 64 };
  assert.deepEqual(argPacker(layout)(named), packArgs(layout, named));
  assert.deepEqual(argPacker(layout)(named), [64, 5, -1, -0.25]);
  assert.notEqual(argDecoder(layout), decodeArgs, "compiled");
  assert.deepEqual(argDecoder(layout)(layout, [64, 5, -1, -0.25], {}), {
    W: 16,
    b: 5,
    pad: -1,
    lr: -0.25,
  });
  assert.equal(argPacker(layout), argPacker(layout), "once per layout");
});

Deno.test("argDecoder keeps the loop for layouts with lists; argPacker spells their lists out", () => {
  const layout = argLayout(SIG, { n: 1 }), a = [16, 32, 9, 64, 3, 2.5];
  assert.equal(argDecoder(layout), decodeArgs);
  assert.deepEqual(argDecoder(layout)(layout, a, {}), decodeArgs(layout, a, {}));
  const named = { W: 16, idx: 32, marks: 9, x: [64], V: 3, lr: 2.5 };
  assert.deepEqual(argPacker(layout)(named), a);
  assert.equal(argPacker(layout), argPacker(layout), "once per layout");
  for (const n of [0, 2, 3]) {
    const other = argLayout(SIG, { n }), x = [64, 68, 72].slice(0, n);
    const args = { ...named, x };
    assert.deepEqual(argPacker(other)(args), packArgs(other, args), `${n} list arguments`);
    // A list of another length than the layout's is refused as `packArgs` refuses it.
    const wrong = { ...named, x: [64, 68, 72, 76].slice(0, n + 1) };
    assert.throws(() => argPacker(other)(wrong), {
      message: `internal: x has ${n + 1} arguments but the kernel takes ${n}`,
    });
  }
});

Deno.test("every kernel's Wasm parameters and JS arguments come from its signature", () => {
  for (const k of Object.values(KERNELS)) {
    for (const [name, kind] of Object.entries(k.sig)) {
      assert.ok(typeof kind === "string" || typeof kind.count === "function", `${k.name}.${name}`);
    }
    // The names are the JS body's (it reads only these: see the kernel files' `JsArgs`).
    assert.ok(/^[A-Za-z]\w*$/.test(Object.keys(k.sig).join("_")), k.name);
  }
});

Deno.test("runJs decodes positional args by the kernel's signature into the body's named args", () => {
  const seen: unknown[] = [];
  const kernel = {
    name: "probe",
    sig: signature({ p: "f32*", n: "int" }),
    unit: "row",
    js: (_h: unknown, _s: unknown, a: { p: number; n: number }) => {
      seen.push({ ...a });
      return 0;
    },
  };
  assert.equal(runJs(kernel, arena().heap, {}, [40, 3], 0, 1), 0);
  assert.equal(runJs(kernel, arena().heap, {}, [8, 5], 0, 1), 0);
  assert.deepEqual(seen, [{ p: 10, n: 3 }, { p: 2, n: 5 }]);
});

Deno.test("bindings are checked against the signature by the compiler", () => {
  const layout = argLayout(SIG, { n: 0 });
  // @ts-expect-error: a misspelled argument name does not compile.
  const typo: BindArgs<typeof SIG> = { W: 0, idxx: 0, marks: 0, x: [], V: 0, lr: 0 };
  // @ts-expect-error: a missing argument does not compile.
  const missing: BindArgs<typeof SIG> = { W: 0, marks: 0, x: [], V: 0, lr: 0 };
  // @ts-expect-error: a list parameter takes an array.
  const scalar: BindArgs<typeof SIG> = { W: 0, idx: 0, marks: 0, x: 0, V: 0, lr: 0 };
  assert.equal([typo, missing, scalar].length, 3);
  assert.equal(layout.names.length, 6);
});
