/**
 * PyTorch-style printing, following `torch/_tensor_str.py` (1.13) with its
 * default options: `tensor([[ 0.1234, -1.5000], ...])`, integer-valued floats
 * as `1.`, scientific notation for wide ranges, widths taken from the finite
 * non-zero values, lines wrapped at 80 columns, and `...` summaries for large
 * tensors (more than 1000 elements, 3 edge items). The dtype suffix is
 * `dtype=int32` rather than `dtype=torch.int32`.
 */

const THRESHOLD = 1000;
const EDGE = 3;
const LINE_WIDTH = 80;
const PREFIX = "tensor(";

/** Formats one value, already padded to the common width. */
type Formatter = { readonly width: number; readonly format: (v: number) => string };

/**
 * Python's `"{:.4f}"`: the sign of -0 is kept and exact ties round to even
 * (`toFixed` rounds them up). For float32 values `v * 1e4` is exact, so ties
 * are seen exactly.
 */
function fixed(v: number): string {
  const t = Math.abs(v) * 1e4;
  if (t % 1 !== 0.5) return Object.is(v, -0) ? "-0.0000" : v.toFixed(4);
  const r = Math.floor(t) % 2 === 0 ? Math.floor(t) : Math.ceil(t);
  return `${v < 0 ? "-" : ""}${Math.floor(r / 1e4)}.${String(r % 1e4).padStart(4, "0")}`;
}

/** Python's `"{:.4e}"`: two-digit exponents, sign of -0 kept. */
function sci(v: number): string {
  const s = v.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
  return Object.is(v, -0) ? `-${s}` : s;
}

/** Python's `"{:.0f}"` of an integer-valued float. */
function whole(v: number): string {
  return Object.is(v, -0) ? "-0" : v.toFixed(0);
}

function nonFinite(v: number): string | undefined {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  return undefined;
}

/** PyTorch's `_Formatter`: the mode and width come from the values shown. */
function makeFormatter(values: readonly number[], dtype: string): Formatter {
  let width = 1;
  let body: (v: number) => string;
  if (dtype === "int32") {
    for (const v of values) width = Math.max(width, String(v).length);
    body = String;
  } else {
    const finite = values.filter((v) => Number.isFinite(v) && v !== 0);
    let max = -Infinity, min = Infinity;
    for (const v of finite) {
      const a = Math.abs(v);
      if (a > max) max = a;
      if (a < min) min = a;
    }
    const wide = finite.length > 0 && (max / min > 1000 || max > 1e8);
    const intMode = finite.every((v) => v === Math.ceil(v));
    if (intMode && !wide) {
      body = (v) => nonFinite(v) ?? `${whole(v)}.`;
      for (const v of finite) width = Math.max(width, whole(v).length + 1);
    } else if (wide || (!intMode && min < 1e-4)) {
      body = (v) => nonFinite(v) ?? sci(v);
      for (const v of finite) width = Math.max(width, sci(v).length);
    } else {
      body = (v) => nonFinite(v) ?? fixed(v);
      for (const v of finite) width = Math.max(width, fixed(v).length);
    }
  }
  return { width, format: (v) => body(v).padStart(width) };
}

/** Indices kept along a dimension of size n (all, or the edges around a gap marked -1). */
function keep(n: number, summarize: boolean): number[] {
  if (!summarize || n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, 2, -1, n - 3, n - 2, n - 1];
}

/** Formats a tensor's values like PyTorch's `repr`. */
export function formatTensor(
  data: ArrayLike<number>,
  shape: readonly number[],
  dtype: string,
): string {
  const suffix = dtype === "int32" ? ", dtype=int32" : "";
  if (data.length === 0) {
    const size = shape.length === 1 ? "" : `, size=(${shape.join(", ")})`;
    return `${PREFIX}[]${size}${suffix})`;
  }
  const summarize = data.length > THRESHOLD;
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const shown: number[] = [];
  const visit = (depth: number, base: number): void => {
    if (depth === shape.length) {
      shown.push(data[base]);
      return;
    }
    for (const i of keep(shape[depth], summarize)) {
      if (i >= 0) visit(depth + 1, base + i * strides[depth]);
    }
  };
  visit(0, 0);
  const f = makeFormatter(shown, dtype);
  const render = (depth: number, base: number, indent: number): string => {
    if (depth === shape.length) return f.format(data[base]);
    const items = keep(shape[depth], summarize);
    if (depth === shape.length - 1) {
      const cells = items.map((i) => (i < 0 ? " ..." : f.format(data[base + i * strides[depth]])));
      const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (f.width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < cells.length; i += perLine) {
        lines.push(cells.slice(i, i + perLine).join(", "));
      }
      return `[${lines.join(`,\n${" ".repeat(indent + 1)}`)}]`;
    }
    const parts = items.map((
      i,
    ) => (i < 0 ? "..." : render(depth + 1, base + i * strides[depth], indent + 1)));
    const gap = `,${"\n".repeat(shape.length - depth - 1)}${" ".repeat(indent + 1)}`;
    return `[${parts.join(gap)}]`;
  };
  return `${PREFIX}${render(0, 0, PREFIX.length)}${suffix})`;
}
