/**
 * `fmaF32` (kernels/_fma.ts) against the hardware's fused `relaxed_madd`,
 * bit for bit, over cases built to be hard: exact midpoints between two
 * float32 reached with a nonzero remainder either side (the double rounding
 * it corrects), exact ties, subnormal results and operands, sums near the
 * overflow threshold, signed zeros, infinities and NaN, and random bit
 * patterns of every exponent. Without a fused `relaxed_madd` (another CPU)
 * it checks the same cases against a float64 oracle of the exact sum.
 */

import assert from "node:assert/strict";
import { fmaF32 } from "../../kernels/_fma.ts";
import { relaxedFmaFused } from "../../src/wasm/relaxed_fma.ts";
import { sharedMemory, sharedModule } from "../wasm/_helpers.ts";
import { rng } from "./_kernel_harness.ts";

const LANES = 1 << 16;
const u32 = new Uint32Array(1), f32 = new Float32Array(u32.buffer);
const fromBits = (b: number) => (u32[0] = b, f32[0]);
const bits = (x: number) => (f32[0] = x, u32[0]);
/** The float32 after `x` (toward +Infinity), for finite `x`. */
const up = (x: number) => x === 0 ? 2 ** -149 : fromBits(bits(x) + (x > 0 ? 1 : -1));

/** `relaxed_madd` of `LANES` lanes: `out[i] = a[i] * b[i] + c[i]` (arrays at 0, 1, 2, 3 × 4·LANES). */
function hardware(): (a: Float32Array, b: Float32Array, c: Float32Array) => Float32Array {
  const mb = sharedModule();
  const f = mb.addFunction("madd", { params: ["i32"], export: true });
  const n = 4 * LANES;
  f.block((done) => {
    f.loop((top) => {
      f.localGet(0).i32Const(n).i32GeU().brIf(done);
      f.localGet(0).localGet(0).v128Load({ offset: 0 }).localGet(0).v128Load({ offset: n });
      f.localGet(0).v128Load({ offset: 2 * n }).f32x4RelaxedMadd().v128Store({ offset: 3 * n });
      f.localGet(0).i32Const(16).i32Add().localSet(0).br(top);
    });
  });
  const memory = sharedMemory();
  memory.grow(Math.ceil(16 * LANES / 65536));
  const bytes = mb.toBytes() as BufferSource;
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    env: { memory },
  });
  const view = (k: number) => new Float32Array(memory.buffer, 4 * k * LANES, LANES);
  return (a, b, c) => {
    view(0).set(a), view(1).set(b), view(2).set(c);
    (exports.madd as (p: number) => void)(0);
    return view(3).slice();
  };
}

/** Hard cases, `LANES` of them: `kind` picks how each is built. */
function cases(r: () => number, kind: number): [Float32Array, Float32Array, Float32Array] {
  const a = new Float32Array(LANES), b = new Float32Array(LANES), c = new Float32Array(LANES);
  const any = () => fromBits((r() * 2 ** 32) >>> 0);
  const near = (e: number) => Math.fround((1 + r()) * 2 ** e * (r() < 0.5 ? -1 : 1));
  for (let i = 0; i < LANES; i++) {
    if (kind === 0) {
      [a[i], b[i], c[i]] = [any(), any(), any()];
    } else if (kind === 1 || kind === 2) {
      // a·b plus c within a rounding of a float32 midpoint: c is that distance, nudged.
      const e = kind === 1 ? Math.floor(r() * 60) - 30 : Math.floor(r() * 40) - 149 + 20;
      a[i] = near(Math.floor(e / 2));
      b[i] = near(e - Math.floor(e / 2));
      const p = a[i] * b[i], lo = Math.fround(p) <= p ? Math.fround(p) : -up(-Math.fround(p));
      const mid = (lo + up(lo)) / 2, d = Math.fround(mid - p), w = r();
      c[i] = w < 0.4 ? d : w < 0.6 ? up(d) : w < 0.8 ? -up(-d) : Math.fround(d * (1 + r()));
    } else if (kind === 3) {
      // Products near the largest float32 and beyond, plus small and large c.
      a[i] = near(63 + Math.floor(r() * 2));
      b[i] = near(63);
      c[i] = r() < 0.5 ? near(127) : Math.fround((r() - 0.5) * 2 ** (100 + r() * 27));
    } else {
      // Subnormal operands and results, signed zeros, infinities and NaN.
      const pool = [0, -0, Infinity, -Infinity, NaN, 2 ** -149, -(2 ** -149), 2 ** -126, 1, -1];
      const pick = () => r() < 0.3 ? pool[Math.floor(r() * pool.length)] : near(-140 + r() * 20);
      [a[i], b[i], c[i]] = [pick(), r() < 0.5 ? near(-5 + r() * 10) : pick(), pick()];
    }
  }
  return [a, b, c];
}

/** The exact `a * b + c` rounded to float32, where float64 holds it (an oracle without hardware). */
function oracle(a: number, b: number, c: number): number {
  const p = a * b, s = p + c;
  if (!Number.isFinite(s) || s === 0) return Math.fround(s);
  const v = s - p, e = (p - (s - v)) + (c - v), r = Math.fround(s);
  if (e === 0 || r === s) return r;
  const other = r < s ? up(r) : -up(-r);
  return Math.abs((s + e) - r) <= Math.abs((s + e) - other) ? r : other; // ties excluded by e != 0
}

Deno.test("fmaF32 equals the fused relaxed_madd bit for bit on hard and random cases", () => {
  const r = rng(90), madd = relaxedFmaFused() ? hardware() : undefined;
  let corrected = 0;
  for (let round = 0; round < 10; round++) {
    for (let kind = 0; kind < 5; kind++) {
      const [a, b, c] = cases(r, kind), want = madd?.(a, b, c);
      for (let i = 0; i < LANES; i++) {
        const got = fmaF32(a[i], b[i], c[i]), ref = want ? want[i] : oracle(a[i], b[i], c[i]);
        // Rounded to float64, then to float32: double rounding, which fmaF32 corrects.
        const twice = Math.fround(a[i] * b[i] + c[i]);
        if (!Object.is(got, twice) && !Number.isNaN(got)) corrected++;
        const same = Object.is(got, ref) || (Number.isNaN(got) && Number.isNaN(ref));
        if (!same) {
          assert.fail(`fmaF32(${a[i]}, ${b[i]}, ${c[i]}) = ${got}, hardware ${ref} (kind ${kind})`);
        }
      }
    }
  }
  // The cases do reach the double rounding that a float64 sum gets wrong.
  assert.ok(corrected > 1000, `only ${corrected} cases needed the correction`);
});

Deno.test("fmaF32 rounds once: midpoints, overflow, subnormals and signed zeros", () => {
  const A = 1 + 2 ** -12, max = fromBits(0x7f7fffff), ulp = 2 ** 104;
  assert.equal(fmaF32(A, A, -(1 + 2 ** -11)), 2 ** -24);
  // 1 + 2⁻²⁴ is a midpoint: an exact tie goes to even, a remainder decides.
  assert.equal(fmaF32(1, 1, 2 ** -24), 1);
  assert.equal(fmaF32(1 + 2 ** -23, 2 ** -30, 1 + 2 ** -24), 1 + 2 ** -23);
  assert.equal(fmaF32(-(1 + 2 ** -23), 2 ** -30, 1 + 2 ** -24), 1);
  // Just below the overflow threshold (max + ulp / 2) stays finite; at or above it overflows.
  assert.equal(fmaF32(-(2 ** -30), 2 ** -30, max + ulp / 2), max);
  assert.equal(fmaF32(2 ** -30, 2 ** -30, max + ulp / 2), Infinity);
  assert.equal(fmaF32(max, 2, -max), max);
  assert.equal(fmaF32(-max, 2, max), -max);
  // The smallest subnormal's half: ties to +0, a remainder rounds away.
  assert.ok(Object.is(fmaF32(2 ** -75, 2 ** -75, 0), 0));
  assert.equal(fmaF32(2 ** -75, 2 ** -75 + 2 ** -98, 0), 2 ** -149);
  assert.ok(Object.is(fmaF32(-(2 ** -75), 2 ** -75, -0), -0));
  assert.ok(Object.is(fmaF32(1, -0, -0), -0));
  assert.ok(Object.is(fmaF32(1, -1, 1), 0));
  assert.ok(Number.isNaN(fmaF32(0, Infinity, 1)));
  assert.ok(Number.isNaN(fmaF32(Infinity, 1, -Infinity)));
  assert.equal(fmaF32(Infinity, 2, 1), Infinity);
});
