import assert from "node:assert/strict";
import { VariableOps } from "../../src/wasm/_variable_ops.ts";
import { assertCovers, instantiate, sharedMemory, sharedModule } from "./_helpers.ts";

Deno.test("local.get, local.set and local.tee read and write params and locals", () => {
  const mb = sharedModule();
  const f = mb.addFunction("twice", { params: ["i32"], results: ["i32"], export: true });
  const x = f.local("i32", "x");
  const y = f.local("i32");
  f.localGet(0).localTee(x).localSet(y);
  f.localGet(x).localGet(y).i32Add();
  assert.equal(instantiate(mb).twice(21), 42);
});

Deno.test("global.get and global.set use imported globals", () => {
  const mb = sharedModule();
  const counter = mb.importGlobal("env", "counter", "i32", true);
  const scale = mb.importGlobal("env", "scale", "f64");
  const f = mb.addFunction("bump", { results: ["f64"], export: true });
  f.globalGet(counter).i32Const(1).i32Add().globalSet(counter);
  f.globalGet(counter).f64ConvertI32S().globalGet(scale).f64Mul();
  const g = new WebAssembly.Global({ value: "i32", mutable: true }, 5);
  const s = new WebAssembly.Global({ value: "f64", mutable: false }, 0.5);
  const ex = instantiate(mb, sharedMemory(), { counter: g, scale: s });
  assert.equal(ex.bump(), 3);
  assert.equal(g.value, 6);
});

Deno.test("drop discards and select picks by condition, untyped and typed, incl. v128", () => {
  const mb = sharedModule();
  mb.addFunction("drop", { results: ["i32"], export: true }).i32Const(1).i32Const(2).drop();
  const sel = mb.addFunction("sel", {
    params: ["i32", "i32", "i32"],
    results: ["i32"],
    export: true,
  });
  sel.localGet(0).localGet(1).localGet(2).select();
  const typed = mb.addFunction("typed", {
    params: ["f64", "f64", "i32"],
    results: ["f64"],
    export: true,
  });
  typed.localGet(0).localGet(1).localGet(2).select("f64");
  // v128: out = cond ? load(a) : load(b)
  const vec = mb.addFunction("vec", { params: ["i32", "i32", "i32", "i32"], export: true });
  vec.localGet(3).localGet(0).v128Load().localGet(1).v128Load().localGet(2).select().v128Store();
  const memory = sharedMemory();
  const ex = instantiate(mb, memory);
  assert.equal(ex.drop(), 1);
  assert.equal(ex.sel(10, 20, 1), 10);
  assert.equal(ex.sel(10, 20, 0), 20);
  assert.equal(ex.typed(1.5, 2.5, 0), 2.5);
  const i32 = new Int32Array(memory.buffer);
  i32.set([1, 2, 3, 4, 5, 6, 7, 8]);
  ex.vec(0, 16, 0, 32);
  assert.deepEqual([...i32.slice(8, 12)], [5, 6, 7, 8]);
  ex.vec(0, 16, 7, 32);
  assert.deepEqual([...i32.slice(8, 12)], [1, 2, 3, 4]);
});

Deno.test("using an undeclared local throws a RangeError naming the method", () => {
  const f = sharedModule().addFunction("f", { params: ["i32", "i32"] });
  f.local("f32");
  f.local("f32");
  f.local("v128");
  assert.throws(
    () => f.localGet(7),
    (e: unknown) =>
      e instanceof RangeError &&
      e.message === "CodeBuilder.localGet(): local 7 is not declared (function has 5 locals)",
  );
  assert.throws(
    () => f.localSet(-1),
    /^RangeError: CodeBuilder\.localSet\(\): local -1 is not declared/,
  );
  assert.throws(() => f.localTee(5), /CodeBuilder\.localTee\(\): local 5 is not declared/);
  assert.throws(
    () => f.select("void" as "i32"),
    /CodeBuilder\.select\(\): unknown value type "void"/,
  );
  assert.throws(
    () => f.globalGet(-1),
    /^RangeError: CodeBuilder\.globalGet\(\): global index -1 is not an unsigned 32-bit integer$/,
  );
  assert.throws(() => f.globalSet(0.5), /CodeBuilder\.globalSet\(\): global index 0\.5/);
});

Deno.test("every variable and parametric instruction is covered", () => {
  const names = ["localGet", "localSet", "localTee", "globalGet", "globalSet", "drop", "select"];
  assertCovers(VariableOps.prototype, names);
});
