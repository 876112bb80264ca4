/**
 * Lowering of elementwise nodes: an `ewise` node and the `ewise` producers
 * fused into it (pattern "elementwise chains") compose into one program of
 * the `elementwise` kernel, each leaf input read with its own broadcast
 * pattern against the output's shape. `expand` and `reshape` are the same
 * kernel running `copy x0`.
 *
 * @module
 */

import { launch, type Lowering, size } from "../../schedule/_lowering.ts";

/** An operand token (`xK`, `tJ` or a number) of a program instruction. */
const isInput = (t: string) => /^x\d+$/.test(t);

/** Composes the program of `v`, splicing in inlined elementwise producers. */
function compose(L: Lowering, v: number): { program: string; leaves: number[]; fused: number[] } {
  const lines: string[] = [], leaves: number[] = [], fused: number[] = [];
  const memo = new Map<number, string>();
  const emit = (pos: number): string => {
    const hit = memo.get(pos);
    if (hit !== undefined) return hit;
    const node = L.node(pos);
    let token: string;
    if (pos !== v && (node.role !== "inlined" || node.op !== "ewise")) {
      let k = leaves.indexOf(pos);
      if (k < 0) k = leaves.push(pos) - 1;
      token = `x${k}`;
    } else {
      if (pos !== v) fused.push(pos);
      const own = (node.attrs.prog as string).split(";").map((l) => l.trim().split(/\s+/));
      const local: string[] = [];
      for (const [op, ...operands] of own) {
        const mapped = operands.map((t) =>
          isInput(t)
            ? emit(node.inputs[Number(t.slice(1))])
            : t[0] === "t"
            ? local[Number(t.slice(1))]
            : t
        );
        lines.push(`${op} ${mapped.join(" ")}`);
        local.push(`t${lines.length - 1}`);
      }
      token = local[local.length - 1];
    }
    memo.set(pos, token);
    return token;
  };
  emit(v);
  return { program: lines.join("; "), leaves, fused: fused.sort((a, b) => a - b) };
}

/** A leaf's broadcast pattern against the output shape (`b`: broadcast dim). */
function pattern(leaf: readonly number[], out: readonly number[]): string {
  let p = "";
  for (let i = 0; i < out.length; i++) {
    const j = i - (out.length - leaf.length);
    p += (j < 0 ? 1 : leaf[j]) === 1 && out[i] !== 1 ? "b" : "f";
  }
  return p;
}

/** Appends the `elementwise` step computing value `v` from `program` over `leaves`. */
export function elementwiseStep(
  L: Lowering,
  v: number,
  program: string,
  leaves: readonly number[],
  shapes: readonly (readonly number[])[],
  flat = false,
  fused: readonly number[] = [],
): void {
  const out = flat || shapes[v].length === 0 ? [size(shapes[v])] : shapes[v];
  const rank = out.length;
  const bcast = leaves.map((x) => flat ? "f" : pattern(shapes[x], out)).join(",");
  const dtypes = leaves.map((x) => L.node(x).dtype === "int32" ? "i" : "f").join("");
  const covers = [...fused, v];
  L.step(
    "elementwise",
    { program, rank, bcast, dtypes },
    covers,
    { reads: leaves.map((x) => L.v(x)), writes: [L.v(v)] },
    (c) => {
      const s = c.shape(v), dims = flat || s.length === 0 ? [size(s)] : s;
      return launch([c.ptr(v), ...leaves.map((x) => c.ptr(x)), ...dims], size(s), "even");
    },
  );
}

/** Lowers an `ewise` node with the producers fused into it. */
export function lowerEwise(
  L: Lowering,
  v: number,
  shapes: readonly (readonly number[])[],
): void {
  const { program, leaves, fused } = compose(L, v);
  elementwiseStep(L, v, program, leaves, shapes, false, fused);
}
