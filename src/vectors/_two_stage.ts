/**
 * The two-stage exact search behind `mostSimilar` on large tables. A float32
 * scan of the table is bound by memory bandwidth (4 bytes a value); this
 * scans an int8 copy of the unit rows instead (`_int8_table.ts`, 1 byte a
 * value) with an int16 copy of the query (`dot_rows_i8`), and bounds each
 * row's error rigorously:
 *
 *     |exact - approx| <= errors[r] * (|q| + |q - q'|) + |q - q'| + delta
 *
 * where `q'` is the quantised query and `delta` bounds the float32 rounding
 * of the exact kernel (`gamma(D + 3) * |q|`, any summation order) and of the
 * approximate score. Every row whose upper bound reaches the k-th best lower
 * bound is rescored with the exact kernel (`dot_rows`, the same float32
 * arithmetic as the one-stage scan) and ranked as before, so the results are
 * bit for bit those of the full float32 scan. When too many rows qualify
 * (near-ties over much of the table, a zero query), the caller scans
 * exactly instead.
 */

import { currentExecutor, currentSyncExecutor } from "../runtime/config.ts";
import { launcher } from "../schedule/_launcher.ts";
import { dotRows } from "../../kernels/dot_rows.ts";
import { dotRowsI8 } from "../../kernels/dot_rows_i8.ts";
import type { TwoStageTable } from "./_two_stage_cache.ts";
import { ptrOf, topK } from "./_scores.ts";

/** Largest `topn` the two-stage search takes. */
const TWO_STAGE_MAX_K = 512;

/** `gamma(n) = n u / (1 - n u)`, u = 2^-24: the float32 bound of an n-term dot product. */
const gamma = (n: number) => (n * 2 ** -24) / (1 - n * 2 ** -24);

/**
 * The `k` best rows of `[0, rows)` by the exact score `dot(v[r], q) /
 * norms[r]` (best first, equal scores: lower row first, NaN and `exclude`
 * skipped), with their scores; or `null` when the search declines (the
 * caller then scans exactly).
 */
export async function twoStageTop(
  t: TwoStageTable,
  query: Float32Array,
  rows: number,
  k: number,
  exclude: ReadonlySet<number>,
  who: string,
): Promise<{ rows: number[]; scores: number[] } | null> {
  const [, D] = t.vectors.shape, { P, errors } = t.int8;
  if (k > TWO_STAGE_MAX_K || k >= rows || (D + 3) * 2 ** -24 >= 0.5) return null;
  // The query, to int16 codes bounded so that the int32 sums cannot overflow.
  let qq = 0, qmax = 0;
  for (let d = 0; d < D; d++) {
    qq += query[d] * query[d];
    qmax = Math.max(qmax, Math.abs(query[d]));
  }
  const qn = Math.sqrt(qq);
  if (!(qn > 0 && qn < 1e30)) return null;
  const limit = Math.min(32767, Math.floor((2 ** 31 - 1) / (127 * P)));
  const step = qmax / limit;
  const qBuf = t.scratch.i32("q16", P / 2, who), q16 = new Int16Array(P);
  let eq = 0;
  for (let d = 0; d < D; d++) {
    q16[d] = Math.round(query[d] / step);
    eq += (query[d] - step * q16[d]) ** 2;
  }
  qBuf.dataSync().set(new Int32Array(q16.buffer));
  const qErr = Math.sqrt(eq) * (1 + 1e-9);
  // Bounds in the kernel's units (approx / step): b[r] = errors[r] * c1 + c0.
  const round = 2 ** -21 * (qn + qErr);
  const c1 = ((qn + qErr) * (1 + 1e-6) + round) / step;
  const c0 = (qErr * (1 + 1e-6) + gamma(D + 3) * qn * (1 + 1e-6) + round + 1e-20) / step;

  const approx = t.scratch.f32("approx", rows, who);
  const spec = { P },
    args = {
      W: t.int8.codes.ptr,
      q: ptrOf(qBuf),
      scale: t.int8.scales.ptr,
      out: ptrOf(approx),
    };
  await currentExecutor().run(
    dotRowsI8.name,
    spec,
    launcher(dotRowsI8, spec)(args, rows, "even", (rows * P) >> 2),
  );
  const cand = select(approx.dataSync(), errors, rows, k, c0, c1, exclude);
  return cand && rescore(t, query, cand, k, who);
}

/**
 * The rows whose upper bound reaches the k-th best lower bound (rows in
 * `exclude` left out), in row order; `null` when more than the budget of
 * rows qualify.
 */
function select(
  a: Float32Array,
  errors: Float32Array,
  rows: number,
  k: number,
  c0: number,
  c1: number,
  exclude: ReadonlySet<number>,
): number[] | null {
  const budget = Math.max(4096, 8 * k);
  const lows: number[] = []; // the k best lower bounds, ascending
  let floor = -Infinity, cand: number[] = [];
  for (let r = 0; r < rows; r++) {
    const x = a[r], b = errors[r] * c1 + c0;
    if (x + b < floor || exclude.has(r)) continue;
    cand.push(r);
    const lo = x - b;
    if (lo > floor || lows.length < k) {
      let at = lows.length;
      while (at > 0 && lows[at - 1] > lo) at--;
      lows.splice(at, 0, lo);
      if (lows.length > k) lows.shift();
      if (lows.length === k) floor = lows[0];
    }
    if (cand.length > budget) {
      cand = cand.filter((c) => a[c] + (errors[c] * c1 + c0) >= floor);
      if (cand.length > budget / 2) return null;
    }
  }
  return cand.filter((c) => a[c] + (errors[c] * c1 + c0) >= floor);
}

/** Exact scores of the candidates (the `dot_rows` kernel on a gathered copy), ranked. */
function rescore(
  t: TwoStageTable,
  query: Float32Array,
  cand: number[],
  k: number,
  who: string,
): { rows: number[]; scores: number[] } {
  const D = t.vectors.shape[1], m = cand.length;
  const w = t.vectors.dataSync(), n = t.norms.dataSync();
  const W = t.scratch.f32("rows", m * D, who), N = t.scratch.f32("norms", m, who);
  const q = t.scratch.f32("q", D, who), out = t.scratch.f32("scores", m, who);
  const wv = W.dataSync(), nv = N.dataSync();
  for (let i = 0; i < m; i++) {
    wv.set(w.subarray(cand[i] * D, cand[i] * D + D), i * D);
    nv[i] = n[cand[i]];
  }
  q.dataSync().set(query);
  const spec = { D };
  const args = { W: ptrOf(W), q: ptrOf(q), norms: ptrOf(N), out: ptrOf(out) };
  currentSyncExecutor().run(dotRows.name, spec, launcher(dotRows, spec)(args, m, "single"));
  const s = out.dataSync().subarray(0, m);
  const best = topK(s, m, k, new Set());
  return { rows: best.map((i) => cand[i]), scores: best.map((i) => s[i]) };
}
