/**
 * Outputs of the Wasm `matmul` tiles (kernels/wasm/matmul.ts): the epilogue
 * (bias, ReLU, mask) and store of a vector of four outputs or one, and the
 * reload of the partial sums stored by the previous pass over `k`.
 *
 * @module
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import type { MatmulFrame } from "./_matmul_frame.ts";

/** Sets `tmp` to the address of `C[u + r, j]`. */
function rowAddress(m: MatmulFrame, r: number): void {
  const { f } = m;
  f.localGet(m.pc).localGet(m.j).i32Const(4).i32Mul().i32Add();
  if (r > 0) f.localGet(m.n4).i32Const(r).i32Mul().i32Add();
  f.localSet(m.tmp);
}

/**
 * Stores row `r` of a tile: `out` (v128 of 4 columns at `j + 4 c + col`, or
 * an f32 of column `j + col`) to `C[u + r, ...]`, with the bias, ReLU and
 * mask when `epilogue`.
 */
export function storeOut(
  m: MatmulFrame,
  r: number,
  out: number,
  vector: boolean,
  c = 0,
  epilogue = true,
  col = 0,
): void {
  const { f, s } = m;
  const offset = 16 * c + 4 * col;
  rowAddress(m, r);
  f.localGet(m.tmp).localGet(out);
  if (vector) {
    if (epilogue && s.bias) addBias(m, offset, true);
    if (epilogue && s.relu) relu(f);
    if (epilogue && s.mask) {
      // t & ~(mask <= 0): +0 where the mask is at most 0.
      maskAddress(m);
      f.v128Load({ offset, align: 4 }).v128Const(new Uint8Array(16)).f32x4Le().v128Andnot();
    }
    f.v128Store({ offset, align: 4 });
  } else {
    if (epilogue && s.bias) addBias(m, offset, false);
    if (epilogue && s.relu) relu(f.f32x4Splat()).f32x4ExtractLane(0);
    if (epilogue && s.mask) maskScalar(m, offset);
    f.f32Store({ offset, align: 4 });
  }
}

/**
 * ReLU of the v128 on the stack, as `max(t, 0)` (NaN stays NaN, -0 becomes
 * +0): `pmax(t, 0) + 0` (`t < 0 ? 0 : t`, then -0 + 0 = +0), two instructions
 * on x86 where `f32x4.max` takes six.
 */
export function relu(f: CodeBuilder): CodeBuilder {
  return f.v128Const(new Uint8Array(16)).f32x4Pmax().v128Const(new Uint8Array(16)).f32x4Add();
}

/** Sets `out` to the partial sums stored by the previous pass over `k` (see `storeOut`). */
export function loadOut(
  m: MatmulFrame,
  r: number,
  out: number,
  vector: boolean,
  c = 0,
  col = 0,
): void {
  const { f } = m;
  const offset = 16 * c + 4 * col;
  rowAddress(m, r);
  f.localGet(m.tmp);
  if (vector) f.v128Load({ offset, align: 4 });
  else f.f32Load({ offset, align: 4 });
  f.localSet(out);
}

/**
 * The f32 on the stack, the output at `tmp + offset`, as `bits(t) & ((mask
 * <= 0) - 1)`: +0 where its mask element is at most 0.
 */
export function maskScalar(m: MatmulFrame, offset: number): void {
  const { f } = m;
  f.i32ReinterpretF32();
  maskAddress(m);
  f.f32Load({ offset, align: 4 }).f32Const(0).f32Le().i32Const(1).i32Sub().i32And();
  f.f32ReinterpretI32();
}

/** Pushes the address in `mask` of the output at `tmp` (the same offset as in `C`). */
function maskAddress(m: MatmulFrame): void {
  const { f, p } = m;
  f.localGet(m.tmp).localGet(p.C).i32Sub().localGet(m.mask).i32Add();
}

function addBias(m: MatmulFrame, offset: number, vector: boolean): void {
  const { f, p } = m;
  f.localGet(p.bias).localGet(m.j).i32Const(4).i32Mul().i32Add();
  if (vector) f.v128Load({ offset, align: 4 }).f32x4Add();
  else f.f32Load({ offset, align: 4 }).f32Add();
}
