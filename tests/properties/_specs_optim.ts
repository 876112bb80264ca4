/**
 * Property specs of the optimizers and schedulers: construction and a step
 * over parameters with dense or row-sparse gradients; hostile arguments must
 * throw naming the class (or its `step`), with every parameter unchanged.
 */

import * as T from "../../mod.ts";
import type { Spec } from "./_check.ts";
import type { Gen } from "./_gen.ts";

type Ctor = new (params: unknown, options?: unknown) => T.Optimizer<{ lr: number }>;

const KINDS: [
  string,
  Ctor,
  readonly string[],
  (g: Gen) => Record<string, unknown>,
  "dense" | "sparse" | "both",
][] = [
  ["SGD", T.SGD as unknown as Ctor, [
    "lr",
    "momentum",
    "dampening",
    "weightDecay",
    "nesterov",
    "maximize",
  ], (g) => ({
    lr: 0.1,
    momentum: g.pick([0, 0.9]),
    maximize: g.chance(0.5),
  }), "both"],
  [
    "Adam",
    T.Adam as unknown as Ctor,
    ["lr", "betas", "eps", "weightDecay", "amsgrad", "maximize"],
    (g) => ({
      betas: [0.9, g.pick([0.99, 0.999])],
      amsgrad: g.chance(0.5),
      weightDecay: g.pick([0, 0.01]),
    }),
    "dense",
  ],
  ["AdamW", T.AdamW as unknown as Ctor, [
    "lr",
    "betas",
    "eps",
    "weightDecay",
    "amsgrad",
    "maximize",
  ], (g) => ({
    lr: g.pick([1e-3, 0.1]),
    maximize: g.chance(0.5),
  }), "dense"],
  ["Adagrad", T.Adagrad as unknown as Ctor, [
    "lr",
    "lrDecay",
    "weightDecay",
    "initialAccumulatorValue",
    "eps",
    "maximize",
  ], (g) => ({
    lrDecay: g.pick([0, 0.1]),
    initialAccumulatorValue: g.pick([0, 0.1]),
  }), "both"],
  ["SparseAdam", T.SparseAdam as unknown as Ctor, ["lr", "betas", "eps", "maximize"], (g) => ({
    eps: g.pick([1e-8, 1e-4]),
  }), "sparse"],
  ["RowWiseAdagrad", T.RowWiseAdagrad as unknown as Ctor, [
    "lr",
    "eps",
    "weightDecay",
    "weightDecayMode",
  ], (g) => ({
    weightDecay: g.pick([0, 0.01]),
    weightDecayMode: g.pick(["l2", "decoupled"]),
  }), "both"],
];

/** A table requiring gradients, with a dense or row-sparse gradient already set. */
function table(g: Gen, sparse: boolean): T.Tensor<"float32"> {
  const V = g.int(1, 5), D = g.int(1, 4);
  const t = T.tensor(g.floats(V * D), { shape: [V, D] });
  t.requiresGrad = true;
  if (sparse) {
    const n = g.int(0, 4);
    t.grad = new T.RowSparseGrad(g.ids(n, V), T.tensor(g.floats(n * D), { shape: [n, D] }), {
      numEmbeddings: V,
    });
  } else t.grad = T.tensor(g.floats(V * D), { shape: [V, D] });
  return t;
}

const optimizerSpecs: Spec[] = KINDS.map(([name, K, options, opts, grads]): Spec => ({
  covers: [name],
  who: [`${name}()`, `${name}.step()`],
  options,
  cases: 80,
  valid(g) {
    const sparse = grads === "sparse" || (grads === "both" && g.chance(0.5));
    const params = Array.from({ length: g.int(1, 2) }, () => table(g, sparse));
    return [g.chance(0.5) ? params : [{ params, lr: 0.05 }], opts(g)];
  },
  async call([params, o]) {
    const optimizer = new K(params, o);
    await optimizer.step();
    await optimizer.step();
    return optimizer.paramGroups.flatMap((group) => group.params);
  },
}));

type SchedulerCtor = new (o: unknown, options?: unknown) => T.LRScheduler;
const SCHEDULERS: [
  string,
  SchedulerCtor,
  readonly string[],
  (g: Gen) => Record<string, unknown>,
][] = [
  [
    "StepLR",
    T.StepLR as unknown as SchedulerCtor,
    ["stepSize", "gamma"],
    (g) => ({ stepSize: g.int(1, 3), gamma: 0.5 }),
  ],
  [
    "ExponentialLR",
    T.ExponentialLR as unknown as SchedulerCtor,
    ["gamma"],
    (g) => ({ gamma: g.float() }),
  ],
  [
    "CosineAnnealingLR",
    T.CosineAnnealingLR as unknown as SchedulerCtor,
    ["tMax", "etaMin"],
    (g) => ({
      tMax: g.int(1, 5),
      etaMin: g.pick([0, 0.01]),
    }),
  ],
  [
    "LinearLR",
    T.LinearLR as unknown as SchedulerCtor,
    ["startFactor", "endFactor", "totalIters"],
    (g) => ({
      startFactor: 0.25,
      totalIters: g.int(0, 4),
    }),
  ],
];

const schedulerSpecs: Spec[] = SCHEDULERS.map(([name, S, options, opts]): Spec => ({
  covers: [name],
  who: [`${name}()`],
  options,
  cases: 60,
  valid: (g) => [new T.SGD([table(g, false)], { lr: 0.1 }), opts(g)],
  call([o, options]) {
    const s = new S(o, options);
    s.step();
    return s.getLastLr();
  },
}));

type Tx = (o?: unknown) => T.GradientTransformation<unknown>;
const TRANSFORMS: [string, Tx, readonly string[], (g: Gen) => Record<string, unknown>][] = [
  ["sgd", T.sgd as unknown as Tx, KINDS[0][2], (g) => ({ lr: 0.1, momentum: g.pick([0, 0.9]) })],
  ["adam", T.adam as unknown as Tx, KINDS[1][2], (g) => ({ amsgrad: g.chance(0.5) })],
  ["adamw", T.adamw as unknown as Tx, KINDS[2][2], (g) => ({ maximize: g.chance(0.5) })],
  ["adagrad", T.adagrad as unknown as Tx, KINDS[3][2], (g) => ({ lrDecay: g.pick([0, 0.1]) })],
];

/** Parameters and gradients of one shape each, as an array or an object. */
function trees(g: Gen): [unknown, unknown] {
  const shapes = Array.from({ length: g.int(1, 3) }, () => [g.int(1, 3), g.int(1, 3)]);
  const make = () => shapes.map((s) => T.tensor(g.floats(s[0] * s[1]), { shape: s }));
  const [p, d] = [make(), make()];
  if (g.chance(0.5)) return [p, d];
  const obj = (ts: T.Tensor[]) => Object.fromEntries(ts.map((t, i) => [`p${i}`, t]));
  return [obj(p), obj(d)];
}

const transformSpecs: Spec[] = TRANSFORMS.map(([name, make, options, opts]): Spec => ({
  covers: [name],
  who: [`${name}()`, `${name}().init()`, `${name}().update()`],
  options,
  cases: 60,
  valid(g) {
    const [params, grads] = trees(g);
    return [params, grads, opts(g)];
  },
  call([params, grads, o]) {
    const tx = make(o);
    const p = params as T.ParamTree, gr = grads as T.ParamTree;
    const first = tx.update(gr, tx.init(p), p);
    return tx.update(gr, first.state, p).updates;
  },
}));

export const optimSpecs: Spec[] = [
  ...optimizerSpecs,
  ...schedulerSpecs,
  ...transformSpecs,
  {
    covers: ["applyUpdates"],
    who: ["applyUpdates()"],
    cases: 60,
    valid: (g) => trees(g),
    call: ([p, u]) => T.applyUpdates(p as T.ParamTree, u as T.ParamTree),
  },
  {
    covers: ["Optimizer", "LRScheduler"],
    who: ["SGD.zeroGrad()", "SGD.loadStateDict()"],
    options: ["setToNone"],
    cases: 60,
    valid: (g) => [{ setToNone: g.chance(0.5) }],
    async call([options]) {
      const p = T.tensor([[1, 2]]);
      p.requiresGrad = true;
      p.grad = T.tensor([[1, 1]]);
      const o: T.Optimizer<{ lr: number }> = new T.SGD([p], { lr: 0.1, momentum: 0.9 });
      new T.StepLR(o, { stepSize: 1 }).step();
      await o.step();
      o.loadStateDict(o.stateDict());
      o.zeroGrad(options as T.ZeroGradOptions);
      return p;
    },
  },
];
