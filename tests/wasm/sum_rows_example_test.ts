/**
 * Realistic use of the emitter: an embedding-bag style kernel that gathers
 * rows of a [vocab x D] f32 table by index and sums them, 4 lanes at a time
 * with f32x4 plus a scalar tail (D = 17 = 4 * 4 + 1), checked bit-for-bit
 * against a plain JS loop.
 */

import assert from "node:assert/strict";
import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import type { ModuleBuilder } from "../../src/wasm/module_builder.ts";
import { instantiate, sharedMemory, sharedModule } from "./_helpers.ts";

const D = 17;

/** Emits `sum_rows(ptrW, ptrIdx, n, ptrOut)`: out[j] = sum_k W[idx[k] * dim + j]. */
function emitSumRows(mb: ModuleBuilder, dim: number): CodeBuilder {
  const f = mb.addFunction("sum_rows", {
    params: ["i32", "i32", "i32", "i32"],
    paramNames: ["ptrW", "ptrIdx", "n", "ptrOut"],
    export: true,
  });
  const [ptrW, ptrIdx, n, ptrOut] = [0, 1, 2, 3];
  const vectors = Math.floor(dim / 4);
  const acc = Array.from({ length: vectors }, (_, c) => f.local("v128", `acc${c}`));
  const tail = Array.from({ length: dim % 4 }, (_, t) => f.local("f32", `tail${t}`));
  const k = f.local("i32", "k");
  const row = f.local("i32", "row");
  const tailOffset = (t: number) => 4 * (4 * vectors + t);

  f.block((done) => {
    f.loop((next) => {
      f.localGet(k).localGet(n).i32GeU().brIf(done);
      // row = ptrW + idx[k] * dim * 4
      f.localGet(ptrW);
      f.localGet(ptrIdx).localGet(k).i32Const(2).i32Shl().i32Add().i32Load();
      f.i32Const(dim * 4).i32Mul().i32Add().localSet(row);
      // rows are only 4-byte aligned (68-byte stride), so say so in the memarg
      for (const [c, a] of acc.entries()) {
        f.localGet(a).localGet(row).v128Load({ offset: 16 * c, align: 4 }).f32x4Add().localSet(a);
      }
      for (const [t, s] of tail.entries()) {
        f.localGet(s).localGet(row).f32Load({ offset: tailOffset(t) }).f32Add().localSet(s);
      }
      f.localGet(k).i32Const(1).i32Add().localSet(k).br(next);
    });
  });
  for (const [c, a] of acc.entries()) {
    f.localGet(ptrOut).localGet(a).v128Store({ offset: 16 * c, align: 4 });
  }
  for (const [t, s] of tail.entries()) {
    f.localGet(ptrOut).localGet(s).f32Store({ offset: tailOffset(t) });
  }
  return f;
}

/** The same computation in plain JS, accumulating in f32 in the same order. */
function sumRowsJs(w: Float32Array, idx: Int32Array, dim: number): Float32Array {
  const out = new Float32Array(dim);
  for (const i of idx) {
    for (let j = 0; j < dim; j++) out[j] = Math.fround(out[j] + w[i * dim + j]);
  }
  return out;
}

/** Deterministic pseudo-random numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

Deno.test("sum_rows (D=17, f32x4 + scalar tail) matches a plain JS loop exactly", () => {
  const mb = sharedModule();
  const kernel = emitSumRows(mb, D);
  const memory = sharedMemory();
  const ex = instantiate(mb, memory);

  const vocab = 64;
  const [ptrW, ptrIdx, ptrOut] = [4096, 16384, 32772]; // ptrOut deliberately not 16-aligned
  const rand = lcg(17);
  const w = new Float32Array(memory.buffer, ptrW, vocab * D);
  w.forEach((_, i) => (w[i] = rand() * 2 - 1));
  for (const n of [0, 1, 7, 1000]) {
    const idx = new Int32Array(memory.buffer, ptrIdx, n);
    idx.forEach((_, i) => (idx[i] = Math.floor(rand() * vocab)));
    new Float32Array(memory.buffer, ptrOut, D).fill(NaN);
    ex.sum_rows(ptrW, ptrIdx, n, ptrOut);
    const actual = [...new Float32Array(memory.buffer, ptrOut, D)];
    assert.deepEqual(actual, [...sumRowsJs(w, idx, D)], `n = ${n}`);
  }

  const text = kernel.toText();
  assert.match(text, /^\(func \$sum_rows \(param \$ptrW i32\) \(param \$ptrIdx i32\)/);
  assert.match(text, /\n {6}v128\.load offset=48 align=4\n {6}f32x4\.add\n {6}local\.set \$acc3\n/);
  assert.match(text, /f32\.load offset=64/);
});
