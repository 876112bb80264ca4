/**
 * PyTorch-style printing: `tensor([[ 0.1234, -1.5000], ...])`, integer-valued
 * floats as `1.`, scientific notation for wide ranges, `...` summaries for
 * large tensors (more than 1000 elements, 3 edge items).
 */

const THRESHOLD = 1000;
const EDGE = 3;
const PREFIX = "tensor(";

type Mode = "int" | "whole" | "fixed" | "sci";

function chooseMode(values: ArrayLike<number>, dtype: string): Mode {
  if (dtype === "int32") return "int";
  let maxAbs = 0, minAbs = Infinity, whole = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (a !== 0 && a < minAbs) minAbs = a;
    if (whole && v !== Math.trunc(v)) whole = false;
  }
  if (whole) return maxAbs >= 1e8 ? "sci" : "whole";
  if (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1000) return "sci";
  return "fixed";
}

function formatValue(v: number, mode: Mode): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  switch (mode) {
    case "int":
      return String(v);
    case "whole":
      return `${Object.is(v, -0) ? "-0" : v.toFixed(0)}.`;
    case "fixed":
      return v.toFixed(4);
    case "sci":
      return v.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
  }
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
  const n = data.length;
  if (n === 0) {
    const size = shape.length === 1 ? "" : `, size=(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
    return `${PREFIX}[]${size}${suffix})`;
  }
  const summarize = n > THRESHOLD;
  const mode = chooseMode(data, dtype);
  // Width from the values that will be shown.
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  let width = 0;
  const visit = (depth: number, base: number, fn: (flat: number) => void) => {
    if (depth === shape.length) return fn(base);
    for (const i of keep(shape[depth], summarize)) {
      if (i >= 0) visit(depth + 1, base + i * strides[depth], fn);
    }
  };
  visit(0, 0, (flat) => {
    width = Math.max(width, formatValue(data[flat], mode).length);
  });
  const cell = (flat: number) => formatValue(data[flat], mode).padStart(width);
  const indent = PREFIX.length;
  const render = (depth: number, base: number): string => {
    if (depth === shape.length) return cell(base);
    const parts = keep(shape[depth], summarize).map((i) =>
      i < 0 ? "..." : render(depth + 1, base + i * strides[depth])
    );
    if (depth === shape.length - 1) return `[${parts.join(", ")}]`;
    const gap = ",".padEnd(1 + Math.max(1, shape.length - depth - 1), "\n");
    return `[${parts.join(gap + " ".repeat(indent + depth + 1))}]`;
  };
  return `${PREFIX}${render(0, 0)}${suffix})`;
}
