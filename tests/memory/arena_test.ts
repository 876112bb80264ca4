/** Tests of the arena allocator: alignment, reuse, coalescing, growth and the 4 GiB limit. */

import assert from "node:assert/strict";
import { ARENA_LIMIT_BYTES, randn, randUniform, zeros } from "../../mod.ts";
import { ALIGN, Arena, arena } from "../../src/memory/arena.ts";
import { assertThrowsClean } from "../_helpers.ts";

Deno.test("Arena.alloc() hands out 64-byte aligned, non-overlapping blocks and never offset 0", () => {
  const a = new Arena(1);
  const sizes = [1, 64, 65, 100, 0, 640];
  const ptrs = sizes.map((n) => a.alloc(n, "test()"));
  const rounded = sizes.map((n) => Math.max(ALIGN, Math.ceil(n / ALIGN) * ALIGN));
  assert.ok(ptrs.every((p) => p > 0 && p % 64 === 0));
  for (let i = 1; i < ptrs.length; i++) {
    assert.ok(ptrs[i] >= ptrs[i - 1] + rounded[i - 1], "blocks overlap");
  }
  assert.equal(a.liveBytes, rounded.reduce((x, y) => x + y, 0));
});

Deno.test("Arena.free() makes a block reusable, first fit, splitting larger free blocks", () => {
  const a = new Arena(1);
  const [p1, p2, p3, p4] = [128, 256, 64, 64].map((n) => a.alloc(n, "test()"));
  a.free(p2, 256);
  assert.equal(a.alloc(256, "test()"), p2, "the freed block is reused");
  a.free(p2, 256);
  assert.equal(a.alloc(64, "test()"), p2, "a smaller request is carved from its start");
  assert.equal(a.alloc(128, "test()"), p2 + 64, "and the rest is still free");
  assert.equal(a.alloc(128, "test()"), p4 + 64, "a request that does not fit goes to the top");
  assert.equal(a.liveBytes, 128 + 64 + 128 + 64 + 64 + 128);
  assert.ok(p1 < p2 && p3 > p2);
});

Deno.test("Arena.free() coalesces neighbouring free blocks, in any order", () => {
  for (const order of [[0, 1, 2], [2, 1, 0], [0, 2, 1], [1, 0, 2]]) {
    const a = new Arena(1);
    const blocks = [64, 128, 192].map((n) => [a.alloc(n, "test()"), n]);
    const guard = a.alloc(64, "test()"); // keeps the three off the top
    for (const i of order) a.free(blocks[i][0], blocks[i][1]);
    assert.equal(a.alloc(384, "test()"), blocks[0][0], `order ${order}: one merged block`);
    assert.equal(a.liveBytes, 384 + 64);
    assert.ok(guard > blocks[2][0]);
  }
});

Deno.test("Arena.free() of the top block lowers the top, swallowing a free block below it", () => {
  const a = new Arena(1);
  const p1 = a.alloc(64, "test()"), p2 = a.alloc(64, "test()"), p3 = a.alloc(64, "test()");
  a.free(p2, 64);
  a.free(p3, 64);
  assert.equal(a.alloc(1024, "test()"), p2, "the top came down to p2");
  a.free(p2, 1024);
  a.free(p1, 64);
  assert.equal(a.liveBytes, 0);
  assert.equal(a.alloc(64, "test()"), p1, "everything is free again");
});

Deno.test("Arena grows its memory when needed and refreshes the heap views", () => {
  const a = new Arena(1);
  const sizes: number[] = [];
  a.onGrow = (n) => sizes.push(n);
  const before = a.heap;
  const p = a.alloc(200_000, "test()");
  assert.ok(a.byteLength >= p + 200_000 && a.byteLength % 65536 === 0);
  assert.deepEqual(sizes, [a.byteLength]);
  assert.notEqual(a.heap, before);
  assert.equal(a.heap.f32.length * 4, a.byteLength);
  a.heap.u8[p + 199_999] = 7; // addressable
  assert.equal(a.heap.u8[p + 199_999], 7);
});

Deno.test("Arena.alloc() past 4 GiB throws a RangeError naming the caller, without allocating", () => {
  const a = new Arena(1);
  a.alloc(100, "test()");
  const [bytes, live] = [a.byteLength, a.liveBytes];
  assertThrowsClean(
    () => a.alloc(2 ** 32, "someOp()"),
    RangeError,
    /^someOp\(\): cannot allocate 4\.00 GiB: the tensor arena is limited to 4 GiB \(32-bit WebAssembly memory\) and 128 bytes are in use$/,
  );
  assert.deepEqual([a.byteLength, a.liveBytes], [bytes, live]);
  assert.equal(ARENA_LIMIT_BYTES, 2 ** 32);
});

Deno.test("zeros(), randn() and randUniform() past 4 GiB throw a clear RangeError", () => {
  const [bytes, live] = [arena().byteLength, arena().liveBytes];
  const big = [2 ** 30 + 16];
  assertThrowsClean(
    () => zeros(big),
    RangeError,
    /^zeros\(\): shape \[1073741840\] needs 1073741840 elements \(4294967360 bytes\) but a tensor must stay below 4 GiB/,
  );
  assertThrowsClean(
    () => randn([2 ** 20, 2 ** 10 + 1]),
    RangeError,
    /^randn\(\): shape \[1048576,1025\] needs .* must stay below 4 GiB/,
  );
  assertThrowsClean(() => randUniform(big), RangeError, /^randUniform\(\): .*4 GiB/);
  assertThrowsClean(
    () => zeros([2 ** 31, 2 ** 31]),
    RangeError,
    /^zeros\(\): shape\[0\] is 2147483648 but must be at most 2\^31 - 1$/,
  );
  assert.deepEqual([arena().byteLength, arena().liveBytes], [bytes, live], "nothing was allocated");
});
