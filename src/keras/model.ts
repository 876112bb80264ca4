/**
 * `Model`: Keras' training methods (`compile`, `fit`, `evaluate`,
 * `predict`, `summary`) over a module's layers; `Sequential` is one.
 *
 * @module
 */

import { readList } from "../ops/_read_list.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { generatorFor } from "../tensor/random.ts";
import { describe } from "../tensor/_nested.ts";
import { parseOptions } from "../ops/_options.ts";
import { Module } from "../modules/module.ts";
import { Embedding } from "../modules/embedding.ts";
import { type HostData, hostData, labelsFor, type Samples, shuffled } from "./_data.ts";
import { accuracyKind, checkLabels } from "./_losses.ts";
import { resolveOptimizer } from "./_optimizer.ts";
import { evaluateSchema, EXPECTED, fitSchema, parseCompile, predictSchema } from "./_schemas.ts";
import { declaredInput, inferShapes, type Shape, text } from "./_shapes.ts";
import { summaryLines } from "./_summary.ts";
import { type Compiled, evaluateData, predictData, trainEpoch } from "./_fit.ts";
import { Progress } from "./_progress.ts";
import { History, type Logs } from "./history.ts";
import type {
  CompileOptions,
  EvaluateOptions,
  FitOptions,
  PredictOptions,
} from "./model_options.ts";

/** Checked `[x, y]` for a compiled, built model. */
interface Prepared {
  x: HostData;
  y: HostData;
  kind: ReturnType<typeof accuracyKind>;
}

/**
 * The Keras training surface of a model made of layers (`Sequential`
 * extends it). Checks come before anything changes: a bad call leaves
 * the weights and the optimizer as they were.
 *
 * @example
 * ```ts
 * import { Dense, Sequential } from "@tessera/embed";
 * const model = new Sequential([new Dense(1, { activation: "sigmoid", inputDim: 2, seed: 0 })]);
 * model.compile({ optimizer: "adam", loss: "binaryCrossentropy", metrics: ["accuracy"] });
 * const history = await model.fit([[0, 0], [1, 1]], [0, 1], { epochs: 2, verbose: 0, seed: 0 });
 * console.log(Object.keys(history.history)); // ["loss", "accuracy"]
 * ```
 */
export abstract class Model extends Module {
  /** Set to true (e.g. by a callback) to stop `fit` after the current epoch. */
  stopTraining = false;
  #compiled: Compiled | null = null;
  #shapes: Shape[] | null = null;
  #input: Shape | null = null;

  /** The layers, in order (Keras' `model.layers`). */
  get layers(): Module[] {
    return this.children();
  }

  /** Runs the layers. */
  abstract override forward(x: Tensor): Tensor<"float32">;

  /** Infers the output shapes from `input` and builds the layers; checks `input` once built. */
  protected buildFor(input: (number | null)[], who: string, name = "inputShape"): void {
    if (this.#input === null) {
      this.#shapes = inferShapes(this.layers, input, who);
      this.#input = input;
      return;
    }
    const want = this.#input;
    if (want.length !== input.length || want.some((d, i) => d !== null && d !== input[i])) {
      throw new TypeError(
        `${who}: ${name} has shape ${text(input)} but the model takes ${text(want)}`,
      );
    }
  }

  /**
   * Builds the layers for inputs of `inputShape` (Keras' `model.build`): each
   * `Dense` gets its kernel. `fit`, `predict` and an `Embedding`'s
   * `inputLength` build the model too.
   *
   * @param inputShape The input shape, `null` for the batch dim (e.g. `[null, 3]`).
   * @throws {TypeError} For a shape the layers cannot take, or one other than the model was built for.
   */
  build(inputShape: readonly (number | null)[]): void {
    const who = `${this.constructor.name}.build()`;
    const must = "an array of integers or null";
    if (!Array.isArray(inputShape)) {
      throw new TypeError(`${who}: inputShape is ${describe(inputShape)} but must be ${must}`);
    }
    // Element by element: a huge sparse array stops at its first hole (spreading it crashed).
    const shape = readList(inputShape, who, "inputShape", "must be an integer or null");
    if (shape.some((d) => d !== null && !Number.isInteger(d))) {
      throw new TypeError(`${who}: inputShape is ${describe(inputShape)} but must be ${must}`);
    }
    this.buildFor(shape as (number | null)[], who);
  }

  /**
   * Sets the optimizer, loss and metrics; recompiling starts a new optimizer.
   *
   * @param options `optimizer`, `loss` and `metrics`.
   * @throws {TypeError} For an unknown loss or optimizer name, or unknown options.
   */
  compile(options: CompileOptions): void {
    const who = `${this.constructor.name}.compile()`;
    const { loss, metric, optimizer } = parseCompile(options, who);
    this.#compiled = { loss, metric, optimizer, stepper: null };
  }

  /** Checks x and y against the compiled model (building it), before any change. */
  #prepare(xs: unknown, ys: unknown, who: string, names = ["x", "y"]): Prepared {
    const c = this.#compiled;
    if (c === null) throw new TypeError(`${who}: the model is not compiled; call compile() first`);
    const first = this.layers[0];
    const x = hostData(xs, first instanceof Embedding ? "int32" : "float32", who, names[0]);
    const yRaw = hostData(ys, "float32", who, names[1]);
    if (x.shape[0] !== yRaw.shape[0]) {
      throw new TypeError(
        `${who}: ${names[0]} has ${x.shape[0]} samples but ${names[1]} has ${yRaw.shape[0]}`,
      );
    }
    if (first instanceof Embedding) {
      const V = first.numEmbeddings;
      const bad = x.data.findIndex((v) => v < 0 || v >= V);
      if (bad >= 0) {
        throw new RangeError(
          `${who}: ${names[0]} holds ${x.data[bad]} but the Embedding has ${V} rows`,
        );
      }
    }
    this.buildFor([null, ...x.shape.slice(1)], who, names[0]);
    const out = this.#shapes![this.#shapes!.length - 1];
    const k = out[out.length - 1] ?? 1;
    const named = typeof c.loss === "string" ? c.loss : "custom";
    const sparse = named === "sparseCategoricalCrossentropy";
    const y = labelsFor(yRaw, k, sparse, who);
    checkLabels(named, y.data as Float32Array, k, who);
    return { x, y, kind: accuracyKind(named, k, yRaw.data.length / Math.max(1, yRaw.shape[0])) };
  }

  /**
   * Trains the model, as Keras' `fit`.
   *
   * @param x Inputs, one per sample (ids for a model starting with an `Embedding`).
   * @param y Targets, one per sample.
   * @param options `epochs` (1), `batchSize` (32), `shuffle` (true), `validationSplit`,
   *   `validationData`, `verbose` (1), `callbacks`, `seed`.
   * @returns The `History` of losses and metrics per epoch.
   * @throws {TypeError} Before compile, for x and y of different lengths or shapes the model does not take.
   * @throws {RangeError} For ids outside the table or labels outside the loss's range.
   */
  async fit(x: Samples, y: Samples, options: FitOptions = {}): Promise<History> {
    const who = `${this.constructor.name}.fit()`;
    const o = parseOptions(fitSchema, options, who, EXPECTED);
    let data = this.#prepare(x, y, who);
    const c = this.#compiled!;
    let val: Prepared | null = null;
    if (o.validationData) {
      val = this.#prepare(o.validationData[0], o.validationData[1], who, [
        "validationData[0]",
        "validationData[1]",
      ]);
    } else if (o.validationSplit) {
      const n = data.x.shape[0], at = Math.floor(n * (1 - o.validationSplit));
      const cut = (d: HostData, from: number, to: number): HostData => {
        const w = d.data.length / Math.max(1, d.shape[0]);
        return { data: d.data.slice(from * w, to * w), shape: [to - from, ...d.shape.slice(1)] };
      };
      val = { ...data, x: cut(data.x, at, n), y: cut(data.y, at, n) };
      data = { ...data, x: cut(data.x, 0, at), y: cut(data.y, 0, at) };
    }
    const n = data.x.shape[0];
    if (n === 0) throw new RangeError(`${who}: x has no samples to train on`);
    c.stepper ??= resolveOptimizer(c.optimizer, () => this.parameters(), who);
    const { epochs = 1, batchSize = 32, shuffle = true, verbose: v = 1, callbacks = [] } = o;
    const steps = Math.ceil(n / batchSize);
    const history = new History({ epochs, steps, verbose: v });
    const progress = new Progress(v);
    const g = generatorFor(o.seed);
    const call = async (hook: string, ...args: unknown[]) => {
      for (const cb of callbacks) {
        await (cb[hook] as ((...a: unknown[]) => unknown) | undefined)?.(...args);
      }
    };
    this.stopTraining = false;
    await call("onTrainBegin", {});
    let logs: Logs = {};
    for (let epoch = 0; epoch < epochs && !this.stopTraining; epoch++) {
      await call("onEpochBegin", epoch, {});
      progress.epochBegin(epoch, epochs);
      const order = shuffle
        ? shuffled(n, () => g.uniform())
        : Int32Array.from({ length: n }, (_, i) => i);
      logs = await trainEpoch(
        this,
        c,
        data.kind,
        data.x,
        data.y,
        order,
        batchSize,
        async (b, phase, l) => {
          await call(phase === "begin" ? "onBatchBegin" : "onBatchEnd", b, l);
          if (phase === "end") progress.batchEnd(b + 1, steps, l);
        },
      );
      if (val) {
        Object.assign(logs, await evaluateData(this, c, val.kind, val.x, val.y, batchSize, "val_"));
      }
      progress.epochEnd(steps, logs);
      history.record(epoch, logs);
      await call("onEpochEnd", epoch, logs);
    }
    await call("onTrainEnd", logs);
    return history;
  }

  /**
   * The loss and metrics over `x` and `y` in inference mode, as Keras' `evaluate`.
   *
   * @param x Inputs. @param y Targets.
   * @param options `batchSize` (32), `verbose` (1).
   * @returns `[loss, ...metrics]` (always an array; Keras returns a bare loss without metrics).
   * @throws {TypeError} Before compile, or for x and y the model does not take.
   * @throws {RangeError} For ids outside the table or labels outside the loss's range.
   */
  async evaluate(x: Samples, y: Samples, options: EvaluateOptions = {}): Promise<number[]> {
    const who = `${this.constructor.name}.evaluate()`;
    const { batchSize = 32, verbose: v = 1 } = parseOptions(evaluateSchema, options, who, EXPECTED);
    const data = this.#prepare(x, y, who);
    const progress = new Progress(v);
    progress.epochBegin(0, 0);
    const logs = await evaluateData(this, this.#compiled!, data.kind, data.x, data.y, batchSize);
    progress.epochEnd(Math.ceil(data.x.shape[0] / batchSize), logs);
    return Object.values(logs);
  }

  /**
   * The model's outputs for `x` in inference mode, as Keras' `predict`.
   *
   * @param x Inputs, one per sample.
   * @param options `batchSize` (32).
   * @returns A `[samples, ...]` float32 tensor.
   * @throws {TypeError} For inputs the model does not take.
   */
  async predict(x: Samples, options: PredictOptions = {}): Promise<Tensor<"float32">> {
    const who = `${this.constructor.name}.predict()`;
    const { batchSize = 32 } = parseOptions(predictSchema, options, who, EXPECTED);
    const first = this.layers[0];
    const data = hostData(x, first instanceof Embedding ? "int32" : "float32", who, "x");
    this.buildFor([null, ...data.shape.slice(1)], who, "x");
    return await predictData(this, data, batchSize);
  }

  /**
   * Prints the layer table Keras prints: names, output shapes and parameter counts.
   *
   * @param printFn Called with each line (Keras' `print_fn`). @default console.log
   * @throws {TypeError} Before the model is built (no `inputLength` on its first
   *   layer and no `fit`/`predict` yet).
   */
  summary(printFn: (line: string) => void = console.log): void {
    const who = `${this.constructor.name}.summary()`;
    if (typeof printFn !== "function") {
      throw new TypeError(`${who}: printFn is ${describe(printFn)} but must be a function`);
    }
    const declared = declaredInput(this.layers);
    if (declared !== null) this.buildFor(declared, who);
    if (this.#shapes === null) {
      throw new TypeError(
        `${who}: the model is not built yet; give the first layer an inputLength or call fit() or predict() first`,
      );
    }
    const name = this.constructor.name.replace(/(.)([A-Z][a-z0-9]+)/g, "$1_$2").toLowerCase();
    for (const line of summaryLines(name, this.layers, this.#shapes)) printFn(line);
  }
}
