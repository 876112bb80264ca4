/** The Keras model fixture (tests/fixtures/gen_keras_models.py) and models built from its cases. */

import {
  Dense,
  Embedding,
  Flatten,
  GlobalAveragePooling1D,
  type LossName,
  type Module,
  Sequential,
} from "../../mod.ts";

type Layer = [string, Record<string, unknown>];

/** One case: a model, its data and PyTorch's trajectory under Keras' math. */
export interface KerasCase {
  name: string;
  loss: LossName;
  optimizer: "adam" | "sgd";
  epochs: number;
  batchSize: number;
  validationSplit?: number;
  layers: Layer[];
  x: number[][];
  y: number[] | number[][];
  initial: Record<string, number[] | number[][]>;
  history: Record<string, number[]>;
  evaluate: [number, number];
  predict: number[][];
  final: Record<string, number[] | number[][]>;
}

const url = new URL("../fixtures/keras_model_cases.json", import.meta.url);
/** Every case of the fixture. */
export const CASES: KerasCase[] = JSON.parse(Deno.readTextFileSync(url)).cases;

/** The case's model with its initial weights loaded. */
export function modelOf(c: KerasCase): Sequential {
  const layers: Module[] = c.layers.map(([kind, o]) => {
    if (kind === "embedding") {
      return new Embedding(o.V as number, o.D as number, {
        inputLength: (o.inputLength as number | undefined) ?? null,
        maskZero: (o.maskZero as boolean | undefined) ?? false,
      });
    }
    if (kind === "flatten") return new Flatten();
    if (kind === "gap") return new GlobalAveragePooling1D();
    return new Dense(o.units as number, { activation: o.activation as "relu" });
  });
  const model = new Sequential(layers);
  model.build([null, c.x[0].length]);
  model.loadStateDict(c.initial);
  return model;
}
