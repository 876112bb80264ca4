/**
 * loadSafetensors (src/vectors/load_safetensors.ts): reads a file laid out
 * from PyTorch tensors exactly, converting other dtypes; rejects malformed
 * files with the byte offset.
 */

import assert from "node:assert/strict";
import { loadSafetensors } from "../../mod.ts";
import { FIXTURE, FIXTURES, rejects, tempFile } from "./_files.ts";
import { assertBitwise } from "../_numeric.ts";

Deno.test("loadSafetensors() reads PyTorch's tensors exactly, other dtypes converted", async () => {
  const got = await loadSafetensors(`${FIXTURES}weights.safetensors`);
  assert.deepEqual(Object.keys(got).sort(), Object.keys(FIXTURE.safetensors).sort());
  const ints = new Set(["ids", "i64", "u8"]);
  for (
    const [name, want] of Object.entries(FIXTURE.safetensors) as [
      string,
      { shape: number[]; values: number[] },
    ][]
  ) {
    const t = got[name];
    assert.deepEqual(t.shape, want.shape, name);
    assert.equal(t.dtype, ints.has(name) ? "int32" : "float32", name);
    const expected = ints.has(name) ? Int32Array.from(want.values) : Float32Array.from(want.values);
    assertBitwise(t.dataSync(), expected, name);
  }
});

function file(header: string, data: number[] = [], length?: number): string {
  const text = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(length ?? text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return tempFile(out, "t.safetensors");
}

Deno.test("loadSafetensors() rejects malformed files with the byte offset", async () => {
  const t = (dtype: string, shape: number[], offsets: number[]) =>
    JSON.stringify({ t: { dtype, shape, data_offsets: offsets } });
  const cases: [string, RegExp][] = [
    [tempFile(new Uint8Array([1, 2, 3])), /byte 0 of .*: the file has 3 bytes, fewer than the 8/],
    [file("{}", [], 1000), /byte 0 of .*: the header length is 1000 but only 2 bytes follow/],
    [file("{nope"), /byte 8 of .*: the header is not valid JSON/],
    [file("[1]"), /the header is not a JSON object/],
    [file(t("F8", [1], [0, 1]), [0]), /tensor "t" has dtype "F8", which is not supported/],
    [
      file(t("F32", [2], [0, 4]), [0, 0, 0, 0]),
      /tensor "t" of shape \[2\] needs 8 bytes but data_offsets span 4/,
    ],
    [file(t("F32", [-1], [0, 4]), [0, 0, 0, 0]), /has shape \[-1\]/],
    [
      file(t("F32", [1], [4, 8]), [0, 0, 0, 0, 0, 0, 0, 0]),
      /starts at data byte 4 but the previous one ends at 0/,
    ],
    [
      file(t("F32", [1], [0, 4]), [0, 0, 0, 0, 9]),
      /the tensors cover 4 data bytes but the file holds 5/,
    ],
    [
      file(t("I64", [1], [0, 8]), [0, 0, 0, 0, 1, 0, 0, 0]),
      /tensor "t" \(I64\): element 0 is 4294967296, outside int32/,
    ],
    [file(JSON.stringify({ __metadata__: { a: 1 } })), /__metadata__ must map strings to strings/],
  ];
  for (const [path, pattern] of cases) await rejects(loadSafetensors(path), RangeError, pattern);
  await rejects(loadSafetensors(null as never), TypeError, /loadSafetensors\(\): path is null/);
});
