/**
 * Lowering of elementwise nodes: an `ewise` node and the `ewise` producers
 * fused into it (pattern "elementwise chains") compose into one program of
 * the `elementwise` kernel, each leaf input read with its own broadcast
 * pattern against the output's shape. `expand` and `reshape` are the same
 * kernel running `copy x0`.
 *
 * @module
 */

import { type Lowering, size } from "../../schedule/_lowering.ts";
import { elementwise } from "../../../kernels/elementwise.ts";
import { elementwiseLayout } from "../../../kernels/elementwise_layout.ts";
import { lowerMatmul } from "./matmul.ts";
import type { AttrsOf } from "../primitive.ts";
import type { BindContext } from "../../schedule/plan.ts";
import { ewiseConstants, instructions, isArgument, isConstant } from "./_ewise_consts.ts";

/** An operand token (`xK`, `tJ` or a number) of a program instruction. */
const isInput = (t: string) => /^x\d+$/.test(t);

/**
 * Composes the program of the `roots` (ascending), splicing in inlined
 * elementwise producers; a root read by a later one is its computed value.
 * `tokens` are the roots' results (`tJ`). An inlined `expand` or `reshape`
 * (pattern "views into elementwise chains") is a leaf read through its input's
 * buffer: an expand as its input's shape broadcast (NumPy broadcasts compose),
 * a reshape as its own shape over the same contiguous elements. `views` gives
 * the value whose shape each leaf is read with. Each number of a node's
 * program but `0` becomes a run-time constant `cK` of the kernel: `consts[K]` says
 * which node's which constant it is, read when the step is bound.
 */
export function compose(
  L: Lowering,
  roots: readonly number[],
): {
  program: string;
  leaves: number[];
  views: number[];
  fused: number[];
  tokens: string[];
  consts: ConstSource[];
} {
  const lines: string[] = [], leaves: number[] = [], views: number[] = [], fused: number[] = [];
  const consts: ConstSource[] = [];
  const memo = new Map<number, string>();
  const leaf = (ptr: number, view: number): string => {
    let k = leaves.findIndex((x, i) => x === ptr && views[i] === view);
    if (k < 0) k = leaves.push(ptr) - 1, views.push(view);
    return `x${k}`;
  };
  const emit = (pos: number): string => {
    const hit = memo.get(pos);
    if (hit !== undefined) return hit;
    const node = L.node(pos);
    let token: string;
    if (!roots.includes(pos) && node.role === "inlined" && isView(node.op)) {
      fused.push(pos);
      const src = node.inputs[0], from = L.node(src);
      if (node.op === "reshape") token = leaf(src, pos);
      else if (from.role !== "inlined") token = leaf(src, src);
      else fused.push(src), token = leaf(from.inputs[0], src); // An expand of a reshape.
    } else if (!roots.includes(pos) && (node.role !== "inlined" || node.op !== "ewise")) {
      token = leaf(pos, pos);
    } else {
      if (!roots.includes(pos)) fused.push(pos);
      const own = instructions(node.attrs.prog as string);
      const local: string[] = [];
      let j = 0;
      for (const [op, ...operands] of own) {
        const mapped = operands.map((t) =>
          isInput(t)
            ? emit(node.inputs[Number(t.slice(1))])
            : !isConstant(t)
            ? local[Number(t.slice(1))]
            : isArgument(t)
            ? `c${consts.push({ pos, j: j++ }) - 1}`
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
  const tokens = roots.map(emit);
  const program = lines.join("; ");
  return { program, leaves, views, fused: fused.sort((a, b) => a - b), tokens, consts };
}

/** Where a run-time constant of a composed program comes from: constant `j` of node `pos`. */
export interface ConstSource {
  readonly pos: number;
  readonly j: number;
}

const isView = (op: string) => op === "expand" || op === "reshape";

/** How an elementwise step reads and writes beyond its program and leaves. */
export interface StepOptions {
  /** Every operand read as the same flat run of elements. */
  readonly flat?: boolean;
  /** Inlined nodes the step computes. */
  readonly fused?: readonly number[];
  /** The value whose shape each leaf is read with (default: the leaf's own). */
  readonly views?: readonly number[];
  /** Several values of `v`'s shape: the `stores` instructions into `values` (`v` last). */
  readonly outs?: { readonly values: readonly number[]; readonly stores: string };
  /** The sources of the program's run-time constants `c0 ..` (see `compose`). */
  readonly consts?: readonly ConstSource[];
}

/** Most args the Workers pass to a kernel (`out`, the inputs, the dims). */
const MAX_ARGS = 28;

/**
 * Appends the `elementwise` step computing value `v` from `program` over
 * `leaves`. The launch is folded by `elementwiseLayout` from the shapes at
 * scheduling, and again when binding (it must fold the same way).
 */
export function elementwiseStep(
  L: Lowering,
  v: number,
  program: string,
  leaves: readonly number[],
  shapes: readonly (readonly number[])[],
  options: StepOptions = {},
): void {
  const { flat = false, fused = [], views = leaves, outs, consts = [] } = options;
  const values = outs?.values ?? [v];
  const n = size(shapes[v]);
  const layout = flat
    ? { rank: 1, bcast: leaves.map(() => "f").join(","), dims: [n] }
    : elementwiseLayout(shapes[v], views.map((x) => shapes[x]));
  if (values.length + leaves.length + layout.rank > MAX_ARGS) {
    throw new RangeError(
      `a fused elementwise program reads ${leaves.length} tensors, more than a kernel takes`,
    );
  }
  const dtypes = leaves.map((x) => L.node(x).dtype === "int32" ? "i" : "f").join("");
  L.step(
    elementwise,
    {
      program,
      rank: layout.rank,
      bcast: layout.bcast,
      dtypes,
      ...(outs ? { stores: outs.stores } : {}),
      ...(consts.length > 0 ? { consts: consts.length } : {}),
    },
    [...fused, ...values],
    { reads: leaves.map((x) => L.v(x)), writes: values.map((x) => L.v(x)) },
    (c, launch) => {
      // Shapes can change between runs of one plan (a sparse gradient's row count under jit):
      // fold again, and refuse a launch whose folding differs from the compiled pattern.
      const out = c.shape(v), total = size(out);
      const now = flat
        ? { rank: 1, bcast: layout.bcast, dims: [total] }
        : elementwiseLayout(out, views.map((x) => c.shape(x)));
      if (now.rank !== layout.rank || now.bcast !== layout.bcast) {
        throw new Error(
          `internal: elementwise shapes changed their broadcast pattern (${layout.bcast} to ${now.bcast})`,
        );
      }
      const args = {
        out: values.map((x) => c.ptr(x)),
        x: leaves.map((x) => c.ptr(x)),
        d: now.dims,
        c: constantsOf(c, consts),
      };
      return launch(args, total, "even");
    },
  );
}

/** The current values of a step's run-time constants (each node's program scanned once). */
function constantsOf(c: BindContext, consts: readonly ConstSource[]): number[] {
  if (consts.length === 0) return [];
  const byNode = new Map<number, number[]>();
  return consts.map(({ pos, j }) => {
    let values = byNode.get(pos);
    if (values === undefined) byNode.set(pos, values = ewiseConstants(c.attrs(pos).prog as string));
    return values[j];
  });
}

/** Lowers an `ewise` node with the producers fused into it. */
export function lowerEwise(
  L: Lowering,
  v: number,
  shapes: readonly (readonly number[])[],
): void {
  const node = L.node(v), producer = L.node(node.inputs[0] ?? -1);
  if (producer?.op === "matmul" && producer.role === "inlined") {
    // Fused "relu epilogue into matmul": the matmul writes this node's value.
    const mm = node.inputs[0];
    lowerMatmul(L, v, producer.inputs, producer.attrs as AttrsOf["matmul"], true, [mm, v]);
    return;
  }
  const masked = L.node(node.inputs[1] ?? -1);
  if (masked?.op === "matmul" && masked.role === "inlined") {
    // Fused "ReLU's backward mask into matmul": where(r <= 0, 0, matmul) in the matmul's epilogue.
    const [le, mm] = node.inputs, r = L.node(le).inputs[0];
    const covers = [...(L.node(le).role === "inlined" ? [le] : []), mm, v];
    lowerMatmul(L, v, masked.inputs, masked.attrs as AttrsOf["matmul"], false, covers, r);
    return;
  }
  const group = L.writerGroup(v);
  if (group !== undefined) {
    // Sibling in-place updates (a parameter and its optimizer state) in one pass.
    const roots = [...group, v];
    const { program, leaves, views, fused, tokens, consts } = compose(L, roots);
    const stores = tokens.map((t) => t.slice(1)).join(",");
    elementwiseStep(L, v, program, leaves, shapes, {
      fused,
      views,
      outs: { values: roots, stores },
      consts,
    });
    return;
  }
  const { program, leaves, views, fused, consts } = compose(L, [v]);
  elementwiseStep(L, v, program, leaves, shapes, { fused, views, consts });
}
