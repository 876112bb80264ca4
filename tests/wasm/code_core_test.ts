import assert from "node:assert/strict";
import { checkLane, CodeCore, methodName } from "../../src/wasm/_code_core.ts";

Deno.test("local() numbers locals after the parameters", () => {
  const c = new CodeCore("f", 3, ["i32", "f64"], ["f32"]);
  assert.deepEqual([c.local("v128"), c.local("i32", "n")], [2, 3]);
  assert.deepEqual([c.index, c.name, c.params, c.results], [3, "f", ["i32", "f64"], ["f32"]]);
  assert.ok(Object.isFrozen(c.params));
});

Deno.test("toBytes() run-length encodes locals and appends end", () => {
  const c = new CodeCore("f", 0, ["i32"], []);
  for (const t of ["i32", "i32", "f32", "i32"] as const) c.local(t);
  assert.deepEqual([...c.toBytes()], [3, 2, 0x7f, 1, 0x7d, 1, 0x7f, 0x0b]);
  assert.deepEqual([...new CodeCore("g", 0, [], []).toBytes()], [0, 0x0b]);
});

Deno.test("toText() renders the signature and named locals", () => {
  const c = new CodeCore("kern", 0, ["i32", "i32"], ["f32"], ["ptr"]);
  c.local("v128", "acc");
  c.local("f32");
  assert.equal(
    c.toText(),
    "(func $kern (param $ptr i32) (param i32) (result f32)\n  (local $acc v128)\n  (local f32)\n)",
  );
  assert.equal(c.usesMemory, false);
  assert.equal(c.openBlocks, 0);
});

Deno.test("constructor and local() validate types and names", () => {
  assert.throws(
    () => new CodeCore("f", 0, ["i32"], [], ["a", "b"]),
    /^RangeError: ModuleBuilder\.addFunction\(\): 2 parameter names given for 1 parameters$/,
  );
  assert.throws(() => new CodeCore("f", 0, [], ["x" as "i32"]), TypeError);
  assert.throws(
    () => new CodeCore("f", 0, [], []).local("i8" as "i32"),
    /^TypeError: CodeBuilder\.local\(\): unknown value type "i8"/,
  );
});

Deno.test("methodName() and checkLane() build the error vocabulary", () => {
  assert.equal(methodName("i32.trunc_sat_f32_s"), "CodeBuilder.i32TruncSatF32S()");
  assert.equal(methodName("v128.load32_lane"), "CodeBuilder.v128Load32Lane()");
  assert.doesNotThrow(() => checkLane("m", 3, 4));
  assert.throws(() => checkLane("m", 1.5, 4), /lane 1\.5 is out of range 0\.\.3/);
});
