/**
 * The vjp of a one-instruction elementwise node, as PyTorch 1.13 defines
 * each derivative (`relu` has gradient 0 at 0; `maximum`/`minimum` split
 * the gradient evenly on ties; `pow`'s base gradient is 0 where the exponent
 * is 0, its exponent gradient 0 where the base is 0 and the exponent non-negative). Each input's cotangent is summed down
 * to its own shape when it was broadcast; constants and comparisons get none.
 *
 * @module
 */

import type { Node } from "../node.ts";
import type { NodeOf } from "../primitive.ts";
import { ew, sumTo } from "../_build.ts";

/** `need[i]`: whether operand i's cotangent is used (rules may build the others anyway). */
type Rule = (g: Node, a: Node[], out: Node, need: readonly boolean[]) => (Node | null)[];

const SQRT1_2 = Math.SQRT1_2,
  INV_SQRT_2PI = 0.3989422804014327,
  TWO_OVER_SQRT_PI = 1.1283791670955126;

/** Rules by op: `g` the cotangent, `a` the operands, `out` the node itself. */
const RULES: Record<string, Rule> = {
  copy: (g, [x]) => [x.dtype === "int32" ? null : g],
  neg: (g) => [ew("neg x0", g)],
  add: (g) => [g, g],
  sub: (g, _a, _out, need) => [g, need[1] ? ew("neg x0", g) : null],
  mul: (g, [x, y], _out, need) => [
    need[0] ? ew("mul x0 x1", g, y) : null,
    need[1] ? ew("mul x0 x1", g, x) : null,
  ],
  div: (g, [x, y], _out, need) => [
    need[0] ? ew("div x0 x1", g, y) : null,
    need[1] ? ew("neg x0", ew("div x0 x1", ew("mul x0 x1", g, x), ew("square x0", y))) : null,
  ],
  exp: (g, _a, out) => [ew("mul x0 x1", g, out)],
  log: (g, [x]) => [ew("div x0 x1", g, x)],
  sqrt: (g, _a, out) => [ew("div x0 x1", g, ew("mul x0 2", out))],
  relu: (g, _a, out) => [ew("where x0 0 x1", ew("le x0 0", out), g)],
  sigmoid: (g, _a, out) => [ew("mul x0 x1", g, ew("mul x0 x1", out, ew("sub 1 x0", out)))],
  tanh: (g, _a, out) => [ew("mul x0 x1", g, ew("sub 1 x0", ew("square x0", out)))],
  gelu: (g, [x]) => {
    const cdf = ew("mul x0 0.5", ew("add x0 1", ew("erf x0", ew(`mul x0 ${SQRT1_2}`, x))));
    const pdf = ew(`mul x0 ${INV_SQRT_2PI}`, ew("exp x0", ew("mul x0 -0.5", ew("square x0", x))));
    return [ew("mul x0 x1", g, ew("add x0 x1", cdf, ew("mul x0 x1", x, pdf)))];
  },
  erf: (
    g,
    [x],
  ) => [
    ew(
      "mul x0 x1",
      g,
      ew(`mul x0 ${TWO_OVER_SQRT_PI}`, ew("exp x0", ew("neg x0", ew("square x0", x)))),
    ),
  ],
  abs: (
    g,
    [x],
  ) => [
    ew(
      "where x0 x1 x2",
      ew("gt x0 0", x),
      g,
      ew("where x0 x1 0", ew("lt x0 0", x), ew("neg x0", g)),
    ),
  ],
  square: (g, [x]) => [ew("mul x0 x1", g, ew("mul x0 2", x))],
  reciprocal: (g, _a, out) => [ew("neg x0", ew("mul x0 x1", g, ew("square x0", out)))],
  pow: (g, [x, y], out) => {
    const full = ew("mul x0 x1", g, ew("mul x0 x1", y, ew("pow x0 x1", x, ew("sub x0 1", y))));
    const dx = ew("where x0 0 x1", ew("eq x0 0", y), full);
    const zeroBase = ew("mul x0 x1", ew("eq x0 0", x), ew("ge x0 0", y));
    const dy = ew(
      "where x0 0 x1",
      zeroBase,
      ew("mul x0 x1", g, ew("mul x0 x1", out, ew("log x0", x))),
    );
    return [dx, dy];
  },
  maximum: (g, [x, y]) => tie(g, ew("lt x0 x1", x, y), ew("gt x0 x1", x, y), ew("eq x0 x1", x, y)),
  minimum: (g, [x, y]) => tie(g, ew("gt x0 x1", x, y), ew("lt x0 x1", x, y), ew("eq x0 x1", x, y)),
  where: (g, [c]) => [null, ew("where x0 x1 0", c, g), ew("where x0 0 x1", c, g)],
};

/**
 * Gradient of a binary max/min as PyTorch writes it: each side gets the
 * cotangent (halved on ties) except where it loses (`lose0`/`lose1`); with a
 * NaN neither side loses, so both get it.
 */
function tie(g: Node, lose0: Node, lose1: Node, eq: Node): Node[] {
  const share = ew("where x0 x1 x2", eq, ew("mul x0 0.5", g), g);
  return [ew("where x0 0 x1", lose0, share), ew("where x0 0 x1", lose1, share)];
}

/** A program's instruction and operands (`x0`, `t0`, or a constant), parsed once per program. */
const parsed = new Map<string, readonly string[]>();

function parse(prog: string): readonly string[] {
  let words = parsed.get(prog);
  if (words === undefined) {
    words = prog.trim().split(/\s+/);
    if (parsed.size >= 4096) parsed.clear();
    parsed.set(prog, words);
  }
  return words;
}

/**
 * The vjp rule of `ewise` nodes; `needs[k]`: whether input k's cotangent is
 * used (no nodes are built for the others where a rule can tell them apart).
 */
export function ewiseVjp(
  node: NodeOf<"ewise">,
  ct: Node,
  needs: readonly boolean[] = node.inputs.map(() => true),
): (Node | null)[] {
  const [op, ...operands] = parse(node.attrs.prog);
  const rule = RULES[op];
  // Comparisons are piecewise constant: no gradient.
  if (rule === undefined) return node.inputs.map(() => null);
  // Each operand's input position (-1 for a constant) and whether its cotangent is used.
  const at = operands.map((t) => (t[0] === "x" ? Number(t.slice(1)) : -1));
  const need = at.map((k) => k >= 0 && node.inputs[k].dtype !== "int32" && needs[k]);
  // Operands in instruction order; a constant becomes a node of no inputs.
  const args = at.map((k, i) => (k >= 0 ? node.inputs[k] : ew(`copy ${operands[i]}`)));
  const cts = rule(ct, args, node, need);
  const out: (Node | null)[] = node.inputs.map(() => null);
  at.forEach((k, i) => {
    const c = cts[i];
    if (!need[i] || c === null || c === undefined) return;
    const part = sumTo(c, node.inputs[k].shape);
    out[k] = out[k] === null ? part : ew("add x0 x1", out[k]!, part);
  });
  return out;
}
