/**
 * The int8 copy of a table's unit rows that the two-stage `mostSimilar`
 * search scans first (see `_two_stage.ts`), built by the `quantise_rows`
 * kernel (its doc gives the arithmetic): row `r` is stored as codes
 * `c[r, d]` in [-127, 127] with a float32 scale `s[r]`, so that
 * `s[r] * c[r]` approximates the unit row `u[r] = v[r] / |v[r]|`, and with
 * an upper bound `errors[r] >= |u[r] - s[r] * c[r]|`. Rows are padded with
 * zeros to `P` bytes, a multiple of 16. A row whose norm is zero, not
 * finite, or outside [1e-20, 1e30] gets codes and scale 0 and an infinite
 * error bound: the search then always rescores it exactly.
 */

import type { Tensor } from "../tensor/tensor.ts";
import { arena } from "../memory/arena.ts";
import { Storage } from "../memory/storage.ts";
import { currentExecutor } from "../runtime/config.ts";
import { launcher } from "../schedule/_launcher.ts";
import { quantiseRows as quantise } from "../../kernels/quantise_rows.ts";
import { withTablePtr } from "./_scores.ts";
import { yieldToEventLoop } from "../runtime/_turn.ts";

/** An int8 copy of a `[V, D]` table's unit rows. */
export interface Int8Table {
  /** Row width in bytes: `D` rounded up to a multiple of 16. */
  readonly P: number;
  /** `V * P` signed bytes. */
  readonly codes: Storage;
  /** `V` float32 row scales. */
  readonly scales: Storage;
  /** `[V]` upper bounds of each row's quantisation error norm (Infinity: always rescored). */
  readonly errors: Float32Array;
  /** Bytes held: codes, scales and error bounds. */
  readonly bytes: number;
}

/** Rows per launch. */
const BLOCK = 8192;

/** Row width in bytes of the int8 copy of rows of `D` values. */
const paddedWidth = (D: number) => Math.ceil(D / 16) * 16;

/** Bytes the int8 copy of a `[V, D]` table holds (`Int8Table.bytes`). */
export function int8Bytes(V: number, D: number): number {
  return V * (paddedWidth(D) + 8);
}

/** Builds the int8 copy of the unit rows of a `[V, D]` float32 table. */
export async function quantiseRows(vectors: Tensor<"float32">, who: string): Promise<Int8Table> {
  const [V, D] = vectors.shape;
  const P = paddedWidth(D);
  // Arena blocks of their own, outside the budgets of tensors (see `_reclaim.ts`): a copy
  // born on the JavaScript heap would be copied into the arena on the calling thread, where
  // the first touch of its fresh pages is most of the build's time; here the kernels'
  // stores on the Workers touch them.
  const codes = Storage.alloc(V * P, who), scales = Storage.alloc(4 * V, who);
  const errors = Storage.alloc(4 * V, who);
  const spec = { D, P };
  await withTablePtr(vectors, who, async (W) => {
    const launch = launcher(quantise, spec);
    const c = codes.ptr, s = scales.ptr, e = errors.ptr;
    // In blocks, with a turn of the event loop between them: a single long call would run
    // V8's baseline Wasm code throughout (optimised code is installed between calls).
    for (let r = 0; r < V; r += BLOCK) {
      const n = Math.min(BLOCK, V - r);
      const args = { W: W + 4 * r * D, codes: c + r * P, scales: s + 4 * r, errors: e + 4 * r };
      await currentExecutor().run(quantise.name, spec, launch(args, n, "even", 4 * n * D));
      await yieldToEventLoop();
    }
  });
  const bounds = arena().heap.f32.slice(errors.ptr / 4, errors.ptr / 4 + V);
  errors.dispose();
  return { P, codes, scales, errors: bounds, bytes: int8Bytes(V, D) };
}
