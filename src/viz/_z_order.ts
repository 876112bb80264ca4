/**
 * A Z-order (Morton order) of 2-D points: points next to each other in it
 * are near each other in the plane, so their Barnes-Hut walks visit nearly
 * the same cells (the Wasm repulsion walks two points at once). The order
 * changes only which points go together, never a point's result.
 */

/** Bits per axis of the grid the points are snapped to. */
const BITS = 13;

/** Spreads the low 16 bits of `v` to the even bit positions. */
function spread(v: number): number {
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  return (v | (v << 1)) & 0x55555555;
}

/**
 * Writes into `order` the indices `0 .. n − 1` sorted by the Z-order of
 * `(px[i], py[i])` (ties by index); `keys` is scratch of `n` float64.
 */
export function zOrder(
  px: Float64Array,
  py: Float64Array,
  n: number,
  keys: Float64Array,
  order: Int32Array,
): void {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, px[i]), x1 = Math.max(x1, px[i]);
    y0 = Math.min(y0, py[i]), y1 = Math.max(y1, py[i]);
  }
  const top = (1 << BITS) - 1;
  const sx = x1 > x0 ? top / (x1 - x0) : 0, sy = y1 > y0 ? top / (y1 - y0) : 0;
  // key·2^27 + i is exact in float64 (26 + 27 bits) for n up to 2^27.
  const slot = 2 ** 27;
  for (let i = 0; i < n; i++) {
    const gx = Math.min(top, Math.max(0, Math.floor((px[i] - x0) * sx)));
    const gy = Math.min(top, Math.max(0, Math.floor((py[i] - y0) * sy)));
    keys[i] = (spread(gx) * 2 + spread(gy)) * slot + i;
  }
  const sorted = keys.subarray(0, n).sort();
  for (let k = 0; k < n; k++) order[k] = sorted[k] % slot;
}
