import assert from "node:assert/strict";
import { MemoryOps } from "../../src/wasm/_memory_ops.ts";
import type { MemArg, ValType } from "../../src/wasm/types.ts";
import {
  assertCovers,
  instantiate,
  type NullaryOp,
  sharedMemory,
  sharedModule,
} from "./_helpers.ts";

/** Load and store methods of the scalar memory layer. */
type Access =
  | "i32Load"
  | "i64Load"
  | "f32Load"
  | "f64Load"
  | "i32Load8S"
  | "i32Load8U"
  | "i32Load16S"
  | "i32Load16U"
  | "i32Store"
  | "i64Store"
  | "f32Store"
  | "f64Store"
  | "i32Store8"
  | "i32Store16";

interface Row {
  readonly op: Access;
  readonly type: ValType;
  readonly memarg: MemArg;
  /** Writes the stored bytes (loads) or reads them back (stores) at `at`. */
  readonly bytes: (view: DataView, at: number) => void | number | bigint;
  readonly value: number | bigint;
}

const ROWS: Row[] = [
  {
    op: "i32Load",
    type: "i32",
    memarg: {},
    value: -123456,
    bytes: (v, a) => v.setInt32(a, -123456, true),
  },
  {
    op: "i64Load",
    type: "i64",
    memarg: { offset: 8 },
    value: -5n,
    bytes: (v, a) => v.setBigInt64(a + 8, -5n, true),
  },
  {
    op: "f32Load",
    type: "f32",
    memarg: { align: 1 },
    value: 1.5,
    bytes: (v, a) => v.setFloat32(a, 1.5, true),
  },
  {
    op: "f64Load",
    type: "f64",
    memarg: { offset: 3, align: 1 },
    value: -0.25,
    bytes: (v, a) => v.setFloat64(a + 3, -0.25, true),
  },
  // the neighbouring 0x80 byte must be ignored by the 8-bit loads
  {
    op: "i32Load8S",
    type: "i32",
    memarg: {},
    value: -1,
    bytes: (v, a) => v.setUint16(a, 0x80ff, true),
  },
  {
    op: "i32Load8U",
    type: "i32",
    memarg: {},
    value: 255,
    bytes: (v, a) => v.setUint16(a, 0x80ff, true),
  },
  {
    op: "i32Load16S",
    type: "i32",
    memarg: {},
    value: -32768,
    bytes: (v, a) => v.setUint16(a, 0x8000, true),
  },
  {
    op: "i32Load16U",
    type: "i32",
    memarg: { offset: 2 },
    value: 32768,
    bytes: (v, a) => v.setUint16(a + 2, 0x8000, true),
  },
  {
    op: "i32Store",
    type: "i32",
    memarg: { offset: 4 },
    value: -7,
    bytes: (v, a) => v.getInt32(a + 4, true),
  },
  {
    op: "i64Store",
    type: "i64",
    memarg: {},
    value: -(1n << 40n),
    bytes: (v, a) => v.getBigInt64(a, true),
  },
  {
    op: "f32Store",
    type: "f32",
    memarg: { align: 2 },
    value: -2.5,
    bytes: (v, a) => v.getFloat32(a, true),
  },
  {
    op: "f64Store",
    type: "f64",
    memarg: {},
    value: Math.PI,
    bytes: (v, a) => v.getFloat64(a, true),
  },
  {
    op: "i32Store8",
    type: "i32",
    memarg: {},
    value: 0x1fe,
    bytes: (v, a) => v.getUint8(a) | (v.getUint8(a + 1) << 8),
  },
  {
    op: "i32Store16",
    type: "i32",
    memarg: {},
    value: 0x1fffe,
    bytes: (v, a) => v.getUint16(a, true) | (v.getUint8(a + 2) << 16),
  },
];
const STORED: Partial<Record<Access, number>> = { i32Store8: 0xfe, i32Store16: 0xfffe };

Deno.test("scalar loads and stores move the right bytes, honouring memarg offsets", () => {
  const mb = sharedModule();
  for (const row of ROWS) {
    const isStore = row.op.includes("Store");
    const f = mb.addFunction(row.op, {
      params: isStore ? ["i32", row.type] : ["i32"],
      results: isStore ? [] : [row.type],
      export: true,
    });
    f.localGet(0);
    if (isStore) f.localGet(1);
    f[row.op](row.memarg);
  }
  const memory = sharedMemory();
  const ex = instantiate(mb, memory);
  const view = new DataView(memory.buffer);
  ROWS.forEach((row, i) => {
    const at = 64 * (i + 1);
    if (row.op.includes("Store")) {
      ex[row.op](at, row.value);
      assert.equal(row.bytes(view, at), STORED[row.op] ?? row.value, row.op);
    } else {
      row.bytes(view, at);
      assert.equal(ex[row.op](at), row.value, row.op);
    }
  });
});

Deno.test("memory.size, memory.grow, memory.fill and memory.copy act on memory 0", () => {
  const mb = sharedModule();
  mb.addFunction("size", { results: ["i32"], export: true }).memorySize();
  mb.addFunction("grow", { params: ["i32"], results: ["i32"], export: true }).localGet(0)
    .memoryGrow();
  const fill = mb.addFunction("fill", { params: ["i32", "i32", "i32"], export: true });
  fill.localGet(0).localGet(1).localGet(2).memoryFill();
  const copy = mb.addFunction("copy", { params: ["i32", "i32", "i32"], export: true });
  copy.localGet(0).localGet(1).localGet(2).memoryCopy();
  const memory = sharedMemory();
  const ex = instantiate(mb, memory);
  assert.equal(ex.size(), 1);
  assert.equal(ex.grow(2), 1);
  assert.equal(ex.size(), 3);
  ex.fill(16, 0x1ab, 5);
  assert.deepEqual([...new Uint8Array(memory.buffer, 15, 7)], [0, 0xab, 0xab, 0xab, 0xab, 0xab, 0]);
  new Uint8Array(memory.buffer).set([1, 2, 3, 4, 5, 6, 7, 8], 100);
  ex.copy(102, 100, 6); // overlapping, forwards
  assert.deepEqual([...new Uint8Array(memory.buffer, 100, 8)], [1, 2, 1, 2, 3, 4, 5, 6]);
  assert.throws(() => ex.fill(3 * 65536 - 2, 0, 3), WebAssembly.RuntimeError);
});

Deno.test("memarg validation names the method", () => {
  const f = sharedModule().addFunction("f");
  assert.throws(
    () => f.i32Load({ align: 8 }),
    /^RangeError: CodeBuilder\.i32Load\(\): alignment 8 is not a power of two at most 4$/,
  );
  assert.throws(() => f.f64Store({ align: 3 }), /CodeBuilder\.f64Store\(\): alignment 3/);
  assert.throws(
    () => f.i32Load8U({ offset: -1 }),
    /CodeBuilder\.i32Load8U\(\): offset -1 is not an unsigned 32-bit integer/,
  );
});

Deno.test("every scalar memory opcode is covered", () => {
  const extra: NullaryOp[] = ["memorySize", "memoryGrow", "memoryFill", "memoryCopy"];
  assertCovers(MemoryOps.prototype, [...ROWS.map((r) => r.op), ...extra], ["memOp", "memoryOp"]);
});
