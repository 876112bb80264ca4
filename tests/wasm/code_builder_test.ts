import assert from "node:assert/strict";
import { CodeBuilder } from "../../src/wasm/code_builder.ts";
import type { Label } from "../../src/wasm/types.ts";
import { assertCovers, instantiate, sharedMemory, sharedModule } from "./_helpers.ts";

Deno.test("structured block/loop with label branches runs a counted loop", () => {
  const mb = sharedModule();
  const f = mb.addFunction("triangle", { params: ["i32"], results: ["i32"], export: true });
  const [i, acc] = [f.local("i32", "i"), f.local("i32", "acc")];
  f.block((done) => {
    f.loop((next) => {
      f.localGet(i).localGet(0).i32GeS().brIf(done);
      f.localGet(acc).localGet(i).i32Add().localSet(acc);
      f.localGet(i).i32Const(1).i32Add().localSet(i).br(next);
    });
  });
  f.localGet(acc);
  const ex = instantiate(mb);
  assert.equal(ex.triangle(0), 0);
  assert.equal(ex.triangle(100), 4950);
});

Deno.test("structured if/else with a result type, and if without else", () => {
  const mb = sharedModule();
  const abs = mb.addFunction("abs", { params: ["i32"], results: ["i32"], export: true });
  abs.localGet(0).i32Const(0).i32LtS();
  abs.if("i32", () => abs.i32Const(0).localGet(0).i32Sub(), () => abs.localGet(0));
  const clamp = mb.addFunction("clamp", { params: ["i32"], results: ["i32"], export: true });
  clamp.localGet(0).i32Const(10).i32GtS().if(() => clamp.i32Const(10).localSet(0));
  clamp.localGet(0);
  const ex = instantiate(mb);
  assert.deepEqual([ex.abs(-5), ex.abs(7)], [5, 7]);
  assert.deepEqual([ex.clamp(3), ex.clamp(30)], [3, 10]);
});

Deno.test("labels resolve to the right depth from nested constructs", () => {
  // find first k < n with k * k > limit, breaking out of two loops at once
  const mb = sharedModule();
  const f = mb.addFunction("first", { params: ["i32", "i32"], results: ["i32"], export: true });
  const k = f.local("i32", "k");
  f.block("i32", (found) => {
    f.loop((outer) => {
      f.block((skip) => {
        f.localGet(k).localGet(k).i32Mul().localGet(1).i32LeS().brIf(skip);
        f.localGet(k).br(found); // depth 2: skip, outer, found
      });
      f.localGet(k).i32Const(1).i32Add().localTee(k).localGet(0).i32LtS().brIf(outer);
    });
    f.i32Const(-1);
  });
  const ex = instantiate(mb);
  assert.equal(ex.first(100, 50), 8);
  assert.equal(ex.first(5, 50), -1);
  assert.match(mb.toText(), /br 2 ;; @\d+/);
});

Deno.test("br_table dispatches by index with a default, raw block/end by depth", () => {
  const mb = sharedModule();
  const f = mb.addFunction("pick", { params: ["i32"], results: ["i32"], export: true });
  f.block().block().block().block();
  f.localGet(0).brTable([0, 1, 2], 3);
  f.end().i32Const(10).return();
  f.end().i32Const(20).return();
  f.end().i32Const(30).return();
  f.end().i32Const(-1);
  const g = mb.addFunction("parity", { params: ["i32"], results: ["i32"], export: true });
  g.block((odd) => {
    g.block((even) => g.localGet(0).i32Const(1).i32And().brTable([even], odd));
    g.i32Const(0).return();
  });
  g.i32Const(1);
  const ex = instantiate(mb);
  assert.deepEqual([0, 1, 2, 3, 99, -1].map((v) => ex.pick(v)), [10, 20, 30, -1, -1, -1]);
  assert.deepEqual([4, 7].map((v) => ex.parity(v)), [0, 1]);
});

Deno.test("raw if/else/end, call, nop, unreachable and return", () => {
  const mb = sharedModule();
  const log = mb.importFunction("env", "log", { params: ["i32"] });
  const sq = mb.addFunction("sq", { params: ["i32"], results: ["i32"] });
  sq.localGet(0).localGet(0).i32Mul();
  const f = mb.addFunction("f", { params: ["i32"], results: ["i32"], export: true });
  f.nop().localGet(0).call(log);
  f.localGet(0).if("i32").localGet(0).call(sq).else().i32Const(-1).end();
  const trap = mb.addFunction("trap", { export: true }).unreachable();
  mb.addFunction("early", { results: ["i32"], export: true }).i32Const(1).return().i32Const(2);
  const seen: number[] = [];
  const ex = instantiate(mb, sharedMemory(), { log: (v: number) => seen.push(v) });
  assert.deepEqual([ex.f(3), ex.f(0)], [9, -1]);
  assert.deepEqual(seen, [3, 0]);
  assert.throws(() => ex.trap(), WebAssembly.RuntimeError);
  assert.equal(ex.early(), 1);
  assert.equal(trap.index, 3);
  assert.match(f.toText(), /call \$sq/);
});

Deno.test("control-flow misuse throws clear errors", () => {
  const f = sharedModule().addFunction("f");
  assert.throws(
    () => f.end(),
    /^RangeError: CodeBuilder\.end\(\): no open block, loop or if to end$/,
  );
  assert.throws(
    () => f.else(),
    /CodeBuilder\.else\(\): else needs an open if, but the innermost is nothing/,
  );
  f.i32Const(1).if().else();
  assert.throws(() => f.else(), /innermost is if @\d+ which already has an else/);
  f.end();
  assert.throws(() => f.block(() => f.block()), /CodeBuilder\.block\(\): body left 1 block open/);
  const g = sharedModule().addFunction("g");
  g.block();
  assert.throws(
    () => g.loop(() => g.end().end()),
    /CodeBuilder\.loop\(\): body closed blocks it did not open/,
  );
  const h = sharedModule().addFunction("h");
  const closed: Label[] = [];
  h.block((label) => closed.push(label));
  assert.throws(
    () => h.br(closed[0]),
    /^RangeError: CodeBuilder\.br\(\): label @1 \(block\) is not open here$/,
  );
  assert.throws(() => h.brIf(1), /CodeBuilder\.brIf\(\): branch depth 1 is out of range 0\.\.0/);
  assert.throws(() => h.brTable([0], 5), /CodeBuilder\.brTable\(\): branch depth 5/);
  assert.throws(() => h.block("f16" as "f32"), /CodeBuilder\.block\(\): unknown value type "f16"/);
  assert.throws(
    () => h.call(-1),
    /^RangeError: CodeBuilder\.call\(\): function index -1 is not an unsigned 32-bit integer$/,
  );
});

Deno.test("toBytes() refuses a body with open blocks", () => {
  const mb = sharedModule();
  const f = mb.addFunction("open");
  f.block().loop();
  assert.throws(
    () => mb.toBytes(),
    /^RangeError: CodeBuilder\.toBytes\(\): function "open" has 2 open blocks \(block, loop\); close them with end\(\)$/,
  );
  f.end().end();
  assert.ok(WebAssembly.validate(mb.toBytes()));
});

Deno.test("the text listing indents by depth and names locals and labels", () => {
  const mb = sharedModule();
  const f = mb.addFunction("k", { params: ["i32"], paramNames: ["n"], results: ["f32"] });
  const acc = f.local("f32", "acc");
  f.loop((top) => {
    f.localGet(acc).f32Const(0.5).f32Add().localSet(acc);
    f.localGet(0).i32Const(1).i32Sub().localTee(0).brIf(top);
  });
  f.localGet(acc);
  assert.equal(
    f.toText(),
    [
      "(func $k (param $n i32) (result f32)",
      "  (local $acc f32)",
      "  loop ;; @1",
      "    local.get $acc",
      "    f32.const 0.5",
      "    f32.add",
      "    local.set $acc",
      "    local.get $n",
      "    i32.const 1",
      "    i32.sub",
      "    local.tee $n",
      "    br_if 0 ;; @1",
      "  end",
      "  local.get $acc",
      ")",
    ].join("\n"),
  );
});

Deno.test("every control instruction is covered", () => {
  const names = ["call", "nop", "unreachable", "return", "block", "loop", "if", "else", "end"];
  assertCovers(CodeBuilder.prototype, [...names, "br", "brIf", "brTable"]);
});
