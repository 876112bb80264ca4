/**
 * `History` (what `fit` returns) and `Callback` (what `fit` calls), as in
 * Keras.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import { describe } from "../tensor/_nested.ts";
import { parseOptions } from "../ops/_options.ts";

const whole = z.number().int().min(0);
const paramsSchema = z.strictObject({ epochs: whole, steps: whole, verbose: whole });
const EXPECTED = {
  epochs: "an integer at least 0",
  steps: "an integer at least 0",
  verbose: "an integer at least 0",
};

/**
 * Values of one epoch or batch by name: `loss`, `accuracy`, `val_loss`,
 * `val_accuracy` (the names Keras uses).
 *
 * @example
 * ```ts
 * import type { Logs } from "@tessera/embed";
 * const logs: Logs = { loss: 0.69, accuracy: 0.5 };
 * console.log(Object.keys(logs)); // ["loss", "accuracy"]
 * ```
 */
export type Logs = Record<string, number>;

/**
 * Hooks `fit` calls, as a Keras `Callback` (any subset; each may be async
 * and is awaited). Set `model.stopTraining = true` in `onEpochEnd` to stop
 * after that epoch, as Keras' `EarlyStopping` does.
 *
 * @example
 * ```ts
 * import type { Callback, Logs } from "@tessera/embed";
 * const seen: number[] = [];
 * const record: Callback = { onEpochEnd: (epoch: number, logs: Logs) => void seen.push(logs.loss) };
 * console.log(typeof record.onEpochEnd); // "function"
 * ```
 */
export interface Callback {
  /** Before the first epoch. */
  onTrainBegin?(logs: Logs): void | Promise<void>;
  /** After the last epoch, with its logs. */
  onTrainEnd?(logs: Logs): void | Promise<void>;
  /** Before epoch `epoch` (from 0). */
  onEpochBegin?(epoch: number, logs: Logs): void | Promise<void>;
  /** After epoch `epoch`, with its loss, metrics and validation values. */
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  /** Before batch `batch` (from 0 in each epoch). */
  onBatchBegin?(batch: number, logs: Logs): void | Promise<void>;
  /** After batch `batch`, with the epoch's running loss and metrics. */
  onBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
}

/**
 * The record of a `fit`: `history.loss[e]`, `history.accuracy[e]`,
 * `history.val_loss[e]` ... per epoch, `epoch` the epoch numbers, `params`
 * the run's settings (Keras' `History`).
 *
 * @example
 * ```ts
 * import { History } from "@tessera/embed";
 * const h = new History({ epochs: 2, steps: 1, verbose: 0 });
 * h.record(0, { loss: 0.7 });
 * h.record(1, { loss: 0.6 });
 * console.log(h.history.loss, h.epoch); // [0.7, 0.6] [0, 1]
 * ```
 */
export class History {
  /** Each logged value, one entry per epoch. */
  readonly history: Record<string, number[]> = {};
  /** The epochs recorded (from 0). */
  readonly epoch: number[] = [];
  /** `epochs`, `steps` (batches per epoch) and `verbose` of the run. */
  readonly params: { epochs: number; steps: number; verbose: number };

  /**
   * An empty history.
   *
   * @param params The run's settings.
   * @throws {TypeError} For settings that are not non-negative integers.
   */
  constructor(params: { epochs: number; steps: number; verbose: number }) {
    this.params = parseOptions(paramsSchema, params, "History()", EXPECTED);
  }

  /**
   * Appends an epoch's logs.
   *
   * @param epoch The epoch number.
   * @param logs Its values.
   * @throws {TypeError} For a non-integer epoch or logs that are not numbers by name.
   */
  record(epoch: number, logs: Readonly<Logs>): void {
    const who = "History.record()";
    if (!Number.isInteger(epoch)) {
      throw new TypeError(`${who}: epoch is ${describe(epoch)} but must be an integer`);
    }
    let entries: [string, unknown][] | undefined;
    try {
      const plain = typeof logs === "object" && logs !== null && !Array.isArray(logs) &&
        !ArrayBuffer.isView(logs);
      entries = plain ? Object.entries(logs) : undefined;
    } catch {
      // A Proxy that throws: not logs.
    }
    if (!entries) throw new TypeError(`${who}: logs is ${describe(logs)} but must be an object`);
    const bad = entries.find(([, v]) => typeof v !== "number");
    if (bad) throw new TypeError(`${who}: ${bad[0]} is ${describe(bad[1])} but must be a number`);
    this.epoch.push(epoch);
    for (const [k, v] of entries) (this.history[k] ??= []).push(v as number);
  }
}
