import assert from "node:assert/strict";
import { ModuleBuilder } from "../../src/wasm/module_builder.ts";
import { instantiate, sharedMemory, sharedModule } from "./_helpers.ts";

/** Reads an unsigned LEB128 at `at`; returns [value, next offset]. */
function readU32(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  for (let shift = 0;; shift += 7) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
  }
}

/** Section ids in order of appearance, with their contents. */
function sections(bytes: Uint8Array): [number, Uint8Array][] {
  assert.deepEqual([...bytes.slice(0, 8)], [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const out: [number, Uint8Array][] = [];
  for (let at = 8; at < bytes.length;) {
    const id = bytes[at];
    const [size, start] = readU32(bytes, at + 1);
    out.push([id, bytes.slice(start, start + size)]);
    at = start + size;
  }
  return out;
}

Deno.test("an empty module is the preamble plus a name section, and validates", () => {
  const bytes = new ModuleBuilder().toBytes();
  assert.deepEqual(sections(bytes).map(([id]) => id), [0]);
  assert.ok(WebAssembly.validate(bytes));
});

Deno.test("sections come in spec order and function types are deduplicated", () => {
  const mb = sharedModule();
  mb.importFunction("env", "log", { params: ["i32"] });
  for (const name of ["a", "b", "c"]) {
    mb.addFunction(name, { params: ["i32"], export: true }).localGet(0).drop();
  }
  mb.addFunction("init").i32Const(0).i32Const(7).i32Store();
  mb.setStart(4);
  mb.exportMemory("memory");
  const list = sections(mb.toBytes());
  assert.deepEqual(list.map(([id]) => id), [1, 2, 3, 7, 8, 10, 0]);
  const [, types] = list[0];
  assert.equal(types[0], 2, "(i32) -> () shared by log, a, b and c, plus () -> ()");
  const [, imports] = list[1];
  assert.equal(imports[0], 2, "env.memory and env.log");
});

Deno.test("shared memory limits encode flag 0x03 and instantiate with a shared Memory", () => {
  const mb = new ModuleBuilder();
  mb.importMemory("env", "memory", { initial: 1, maximum: 65536, shared: true });
  mb.exportMemory("mem");
  const [[id, imports]] = sections(mb.toBytes());
  assert.equal(id, 2);
  assert.deepEqual([...imports.slice(-6)], [0x02, 0x03, 0x01, 0x80, 0x80, 0x04]);
  const memory = sharedMemory();
  const bytes = mb.toBytes();
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  assert.equal(instance.exports.mem, memory);
  assert.ok(memory.buffer instanceof SharedArrayBuffer);
});

Deno.test("a defined memory encodes flags 0x00/0x01 and can be exported and grown", () => {
  const mb = new ModuleBuilder();
  mb.addMemory({ initial: 2, maximum: 4 });
  mb.exportMemory("memory");
  mb.addFunction("grow", { results: ["i32"], export: true }).i32Const(1).memoryGrow();
  const memorySection = sections(mb.toBytes()).find(([id]) => id === 5);
  assert.deepEqual(memorySection && [...memorySection[1]], [1, 0x01, 2, 4]);
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(mb.toBytes()));
  assert.equal((exports.grow as () => number)(), 2);
  assert.equal((exports.memory as WebAssembly.Memory).buffer.byteLength, 3 * 65536);
  const plain = new ModuleBuilder();
  plain.addMemory({ initial: 1 });
  assert.deepEqual([...sections(plain.toBytes())[0][1]], [1, 0x00, 1]);
});

Deno.test("the start function runs on instantiation", () => {
  const mb = sharedModule();
  const init = mb.addFunction("init");
  init.i32Const(64).i32Const(42).i32Store();
  mb.setStart(init);
  const memory = sharedMemory();
  instantiate(mb, memory);
  assert.equal(new Int32Array(memory.buffer)[16], 42);
});

Deno.test("the name section records function names (V8 shows them in stack traces)", () => {
  const mb = sharedModule();
  mb.importFunction("env", "log", {});
  mb.addFunction("kernel_boom", { export: true }).unreachable();
  const module = new WebAssembly.Module(mb.toBytes());
  const [names] = WebAssembly.Module.customSections(module, "name");
  // subsection 1 (function names), size, 2 entries: 0 "log", 1 "kernel_boom"
  const text = new TextEncoder();
  const entries = [0, 3, ...text.encode("log"), 1, 11, ...text.encode("kernel_boom")];
  assert.deepEqual([...new Uint8Array(names)], [1, 1 + entries.length, 2, ...entries]);
  if (navigator.userAgent.startsWith("Deno")) {
    const ex = instantiate(mb, sharedMemory(), { log: () => {} });
    assert.throws(
      () => ex.kernel_boom(),
      (e: unknown) => String((e as Error).stack).includes("at kernel_boom"),
    );
  }
});

Deno.test("toText() lists imports, memory, functions and exports", () => {
  const mb = new ModuleBuilder();
  mb.importFunction("env", "log", { params: ["f64"] });
  mb.importGlobal("env", "g", "i32", true);
  mb.addMemory({ initial: 1, maximum: 2 });
  mb.exportMemory("mem");
  const f = mb.addFunction("main", { export: true });
  f.f64Const(1.5).call(0);
  mb.setStart(f);
  assert.equal(
    mb.toText(),
    [
      "(module",
      '  (import "env" "log" (func $log (param f64)))',
      '  (import "env" "g" (global (mut i32)))',
      "  (memory 1 2)",
      "  (func $main",
      "    f64.const 1.5",
      "    call 0",
      "  )",
      '  (export "mem" (memory 0))',
      '  (export "main" (func $main))',
      "  (start $main)",
      ")",
    ].join("\n"),
  );
});

Deno.test("module misuse throws clear errors", () => {
  const mb = new ModuleBuilder();
  assert.throws(
    () => mb.importMemory("env", "m", { initial: 1, shared: true }),
    /^TypeError: ModuleBuilder\.importMemory\(\): a shared memory needs a maximum$/,
  );
  assert.throws(
    () => mb.addMemory({ initial: 3, maximum: 2 }),
    /^RangeError: ModuleBuilder\.addMemory\(\): maximum 2 is not a page count in 3\.\.65536$/,
  );
  assert.throws(() => mb.addMemory({ initial: 65537 }), /initial 65537 is not a page count/);
  assert.throws(
    () => mb.exportMemory("m"),
    /ModuleBuilder\.exportMemory\(\): the module has no memory/,
  );
  mb.addMemory({ initial: 1 });
  assert.throws(
    () => mb.importMemory("env", "m", { initial: 1 }),
    /ModuleBuilder\.importMemory\(\): the module already has a memory/,
  );
  mb.addFunction("f", { export: true });
  assert.throws(
    () => mb.exportFunction("f", 0),
    /^TypeError: ModuleBuilder\.exportFunction\(\): export name "f" is already used$/,
  );
  assert.throws(
    () => mb.importFunction("env", "g", {}),
    /ModuleBuilder\.importFunction\(\): imports must come before addFunction\(\)/,
  );
  assert.throws(
    () => mb.addFunction("h", { params: ["u8" as "i32"] }),
    /ModuleBuilder\.addFunction\(\): unknown value type "u8"/,
  );
  mb.exportFunction("ghost", 9);
  assert.throws(
    () => mb.toBytes(),
    /^RangeError: ModuleBuilder\.toBytes\(\): export "ghost" refers to function 9, but there are 1$/,
  );
});

Deno.test("toBytes() refuses memory instructions in a module without memory", () => {
  const mb = new ModuleBuilder();
  mb.addFunction("f").i32Const(0).i32Load().drop();
  assert.throws(
    () => mb.toBytes(),
    /^TypeError: ModuleBuilder\.toBytes\(\): function "f" uses memory but the module has none/,
  );
  const start = new ModuleBuilder();
  start.setStart(0);
  assert.throws(() => start.toBytes(), /start refers to function 0, but there are 0/);
});
