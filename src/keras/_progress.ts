/**
 * Progress as Keras prints it: `verbose: 1` a live bar with the running
 * loss and metrics on a terminal (one line per epoch otherwise), `2` one
 * line per epoch, `0` nothing.
 */

type Out = { isTerminal(): boolean; write(text: string): void };

/** stdout in Deno (no permission needed), Bun or Node. */
function stdout(): Out {
  const g = globalThis as unknown as {
    Deno?: { stdout: { isTerminal(): boolean; writeSync(b: Uint8Array): number } };
    process?: { stdout: { isTTY?: boolean; write(s: string): boolean } };
  };
  const encoder = new TextEncoder();
  if (g.Deno) {
    const out = g.Deno.stdout;
    return {
      isTerminal: () => out.isTerminal(),
      write: (text) => {
        const bytes = encoder.encode(text);
        for (let done = 0; done < bytes.length;) done += out.writeSync(bytes.subarray(done));
      },
    };
  }
  const out = g.process?.stdout;
  return {
    isTerminal: () => out?.isTTY === true,
    write: (text) => void out?.write(text),
  };
}

/** Keras' number format in logs. */
function value(v: number): string {
  return Math.abs(v) > 1e-3 || v === 0
    ? v.toFixed(4)
    : v.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
}

/** ` - loss: 0.6931 - accuracy: 0.5000`. */
export function logsText(logs: Readonly<Record<string, number>>): string {
  return Object.entries(logs).map(([k, v]) => ` - ${k}: ${value(v)}`).join("");
}

/** Keras' 30-wide bar: `[=====>........]`. */
export function bar(current: number, target: number): string {
  const width = target > 0 ? Math.floor((30 * current) / target) : 30;
  let s = width > 0 ? "=".repeat(width - 1) + (current < target ? ">" : "=") : "";
  s += ".".repeat(30 - width);
  return `[${s}]`;
}

/** Reports one `fit` or `evaluate` run. */
export class Progress {
  readonly #verbose: 0 | 1 | 2;
  readonly #out = stdout();
  readonly #live: boolean;
  #start = 0;

  constructor(verbose: 0 | 1 | 2) {
    this.#verbose = verbose;
    this.#live = verbose === 1 && this.#out.isTerminal();
  }

  /** `Epoch 3/50`, or no header for `evaluate` (`epochs` 0). */
  epochBegin(epoch: number, epochs: number): void {
    if (this.#verbose !== 0 && epochs > 0) this.#out.write(`Epoch ${epoch + 1}/${epochs}\n`);
    this.#start = performance.now();
  }

  /** The live bar after a batch (a terminal with `verbose: 1` only). */
  batchEnd(step: number, steps: number, logs: Readonly<Record<string, number>>): void {
    if (!this.#live || step === steps) return;
    const n = String(steps).length;
    const eta = Math.round(((performance.now() - this.#start) / 1000 / step) * (steps - step));
    this.#out.write(
      `\r${String(step).padStart(n)}/${steps} ${bar(step, steps)} - ETA: ${eta}s${logsText(logs)}`,
    );
  }

  /** The epoch's line, with the epoch's logs (validation included). */
  epochEnd(steps: number, logs: Readonly<Record<string, number>>): void {
    if (this.#verbose === 0) return;
    const ms = performance.now() - this.#start;
    const secs = `${Math.round(ms / 1000)}s`;
    const perStep = `${Math.round(ms / Math.max(steps, 1))}ms/step`;
    if (this.#verbose === 2) {
      this.#out.write(
        `${steps}/${steps} - ${secs} - ${logsText(logs).slice(3)} - ${
          Math.round(ms)
        }ms/epoch - ${perStep}\n`,
      );
      return;
    }
    const head = `${steps}/${steps} ${bar(steps, steps)} - ${secs} ${perStep}`;
    this.#out.write(`${this.#live ? "\r" : ""}${head}${logsText(logs)}\n`);
  }
}
