/**
 * Eigendecomposition of a real symmetric matrix: Householder reduction to
 * tridiagonal form, then the implicit QL algorithm (EISPACK tred2/tql2, as in
 * JAMA). Eigenvalues come back in descending order with their unit
 * eigenvectors as the columns of `vectors` (row-major `n × n`).
 */

/** Eigenvalues (descending) and eigenvectors (columns) of a symmetric matrix. */
export interface SymmetricEigen {
  values: Float64Array;
  vectors: Float64Array;
}

// tred2's and tql2's loops over a column are functions of their own: as inner loops, V8
// compiled them on stack replacement and dropped that code at each exit (some 200 times a
// 100 × 100 decomposition), and the first calls in a process ran mostly unoptimised.

/** tred2: column j's products with the Householder vector `d` (into `e`). */
function columnProducts(
  n: number,
  v: Float64Array,
  d: Float64Array,
  e: Float64Array,
  i: number,
  j: number,
): void {
  const f = d[j];
  v[j * n + i] = f;
  let g = e[j] + v[j * n + j] * f;
  for (let k = j + 1; k <= i - 1; k++) {
    g += v[k * n + j] * d[k];
    e[k] += v[k * n + j] * f;
  }
  e[j] = g;
}

/** tred2: column j less its rank-two update. */
function reduceColumn(
  n: number,
  v: Float64Array,
  d: Float64Array,
  e: Float64Array,
  i: number,
  j: number,
): void {
  const f = d[j], g = e[j];
  for (let k = j; k <= i - 1; k++) v[k * n + j] -= f * e[k] + g * d[k];
  d[j] = v[(i - 1) * n + j];
  v[i * n + j] = 0;
}

/** tred2's accumulation: column j of the transform reflected by column i + 1. */
function reflectColumn(n: number, v: Float64Array, d: Float64Array, i: number, j: number): void {
  let g = 0;
  for (let k = 0; k <= i; k++) g += v[k * n + i + 1] * v[k * n + j];
  for (let k = 0; k <= i; k++) v[k * n + j] -= g * d[k];
}

/** Householder tridiagonalisation: `v` becomes the transform, `d`/`e` the tridiagonal. */
function tred2(n: number, v: Float64Array, d: Float64Array, e: Float64Array): void {
  for (let j = 0; j < n; j++) d[j] = v[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0, h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = v[(i - 1) * n + j];
        v[i * n + j] = 0;
        v[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) columnProducts(n, v, d, e, i, j);
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) reduceColumn(n, v, d, e, i, j);
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    v[(n - 1) * n + i] = v[i * n + i];
    v[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = v[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) reflectColumn(n, v, d, i, j);
    }
    for (let k = 0; k <= i; k++) v[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = v[(n - 1) * n + j];
    v[(n - 1) * n + j] = 0;
  }
  v[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/**
 * Rotates columns `i` and `i + 1` of `v` by (c, s). (A function of its own:
 * as a loop inside `tql2`'s, V8 compiled it on stack replacement and dropped
 * that code at each exit, some 200 times a 100 × 100 decomposition.)
 */
function rotateColumns(n: number, v: Float64Array, i: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const row = k * n, h = v[row + i + 1];
    v[row + i + 1] = s * v[row + i] + c * h;
    v[row + i] = c * v[row + i] - s * h;
  }
}

/** Implicit QL iterations on the tridiagonal `d`/`e`, accumulating into `v`. */
function tql2(n: number, v: Float64Array, d: Float64Array, e: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0, tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      let iterations = 0;
      do {
        if (++iterations > 60) throw new Error("pca(): the eigendecomposition did not converge");
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          rotateColumns(n, v, i, c, s);
        }
        p = -s * s2 * c3 * el1 * e[l] / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/** Eigendecomposition of the symmetric `n × n` row-major matrix `a` (not modified). */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  const v = Float64Array.from(a);
  const d = new Float64Array(n), e = new Float64Array(n);
  if (n > 0) {
    tred2(n, v, d, e);
    tql2(n, v, d, e);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[y] - d[x]);
  const values = new Float64Array(n), vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src];
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src];
  });
  return { values, vectors };
}
