/**
 * Property specs of tensor creation and random numbers: `tensor`, `zeros`,
 * `ones`, `full`, `randn`, `randUniform`, `manualSeed`, `Random`, and the
 * `Tensor` methods.
 */

import {
  full,
  manualSeed,
  ones,
  randn,
  Random,
  randUniform,
  Tensor,
  tensor,
  zeros,
} from "../../mod.ts";
import type { Spec } from "./_check.ts";
import { type Gen, nest } from "./_gen.ts";

function shape(g: Gen, maxRank = 3): number[] {
  return Array.from({ length: g.int(0, maxRank) }, () => g.int(0, 4));
}

const count = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const dtypeOption = (g: Gen) => (g.chance(0.5) ? {} : { dtype: g.pick(["float32", "int32"]) });
const seed = (g: Gen) => g.int(-(2 ** 40), 2 ** 40);
const call = (f: (...a: never[]) => unknown) => (args: unknown[]) =>
  (f as (...a: unknown[]) => unknown)(...args);

export const tensorSpecs: Spec[] = [
  {
    covers: ["tensor"],
    who: ["tensor()"],
    options: ["shape", "dtype"],
    valid(g) {
      const s = shape(g);
      const n = count(s);
      const int = g.chance(0.5);
      const values = int
        ? Array.from({ length: n }, () => g.int(-(2 ** 31), 2 ** 31 - 1))
        : g.floats(n);
      const form = g.int(0, 3);
      const data = form === 0
        ? (int ? Int32Array.from(values) : Float32Array.from(values))
        : form === 1
        ? Float64Array.from(values)
        : s.length === 0
        ? values[0]
        : nest(values, s);
      const o: Record<string, unknown> = {};
      if (int && form !== 0) o.dtype = "int32";
      if (form <= 1 || g.chance(0.3)) o.shape = form <= 1 && g.chance(0.5) ? [n] : s;
      return [data, o];
    },
    call: call(tensor),
  },
  ...([["zeros", zeros], ["ones", ones]] as const).map(([name, f]): Spec => ({
    covers: [name],
    who: [`${name}()`],
    options: ["dtype"],
    valid: (g) => [shape(g, 4), dtypeOption(g)],
    call: call(f),
  })),
  {
    covers: ["full"],
    who: ["full()"],
    options: ["dtype"],
    valid(g) {
      const o = dtypeOption(g);
      const value = o.dtype === "int32" ? g.int(-1000, 1000) : g.floats(1)[0];
      return [shape(g), value, o];
    },
    call: call(full),
  },
  {
    covers: ["randn"],
    who: ["randn()"],
    options: ["seed", "mean", "std"],
    valid: (g) => [shape(g), { seed: seed(g), mean: g.floats(1)[0], std: g.float() * 2 }],
    call: call(randn),
  },
  {
    covers: ["randUniform"],
    who: ["randUniform()"],
    options: ["seed", "low", "high"],
    valid(g) {
      const low = g.floats(1)[0];
      return [shape(g), { seed: seed(g), low, high: low + g.float() * 3 }];
    },
    call: call(randUniform),
  },
  {
    covers: ["manualSeed"],
    who: ["manualSeed()"],
    valid: (g) => [seed(g)],
    call: call(manualSeed),
  },
  {
    covers: ["Random"],
    who: ["Random()"],
    valid: (g) => [seed(g)],
    call(args) {
      const r = new Random(...(args as [number]));
      const u = r.uniform(), z = r.normal(), k = r.nextUint32();
      if (!(u >= 0 && u < 1 && Number.isFinite(z) && k >= 0 && k < 2 ** 32)) {
        throw new Error(`Random(${args[0]}) drew ${u}, ${z}, ${k}`);
      }
    },
  },
  {
    covers: ["Tensor"],
    who: ["Tensor.data()", "Tensor.dataSync()", "Tensor.toArray()", "Tensor.toString()"],
    valid(g) {
      const s = shape(g);
      const t = randn(s, { seed: g.int(0, 100) }) as Tensor;
      const method = g.pick(["data", "dataSync", "toArray", "toArraySync", "toString"]);
      return [t, method];
    },
    async call(args) {
      const [t, method] = args as [Tensor, string];
      const f = t instanceof Tensor && typeof method === "string"
        ? (t as unknown as Record<string, unknown>)[method]
        : undefined;
      if (typeof f === "function") await f.call(t); // else mutated: nothing to call
    },
  },
  {
    covers: ["Tensor.dispose"],
    who: ["Tensor.data()", "Tensor.dataSync()"],
    validShare: 0,
    watch: false,
    valid: (g) => [tensor(g.floats(g.int(1, 6))), g.int(0, 2)],
    call(args) {
      const [t, mode] = args as [Tensor, number];
      if (!(t instanceof Tensor)) return;
      t.dispose();
      t.dispose(); // twice is harmless
      return mode === 0 ? t.dataSync() : mode === 1 ? t.data() : t.toArray();
    },
  },
];
