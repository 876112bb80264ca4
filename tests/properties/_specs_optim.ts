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

export const optimSpecs: Spec[] = [
  ...optimizerSpecs,
  ...schedulerSpecs,
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
