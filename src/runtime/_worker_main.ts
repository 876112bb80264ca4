/**
 * The body of every Worker. It is shipped as source text (with the JS
 * reference kernels, see `_worker_source.ts`), so it is self-contained: no
 * imports, no references to module scope. It runs the commands of its ring
 * in a `SharedArrayBuffer` and reports completion and failures through the
 * same buffer. After each command it polls the ring for `SPIN_US`
 * microseconds; then, for `IDLE_WAITS` idle milliseconds, it
 * blocks in `Atomics.wait` (microsecond wake-ups; a wait through the event
 * loop costs hundreds of microseconds, milliseconds on a busy machine, and a
 * training loop comes back within a few milliseconds); then, and every 64
 * commands, it returns to its event loop: V8 installs optimised (TurboFan)
 * Wasm code through tasks on that loop, so a Worker that never returned to it
 * would run baseline code forever (measured: 2x slower kernels).
 */

import type { Heap, KernelFn } from "../../kernels/kernel.ts";
import type { ArgLayout, decodeArgs } from "../../kernels/signature.ts";

/** The CommonJS `require` of an eval'd `node:worker_threads` Worker. */
declare const require: (id: string) => unknown;

/** Layout of the control buffer (int32 indices), shared with `pool.ts`. */
export const CONTROL = {
  /** 1 ms blocking waits an idle Worker makes before waiting through its event loop. */
  IDLE_WAITS: 50,
  /**
   * Microseconds a thread waiting for the other side polls before it blocks
   * (as OpenMP runtimes spin before sleeping): the launches of one step come
   * tens of microseconds apart, and waking a blocked thread costs 15-30 µs
   * on a virtual machine against under 1 µs for a polling one.
   */
  SPIN_US: 200,
  /** Outstanding RUN commands of the current dispatch (all Workers). */
  PENDING: 0,
  /** First int of Worker w's region: `HEADER + w * REGION`. */
  HEADER: 16,
  REGION: 2048,
  /** Offsets inside a region. */
  TAIL: 0,
  HEAD: 1,
  STATUS: 2,
  ERRLEN: 3,
  RING: 8,
  SLOTS: 8,
  SLOT: 64,
  /** Slot layout: op, kernel id, start, end, arg count, then f64 args from int 8. */
  ARGS: 8,
  MAX_ARGS: 28,
  /** Error text (UTF-16) from this int of the region. */
  ERRTEXT: 8 + 8 * 64,
  /** Ops. */
  RUN: 1,
  LOAD_WASM: 2,
  LOAD_JS: 3,
  EXIT: 4,
  FAULT: 5,
  UNLOAD: 6,
} as const;

/**
 * Entry point of a Worker; `jsKernels` are the JS reference kernels by name,
 * `decode` decodes their positional arguments by the layout a load carries.
 */
export function workerMain(
  jsKernels: Record<string, KernelFn>,
  C: typeof CONTROL,
  decode: typeof decodeArgs,
): void {
  const { parentPort } = require("node:worker_threads") as {
    parentPort: {
      once(event: string, fn: (m: unknown) => void): void;
      postMessage(m: unknown): void;
    };
  };
  parentPort.once("message", (message) => {
    const { memory, control, index } = message as {
      memory: WebAssembly.Memory;
      control: SharedArrayBuffer;
      index: number;
    };
    const ctl = new Int32Array(control),
      f64 = new Float64Array(control),
      u16 = new Uint16Array(control);
    const base = C.HEADER + index * C.REGION;
    const makeHeap = (buffer: ArrayBufferLike): Heap => ({
      u8: new Uint8Array(buffer),
      i32: new Int32Array(buffer),
      f32: new Float32Array(buffer),
      f64: new Float64Array(buffer),
    });
    let heap = makeHeap(memory.buffer);
    const kernels = new Map<number, (args: number[], start: number, end: number) => number>();
    const text = (ptr: number, len: number) =>
      new TextDecoder().decode(heap.u8.slice(ptr, ptr + len));
    const fail = (err: unknown) => {
      const msg = String((err as Error)?.message ?? err).slice(0, 2 * (C.REGION - C.ERRTEXT) - 1);
      for (let i = 0; i < msg.length; i++) u16[2 * (base + C.ERRTEXT) + i] = msg.charCodeAt(i);
      ctl[base + C.ERRLEN] = msg.length;
      Atomics.store(ctl, base + C.STATUS, 1);
    };
    parentPort.postMessage("ready");
    // The pending waitAsync alone does not keep a Worker's event loop alive.
    const keepAlive = setInterval(() => {}, 1 << 30);
    let head = 0;
    /** One macrotask turn of this Worker's event loop. */
    const turn = () =>
      new Promise<void>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          resolve();
        };
        channel.port2.postMessage(0);
      });
    const next = async (): Promise<void> => {
      if (head % 64 === 63) await turn();
      let idle = 0;
      const spinUntil = performance.now() + C.SPIN_US / 1000;
      for (let i = 1; Atomics.load(ctl, base + C.TAIL) <= head; i++) {
        if ((i & 255) === 0 && performance.now() > spinUntil) break;
      }
      for (let tail; (tail = Atomics.load(ctl, base + C.TAIL)) <= head;) {
        if (idle++ < C.IDLE_WAITS) {
          Atomics.wait(ctl, base + C.TAIL, tail, 1);
          continue;
        }
        const wait = Atomics.waitAsync(ctl, base + C.TAIL, tail);
        if (wait.async) await wait.value;
      }
    };
    const loop = async () => {
      for (;;) {
        await next();
        const slot = base + C.RING + (head % C.SLOTS) * C.SLOT;
        const op = ctl[slot], id = ctl[slot + 1], start = ctl[slot + 2], end = ctl[slot + 3];
        const args: number[] = [];
        for (let i = 0; i < ctl[slot + 4]; i++) args.push(f64[(slot + C.ARGS) / 2 + i]);
        try {
          if (heap.u8.byteLength !== memory.buffer.byteLength) heap = makeHeap(memory.buffer);
          if (op === C.RUN) {
            const run = kernels.get(id);
            if (run === undefined) throw new Error(`kernel ${id} is not loaded`);
            // A kernel that met an index out of range reports status 2 (the caller raises it).
            if (run(args, start, end) !== 0) Atomics.store(ctl, base + C.STATUS, 2);
          } else if (op === C.LOAD_WASM) {
            const bytes = heap.u8.slice(args[0], args[0] + args[1]);
            const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
              env: { memory, pow: Math.pow },
            });
            const exported = instance.exports.run as (...a: number[]) => number;
            kernels.set(id, (a, s, e) => exported(...a, s, e));
          } else if (op === C.LOAD_JS) {
            const { name, spec, layout } = JSON.parse(
              text(args[0], args[1]),
              (_k, v) =>
                v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v === "NaN" ? NaN : v,
            );
            const fn = jsKernels[name];
            if (fn === undefined) throw new Error(`no JS kernel ${name}`);
            // One decoded-arguments object per loaded kernel, refilled by every run.
            const into = {};
            kernels.set(
              id,
              (a, s, e) => fn(heap, spec, decode(layout as ArgLayout, a, into) as never, s, e),
            );
          } else if (op === C.UNLOAD) {
            kernels.delete(id);
          } else if (op === C.FAULT) {
            // Test hook: 1 throws inside a kernel, 2 kills the Worker.
            if (args[0] === 2) {
              (globalThis as unknown as { process: { exit(c: number): void } }).process.exit(3);
            }
            throw new Error("injected fault");
          }
        } catch (err) {
          fail(err);
        }
        head++;
        Atomics.store(ctl, base + C.HEAD, head);
        if (op === C.RUN || op === C.FAULT) {
          if (Atomics.sub(ctl, C.PENDING, 1) === 1) Atomics.notify(ctl, C.PENDING);
        }
        if (op === C.EXIT) break;
      }
      clearInterval(keepAlive);
    };
    void loop();
  });
}
