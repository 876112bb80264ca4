import assert from "node:assert/strict";
import { ControlStack } from "../../src/wasm/_control_stack.ts";

Deno.test("ControlStack resolves labels to relative depths", () => {
  const s = new ControlStack();
  const outer = s.open("block");
  const mid = s.open("loop");
  const inner = s.open("if");
  assert.deepEqual([s.depth, s.kinds], [3, ["block", "loop", "if"]]);
  assert.deepEqual([inner, mid, outer].map((l) => s.depthOf("m", l)), [0, 1, 2]);
  assert.equal(s.depthOf("m", 3), 3, "depth == open count targets the function body");
  assert.equal(s.close("m"), inner);
  assert.equal(s.isOpen(inner), false);
  assert.equal(s.depthOf("m", outer), 1);
  assert.throws(
    () => s.depthOf("X.br()", inner),
    /^RangeError: X\.br\(\): label @3 \(if\) is not open here$/,
  );
  assert.throws(() => s.depthOf("X.br()", 3), /branch depth 3 is out of range 0\.\.2/);
});

Deno.test("ControlStack allows one else per if", () => {
  const s = new ControlStack();
  assert.throws(() => s.enterElse("X.else()"), /innermost is nothing/);
  s.open("loop");
  assert.throws(() => s.enterElse("X.else()"), /innermost is loop @1/);
  s.open("if");
  s.enterElse("X.else()");
  assert.throws(() => s.enterElse("X.else()"), /if @2 which already has an else/);
  s.close("m");
  s.close("m");
  assert.throws(
    () => s.close("X.end()"),
    /^RangeError: X\.end\(\): no open block, loop or if to end$/,
  );
});
