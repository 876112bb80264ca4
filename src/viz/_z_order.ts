/**
 * A Z-order (Morton order) of 2-D points: points next to each other in it
 * are near each other in the plane, so their Barnes-Hut walks visit nearly
 * the same cells (the Wasm repulsion walks sixteen points at once, the
 * quadtree takes the points in this order). The order changes which points
 * go together, never a point's result in the walk; the tree's barycentres
 * follow the order of insertion.
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

/** Element moves an insertion sort may make per point before a full sort takes over. */
const MOVES_PER_POINT = 8;

/**
 * Writes into `order` the indices `0 .. n − 1` sorted by the Z-order of
 * `(px[i], py[i])` (ties by index); `keys` is scratch of `n` float64. With
 * `previous` true, `order` holds an earlier Z-order of the same points:
 * their keys are sorted from it by insertion (points move little between
 * two orders, so few keys move), and only if that moves too many (more than
 * `MOVES_PER_POINT · n`) by a full sort. The keys are distinct, so either
 * way gives the one sorted order.
 */
export function zOrder(
  px: Float64Array,
  py: Float64Array,
  n: number,
  keys: Float64Array,
  order: Int32Array,
  previous = false,
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
  for (let k = 0; k < n; k++) {
    const i = previous ? order[k] : k;
    const gx = Math.min(top, Math.max(0, Math.floor((px[i] - x0) * sx)));
    const gy = Math.min(top, Math.max(0, Math.floor((py[i] - y0) * sy)));
    keys[k] = (spread(gx) * 2 + spread(gy)) * slot + i;
  }
  if (!(previous && insertionSort(keys, n, MOVES_PER_POINT * n))) keys.subarray(0, n).sort();
  for (let k = 0; k < n; k++) order[k] = keys[k] % slot;
}

/** Sorts `keys[0 .. n)` by insertion unless that takes more than `budget` moves; whether it did. */
function insertionSort(keys: Float64Array, n: number, budget: number): boolean {
  for (let k = 1; k < n; k++) {
    const key = keys[k];
    let at = k;
    while (at > 0 && keys[at - 1] > key) {
      keys[at] = keys[at - 1];
      at--;
    }
    keys[at] = key;
    budget -= k - at;
    if (budget < 0) return false;
  }
  return true;
}
