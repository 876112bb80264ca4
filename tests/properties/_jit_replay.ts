/**
 * The jit property: for every op and seeded options, a compiled function
 * called several times with new data of the same signature returns, bit for
 * bit, what the op returns eagerly on that data, and leaves the table (which
 * `maxNorm` rewrites in place) exactly as the eager call leaves its copy.
 */

import {
  embeddingBagForward,
  embeddingBagGrad,
  embeddingForward,
  embeddingGrad,
  jit,
  RowSparseGrad,
  Tensor,
  tensor,
} from "../../mod.ts";
import { Gen } from "./_gen.ts";
import { bagLayout, bagOptions, lookupOptions } from "./_specs_ops.ts";
import { bytesOf } from "./_check.ts";

type Op = (w: Tensor<"float32">, ids: Tensor<"int32">, grad: Tensor<"float32">) => unknown;

/** One signature: shapes, static options, and the op applied to (table, ids, upstream gradient). */
interface Signature {
  readonly name: string;
  readonly V: number;
  readonly D: number;
  readonly idsShape: readonly number[];
  readonly gradShape: readonly number[];
  readonly op: Op;
}

/** Plain-array offsets and weights: tensors nested in options are the jit area's pending case. */
function plainBag(g: Gen, V: number, norms: boolean) {
  const layout = bagLayout(g, V);
  const o = bagOptions(g, V, layout, norms);
  if (o.offsets instanceof Int32Array) o.offsets = Array.from(o.offsets);
  if (o.perSampleWeights instanceof Tensor) {
    o.perSampleWeights = layout.ids.length > 0 ? o.perSampleWeights.toArraySync() : undefined;
  }
  return { layout, o };
}

function signature(g: Gen): Signature {
  const V = g.int(1, 12), D = g.int(1, 9);
  const kind = g.pick(["lookup", "bag", "grad", "bagGrad"]);
  if (kind === "lookup" || kind === "grad") {
    const idsShape = Array.from({ length: g.int(1, 2) }, () => g.int(1, 4));
    const o = lookupOptions(g, V, kind === "lookup");
    if (kind === "grad") {
      const go: Record<string, unknown> = { numEmbeddings: V, ...o };
      if (o.sparse === true && g.chance(0.5)) go.coalesce = g.chance(0.5);
      return {
        name: `embeddingGrad ${JSON.stringify(go)}`,
        V,
        D,
        idsShape,
        gradShape: [...idsShape, D],
        op: (_w, ids, grad) => embeddingGrad(grad, ids, go as { numEmbeddings: number }),
      };
    }
    return {
      name: `embeddingForward ${JSON.stringify(o)}`,
      V,
      D,
      idsShape,
      gradShape: [1],
      op: (w, ids) => embeddingForward(w, ids, o),
    };
  }
  const { layout, o } = plainBag(g, V, kind === "bag");
  const B = layout.B;
  return {
    name: `${kind === "bag" ? "embeddingBagForward" : "embeddingBagGrad"} ${JSON.stringify(o)}`,
    V,
    D,
    idsShape: layout.shape,
    gradShape: [B, D],
    op: kind === "bag"
      ? (w, ids) => embeddingBagForward(w, ids, o)
      : (w, ids, grad) => embeddingBagGrad(grad, w, ids, o),
  };
}

/** The bytes of every tensor in a result, in a fixed order. */
async function resultBytes(value: unknown): Promise<(Uint8Array | null)[]> {
  if (value instanceof Tensor) {
    await value.data();
    return [bytesOf(value)];
  }
  if (value instanceof RowSparseGrad) {
    return [...await resultBytes(value.indices), ...await resultBytes(value.values)];
  }
  if (value && typeof value === "object") {
    const out: (Uint8Array | null)[] = [];
    for (const key of Object.keys(value).sort()) {
      out.push(...await resultBytes((value as Record<string, unknown>)[key]));
    }
    return out;
  }
  return [];
}

function equalBytes(a: (Uint8Array | null)[], b: (Uint8Array | null)[]): boolean {
  return a.length === b.length &&
    a.every((x, i) => {
      const y = b[i];
      return x !== null && y !== null && x.length === y.length && x.every((v, k) => v === y[k]);
    });
}

/**
 * Runs `cases` signatures, each traced once and replayed `calls - 1` times
 * with new tables, ids and gradients; throws on the first difference.
 */
export async function jitReplay(seed: number, cases = 40, calls = 4): Promise<number> {
  const g = new Gen(seed);
  let checked = 0;
  for (let c = 0; c < cases; c++) {
    const sig = signature(g);
    const compiled = jit(sig.op as (...a: unknown[]) => unknown);
    for (let k = 0; k < calls; k++) {
      const table = g.floats(sig.V * sig.D);
      const n = sig.idsShape.reduce((a, b) => a * b, 1);
      const ids = Int32Array.from(g.ids(n, sig.V));
      const grad = Float32Array.from(g.floats(sig.gradShape.reduce((a, b) => a * b, 1)));
      const make = () => ({
        w: tensor(Float32Array.from(table), { shape: [sig.V, sig.D] }),
        ids: tensor(ids, { shape: [...sig.idsShape], dtype: "int32" }),
        grad: tensor(grad, { shape: [...sig.gradShape] }),
      });
      const eager = make(), traced = make();
      const want = await resultBytes(sig.op(eager.w, eager.ids, eager.grad));
      const got = await resultBytes(await compiled(traced.w, traced.ids, traced.grad));
      const label = `seed ${seed} case ${c} call ${k}: ${sig.name}`;
      if (!equalBytes(got, want)) throw new Error(`${label}: jit result differs from eager`);
      if (!equalBytes([bytesOf(traced.w)], [bytesOf(eager.w)])) {
        throw new Error(`${label}: jit left the table different from eager`);
      }
      checked++;
    }
  }
  return checked;
}
