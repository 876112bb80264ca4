/**
 * The shared pieces of the Wasm emitters (kernels/wasm/_emit.ts): the row
 * layout (`rowShape`, `tailOffset`, `forChunk`), counted loops with
 * `continue` (`forRange`), bag ends (`bagEnd`), the module frame
 * (`emitKernel`) and the row touches (`touchRows`, `touchNextBag`,
 * `storeSink`), each run and checked against a naive reference.
 */

import assert from "node:assert/strict";
import {
  bagEnd,
  emitKernel,
  forChunk,
  forRange,
  loadI32At,
  rowShape,
  tailOffset,
} from "../../../kernels/wasm/_emit.ts";
import {
  SINK_ADDRESS,
  storeSink,
  touchNextBag,
  touchRows,
} from "../../../kernels/wasm/_rows_emit.ts";
import { ModuleBuilder } from "../../../src/wasm/module_builder.ts";
import { arena } from "../../../src/memory/arena.ts";
import { bagBounds, bagCases } from "../_cases.ts";
import { assertBitwise, buf, i32Sentinel, run } from "../_kernel_harness.ts";

Deno.test("rowShape splits a row into full v128 vectors, in chunks of at most `chunk`, plus a scalar tail", () => {
  for (let D = 0; D <= 70; D++) {
    for (let chunk = 1; chunk <= 9; chunk++) {
      const s = rowShape(D, chunk);
      assert.deepEqual([s.vectors, s.tail, s.align], [
        Math.floor(D / 4),
        D % 4,
        D % 4 === 0 ? 16 : 4,
      ]);
      assert.deepEqual(s.chunks.flat(), Array.from({ length: s.vectors }, (_, v) => v));
      assert.ok(s.chunks.length >= 1 && s.chunks.slice(0, -1).every((c) => c.length === chunk));
      assert.ok(s.chunks.every((c) => c.length <= chunk));
      for (let t = 0; t < s.tail; t++) assert.equal(tailOffset(s, t), 4 * (4 * s.vectors + t));
    }
  }
});

Deno.test("forChunk visits a chunk's vectors with their slots, and the tail only with the last chunk", () => {
  const s = rowShape(23, 2), seen: string[] = [];
  s.chunks.forEach((_, c) =>
    forChunk(s, c, (v, slot) => seen.push(`${c}:v${v}@${slot}`), (t) => seen.push(`${c}:t${t}`))
  );
  assert.deepEqual(seen, [
    "0:v0@0",
    "0:v1@1",
    "1:v2@0",
    "1:v3@1",
    "2:v4@0",
    "2:t0",
    "2:t1",
    "2:t2",
  ]);
});

Deno.test("forRange counts from `from` up to `to` (signed), and br(cont) skips to the next iteration", () => {
  const mb = new ModuleBuilder();
  const f = mb.addFunction("f", { params: ["i32", "i32"], results: ["i32"], export: true });
  const i = f.local("i32", "i"), acc = f.local("i32", "acc");
  // acc = sum of i over [from, to) skipping multiples of 3, times 1000, plus the number of iterations.
  forRange(f, i, () => f.localGet(0), () => f.localGet(1), (cont) => {
    f.localGet(acc).i32Const(1).i32Add().localSet(acc);
    f.localGet(i).i32Const(3).i32RemS().i32Eqz().brIf(cont);
    f.localGet(acc).localGet(i).i32Const(1000).i32Mul().i32Add().localSet(acc);
  });
  f.localGet(acc);
  const run = new WebAssembly.Instance(new WebAssembly.Module(mb.toBytes() as BufferSource)).exports
    .f as (a: number, b: number) => number;
  for (
    const [from, to] of [[0, 0], [0, 10], [5, 6], [4, 2], [-7, 3], [-3, -8], [
      2147483640,
      2147483647,
    ]]
  ) {
    let expected = 0;
    for (let k = from; k < to; k++) expected += 1 + (k % 3 === 0 ? 0 : 1000 * k);
    assert.equal(run(from, to), expected | 0, `[${from}, ${to})`);
  }
});

Deno.test("emitKernel builds a valid module importing the shared memory (and pow), exporting run(args, start, end)", () => {
  for (const pow of [false, true]) {
    const k = emitKernel("probe", { a: "i32*", x: "float" }, {}, ({ f, p }) => {
      f.localGet(p.a).localGet(p.start).localGet(p.end).i32Add().i32Store();
    }, { pow });
    assert.ok(WebAssembly.validate(k.bytes as BufferSource));
    assert.deepEqual(k.params, ["i32", "f64", "i32", "i32"]);
    assert.equal(k.pow, pow);
    assert.ok(k.text.startsWith(";; probe\n"));
    const mod = new WebAssembly.Module(k.bytes as BufferSource);
    assert.deepEqual(
      WebAssembly.Module.imports(mod).map((x) => `${x.module}.${x.name}:${x.kind}`),
      ["env.memory:memory", ...(pow ? ["env.pow:function"] : [])],
    );
    assert.deepEqual(WebAssembly.Module.exports(mod).map((x) => x.name), ["run"]);
    const out = buf<Int32Array>(
      run({ kernel: "probe", spec: {}, args: [new Int32Array(1), 0.5], units: 0 }, k, [[3, 4]]),
      0,
    );
    assert.equal(out[0], 7);
  }
});

Deno.test("bagEnd gives off[b + 1], or N for the last offset; loadI32At reads off[b]", () => {
  const k = emitKernel(
    "bag ends",
    { off: "i32*", nOff: "int", N: "int", out: "i32*" },
    {},
    ({ f, p }) => {
      const b = f.local("i32", "b");
      forRange(f, b, () => f.localGet(p.start), () => f.localGet(p.end), () => {
        f.localGet(p.out).localGet(b).i32Const(8).i32Mul().i32Add();
        loadI32At(f, p.off, b).i32Store({ align: 4 });
        f.localGet(p.out).localGet(b).i32Const(8).i32Mul().i32Add();
        bagEnd(f, p, b);
        f.i32Store({ offset: 4, align: 4 });
      });
    },
  );
  for (const c of bagCases(161, 2).filter((x) => x.D === 1)) {
    const l = {
      kernel: "bag ends",
      spec: {},
      args: [c.off, c.nOff, c.N, i32Sentinel(2 * c.B)],
      units: c.B,
    };
    const expected = Int32Array.from({ length: 2 * c.B }, (_, i) => bagBounds(c, i >> 1)[i & 1]);
    assertBitwise(buf(run(l, k), 3), expected, c.name);
  }
});

/** Sum of the first byte of each touched cache line of the rows `idx[from .. to)`. */
function touchSum(
  W: Uint8Array,
  idx: Int32Array,
  from: number,
  to: number,
  D: number,
  maxLines: number,
): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    for (let line = 0; line < Math.min(maxLines * 64, D * 4); line += 64) {
      sum += W[idx[i] * D * 4 + line];
    }
  }
  return sum;
}

const sink = () => arena().heap.i32[SINK_ADDRESS >> 2];

Deno.test("touchRows reads one byte per cache line (at most maxLines) of each row, into the stored sink", () => {
  for (const [D, maxLines] of [[1, 8], [17, 1], [64, 2], [100, 8], [100, 3]]) {
    const k = emitKernel("touch", { W: "u8*", idx: "i32*", V: "int" }, {}, ({ f, p }) => {
      const row = f.local("i32", "row"), s = f.local("i32", "sink");
      const l = { W: p.W, idx: p.idx, i: p.start, end: p.end, row, sink: s, V: p.V };
      touchRows(f, l, D, maxLines);
      storeSink(f, s);
    });
    const W = Uint8Array.from({ length: 5 * D * 4 }, (_, i) => (i * 37) & 255),
      idx = Int32Array.of(4, 0, 2, 2, 1);
    const out = run({ kernel: "touch", spec: {}, args: [W, idx, 5], units: 5 }, k, [[1, 4]]);
    assert.equal(sink(), touchSum(W, idx, 1, 4, D, maxLines), `D=${D} lines=${maxLines}`);
    assertBitwise(buf(out, 0), W);
  }
});

Deno.test("touchNextBag touches the first aheadRows rows of bag b + 1 when it is in the launch", () => {
  const D = 20, maxLines = 2;
  for (const ahead of [0, 1, 3, 64]) {
    let touched = 0;
    const k = emitKernel(
      "touch next",
      {
        W: "f32*",
        idx: "i32*",
        off: "i32*",
        nOff: "int",
        N: "int",
        V: "int",
      },
      {},
      ({ f, p }) => {
        const b = f.local("i32", "b"),
          i = f.local("i32", "i"),
          end = f.local("i32", "e"),
          row = f.local("i32", "r"),
          s = f.local("i32", "s");
        forRange(
          f,
          b,
          () => f.localGet(p.start),
          () => f.localGet(p.end),
          () => touchNextBag(f, p, { b, i, end, row, sink: s }, D, ahead, maxLines),
        );
        storeSink(f, s);
      },
    );
    for (const c of bagCases(171, 2).filter((x) => x.D === 64)) {
      const W = Uint8Array.from({ length: c.V * D * 4 }, (_, i) => (i * 11) & 255);
      const [start, end] = [Math.min(1, c.B), c.B];
      let expected = 0;
      for (let b = start; b + 1 < end; b++) {
        const [first, last] = bagBounds(c, b + 1);
        expected += touchSum(W, c.idx, first, Math.min(last, first + ahead), D, maxLines);
      }
      const args = [W, c.idx, c.off, c.nOff, c.N, c.V];
      run({ kernel: "touch next", spec: {}, args, units: c.B }, k, [
        [start, end],
      ]);
      assert.equal(sink(), expected, `ahead=${ahead} ${c.name}`);
      touched += expected;
    }
    assert.equal(touched > 0, ahead > 0);
  }
});

Deno.test("emitKernel builds the text listing only when it is read, by emitting again", () => {
  let emissions = 0;
  const k = emitKernel("lazy", { a: "i32*" }, {}, ({ f, p }) => {
    emissions++;
    f.localGet(p.a).localGet(p.start).i32Store();
  });
  assert.equal(emissions, 1, "the bytes need one emission, without a listing");
  assert.match(k.text, /^;; lazy\n\(module/);
  assert.equal(emissions, 2);
  assert.equal(k.text, k.text);
  assert.equal(emissions, 2, "the listing is built once");
  assert.throws(
    () => new ModuleBuilder({ listing: false }).addFunction("f").toText(),
    /^TypeError: CodeBuilder\.toText\(\): function "f" was built without a listing$/,
  );
});
