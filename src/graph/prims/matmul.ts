/**
 * `matmul`: batched `C = op(A)·op(B)` (+ `bias`), `op` the identity or the
 * transpose. `A` is `[..., M, K]` (`[..., K, M]` with `transA`), `B` is
 * `[..., K, N]` (`[..., N, K]` with `transB`); a rank-2 operand is shared by
 * every matrix of the other's batch; `bias` (third input) has `N` values.
 * A linear layer is `matmul(x, W, transB)` with its bias.
 *
 * @module
 */

import { makeNode, type Node } from "../node.ts";
import type { AttrsOf, NodeOf, Primitive } from "../primitive.ts";
import { sumTo } from "../_build.ts";
import type { Lowering } from "../../schedule/_lowering.ts";
import { matmul } from "../../../kernels/matmul.ts";
import { matmulFma } from "../../runtime/config.ts";

/** The mask list of a product without the fused ReLU backward (never written). */
const NO_MASK: readonly number[] = Object.freeze([]);

const mn = (s: readonly number[], t: boolean) =>
  t ? [s[s.length - 1], s[s.length - 2]] : s.slice(-2);

/** A matmul node's attributes: with `fma` while `setBackend`'s `fma` is in use. */
export function matmulAttrs(transA: boolean, transB: boolean, bias: boolean): AttrsOf["matmul"] {
  return { transA, transB, bias, ...(matmulFma() ? { fma: true } : {}) };
}

/** `op(A)·op(B)` as a node. */
export function matmulNode(a: Node, b: Node, transA: boolean, transB: boolean): Node {
  return makeNode("matmul", [a, b], matmulAttrs(transA, transB, false));
}

function vjp(node: NodeOf<"matmul">, g: Node): (Node | null)[] {
  const [a, b, bias] = node.inputs, { transA: tA, transB: tB } = node.attrs;
  const da = tA ? matmulNode(b, g, tB, true) : matmulNode(g, b, false, !tB);
  const db = tB ? matmulNode(g, a, true, tA) : matmulNode(a, g, !tA, false);
  const out = [sumTo(da, a.shape), sumTo(db, b.shape)];
  return bias === undefined ? out : [...out, sumTo(g, bias.shape)];
}

/**
 * Appends the matmul step computing value `v` (`relu`: with the ReLU
 * epilogue of a fused consumer; `mask`: the value whose elements at most 0
 * zero the outputs, a fused ReLU's backward; `covers` for printouts).
 */
export function lowerMatmul(
  L: Lowering,
  v: number,
  [a, b, bias]: readonly number[],
  attrs: AttrsOf["matmul"],
  relu: boolean,
  covers: number[],
  mask?: number,
): void {
  const spec = {
    transA: attrs.transA,
    transB: attrs.transB,
    bias: attrs.bias,
    relu,
    ...(mask !== undefined ? { mask: true } : {}),
    ...(attrs.fma ? { fma: true } : {}),
  };
  const reads = [L.v(a), L.v(b), ...[bias, mask].filter((x) => x !== undefined).map((x) => L.v(x))];
  const tA = attrs.transA;
  L.step(matmul, spec, covers, { reads, writes: [L.v(v)] }, (c, launch) => {
    // Read without the arrays `mn()` and `slice()` would allocate: six launches per training step.
    const sa = c.shape(a), sb = c.shape(b), so = c.shape(v), ra = sa.length;
    const M = sa[tA ? ra - 1 : ra - 2], K = sa[tA ? ra - 2 : ra - 1], N = so[so.length - 1];
    let rows = 1;
    for (let i = 0; i < so.length - 1; i++) rows *= so[i];
    const strideA = ra > 2 ? M * K : 0, strideB = sb.length > 2 ? K * N : 0;
    const A = c.ptr(a), B = c.ptr(b), C = c.ptr(v), bp = bias !== undefined ? c.ptr(bias) : 0;
    const masks = mask !== undefined ? [c.ptr(mask)] : NO_MASK;
    const args = { A, B, bias: bp, C, M, N, K, strideA, strideB, mask: masks };
    return launch(args, rows, "even", rows * N * K);
  });
}

/** The matmul primitive. */
export const matmulPrim: Primitive<"matmul"> = {
  name: "matmul",
  dtype: () => "float32",
  shape: ([a, b], { transA, transB }) => {
    const [M] = mn(a, transA), [, N] = mn(b, transB);
    const batch = a.length > b.length ? a.slice(0, -2) : b.slice(0, -2);
    return [...batch, M, N];
  },
  vjp,
  lower: (L, { v, inputs, attrs }) => lowerMatmul(L, v, inputs, attrs, false, [v]),
};
