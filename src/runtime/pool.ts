/**
 * The Worker pool: persistent Workers (started lazily, `unref`ed so they
 * never keep a program alive) sharing the tensor arena. Commands go through a
 * ring per Worker in a `SharedArrayBuffer` with `Atomics` (a round trip costs
 * a few microseconds, against 15-55 us for `postMessage`); the caller waits
 * with `Atomics.waitAsync`, so a Worker that dies is noticed through its
 * `exit` event, the call rejects, and the pool is rebuilt on the next call.
 *
 * @module
 */

import type { Worker } from "node:worker_threads";
import type { KernelSpec } from "../../kernels/kernel.ts";
import { kernelKey } from "../../kernels/wasm/registry.ts";
import { arena } from "../memory/arena.ts";
import { Lru } from "../memory/_lru.ts";
import { CONTROL as C } from "./_worker_main.ts";
import { workerSource } from "./_worker_source.ts";
import type { Range } from "./split.ts";
import { KernelFault } from "./_fault.ts";
import { kernelBytes, mayBlock, raiseStatus, spawnWorker } from "./_pool_spawn.ts";
import { allSettled, pollPending, postCommand } from "./_ring.ts";

/** How long a caller may block waiting for Workers before it waits asynchronously. */
const BLOCK_MS = 20;

/** Kernels a pool keeps loaded in its Workers. */
const POOL_KERNEL_LIMIT = 256;

/** Which kernels Workers run. */
export type KernelKind = "js" | "wasm";

interface Slot {
  readonly worker: Worker;
  readonly loaded: Set<number>;
}

/** A persistent pool of Workers. */
export class Pool {
  readonly size: number;
  // Each generation of Workers gets its own control buffer: a terminated
  // Worker may still be blocked in Atomics.wait on the old one.
  #control = new SharedArrayBuffer(0);
  #ctl: Int32Array<SharedArrayBuffer> = new Int32Array(this.#control);
  #f64: Float64Array<SharedArrayBuffer> = new Float64Array(this.#control);
  #slots: Slot[] | undefined;
  /** Settles when the Workers of the current generation have taken their first message. */
  #ready: Promise<unknown> = Promise.resolve();
  /** Whether `#ready` has settled successfully (seen once the event loop has turned). */
  #booted = false;
  /** Whether an asynchronous dispatch is on the Workers. */
  #busy = false;
  #died: ((err: Error) => void) | undefined;
  /** Bumped on every (re)start, so exits of old Workers are ignored. */
  #generation = 0;
  /** Kernels the Workers may hold, by key; the least recently used is unloaded when full. */
  #ids = new Lru<string, number>(POOL_KERNEL_LIMIT, (_key, id) => this.#unload(id));
  #nextId = 1;
  #blobs = new Map<number, { ptr: number; len: number }>();

  constructor(size: number) {
    this.size = Math.max(1, Math.min(64, size));
  }

  #broken = false;

  /** Starts the Workers (once; again after a failure). */
  async #start(): Promise<Slot[]> {
    if (this.#broken) {
      this.#broken = false;
      await this.shutdown();
    }
    const slots = this.#slots ?? this.#spawn();
    await this.#ready;
    return slots;
  }

  /**
   * Creates the Workers, synchronously: commands posted to their rings
   * before they have read their first message wait there, so a caller may
   * dispatch at once (and even block until the work is done).
   */
  #spawn(): Slot[] {
    this.#control = new SharedArrayBuffer(4 * (C.HEADER + this.size * C.REGION));
    this.#ctl = new Int32Array(this.#control);
    this.#f64 = new Float64Array(this.#control);
    const generation = ++this.#generation;
    const src = workerSource();
    const ready: Promise<void>[] = [];
    const slots = Array.from({ length: this.size }, (_, index) => {
      const init = { memory: arena().memory, control: this.#control, index };
      const { worker, ready: up } = spawnWorker(src, init, (err) => {
        if (generation !== this.#generation) return;
        this.#died?.(err);
        this.#broken = true;
      });
      ready.push(up);
      return { worker, loaded: new Set<number>() };
    });
    this.#booted = false;
    this.#ready = Promise.all(ready);
    this.#ready.then(() => {
      if (generation === this.#generation) this.#booted = true;
    }, () => {}); // A failure is reported by the next `#start`, or through `lost`.
    this.#slots = slots;
    return slots;
  }

  /** Stops every Worker; the next call starts new ones. */
  async shutdown(): Promise<void> {
    const slots = this.#slots;
    this.#slots = undefined;
    this.#generation++;
    if (!slots) return;
    // Ask each Worker to leave its loop, then make sure it is gone.
    slots.forEach((_, w) => {
      try {
        this.#post(w, C.EXIT, 0, 0, 0, []);
      } catch { /* A full ring: termination below still stops the Worker. */ }
    });
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  #fault = 0;

  /** Test hook: makes Worker 0 fail the next launch (1: the kernel throws, 2: the Worker exits). */
  injectFault(kind: 1 | 2): void {
    this.#fault = kind;
  }

  /** Whether Workers are running. */
  get started(): boolean {
    return this.#slots !== undefined;
  }

  /**
   * Whether the Workers have started and taken their first message, so that
   * work handed to them now does not wait for them to boot (about 0.1 to
   * 0.3 s). False until the event loop has turned once after they were started.
   */
  get booted(): boolean {
    return this.#slots !== undefined && this.#booted;
  }

  /** Starts the Workers if needed and resolves once they have booted. */
  async boot(): Promise<void> {
    await this.#start();
  }

  #post(
    w: number,
    op: number,
    id: number,
    start: number,
    end: number,
    args: readonly number[],
  ): void {
    postCommand(this.#ctl, this.#f64, w, { op, id, start, end, args });
  }

  /** The id of a kernel and the arena block its Workers load it from. */
  #kernelId(kind: KernelKind, kernel: string, spec: KernelSpec): number {
    const key = `${kind}:${kernelKey(kernel, spec)}`;
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#nextId++;
      const bytes = kernelBytes(kind, kernel, spec);
      const ptr = arena().alloc(bytes.length, "Worker pool");
      arena().heap.u8.set(bytes, ptr);
      this.#blobs.set(id, { ptr, len: bytes.length });
      this.#ids.set(key, id);
    }
    return id;
  }

  /** Frees an evicted kernel's bytes and makes the Workers that loaded it drop it. */
  #unload(id: number): void {
    const blob = this.#blobs.get(id)!;
    this.#blobs.delete(id);
    arena().free(blob.ptr, blob.len);
    this.#slots?.forEach((slot, w) => {
      if (slot.loaded.delete(id)) this.#post(w, C.UNLOAD, id, 0, 0, []);
    });
  }

  /** Number of kernels the pool holds (for tests and diagnostics). */
  get kernelCount(): number {
    return this.#ids.size;
  }

  /**
   * Runs a kernel on ranges and resolves when all are done. Range `w` goes
   * to Worker `w`; with `caller`, the calling thread runs the first range
   * itself once the others are handed out (one thread fewer to wake and wait
   * for), and range `w + 1` goes to Worker `w`. `caller` returns the kernel's
   * status (nonzero: an index out of range).
   *
   * @throws {Error} When a kernel fails or a Worker dies; the pool restarts on the next call.
   */
  async run(
    kind: KernelKind,
    kernel: string,
    spec: KernelSpec,
    args: readonly number[],
    all: readonly Range[],
    caller?: (start: number, end: number) => number,
  ): Promise<void> {
    const slots = await this.#start();
    const own = caller !== undefined && all.length > 0 ? all[0] : undefined;
    const ranges = own ? all.slice(1) : all;
    if (ranges.length > this.size) {
      throw new Error(`internal: ${ranges.length} ranges for ${this.size} Workers`);
    }
    const fault = this.#fault;
    this.#fault = 0;
    const died = new Promise<never>((_, reject) => (this.#died = reject));
    this.#busy = true;
    // The caller's share: a failure waits for the Workers (they write the same outputs).
    let status = 0, thrown: { err: unknown } | undefined;
    try {
      this.#dispatch(slots, kind, kernel, spec, args, ranges, fault);
      if (own) {
        try {
          status = caller!(own[0], own[1]);
        } catch (err) {
          thrown = { err };
        }
      }
      await Promise.race([this.#settled(), died]);
    } catch (err) {
      await this.shutdown();
      const why = (err as Error).message;
      throw new Error(`${kernel}: a Worker died while running it (${why}); the pool will restart`);
    } finally {
      this.#died = undefined;
      this.#busy = false;
    }
    if (thrown) throw thrown.err;
    if (status !== 0) throw new KernelFault(kernel);
    raiseStatus(this.#control, kernel, ranges.length);
  }

  /**
   * `run`, blocking the calling thread until the Workers are done (starting
   * them if needed); for kernels that cannot fail on bad data (a Worker that
   * dies meanwhile is noticed only afterwards). false, having done nothing,
   * when an asynchronous dispatch is on the Workers or this thread may not block.
   */
  runSync(
    kind: KernelKind,
    kernel: string,
    spec: KernelSpec,
    args: readonly number[],
    ranges: readonly Range[],
  ): boolean {
    if (this.#busy || this.#broken || !mayBlock()) return false;
    const slots = this.#slots ?? this.#spawn();
    this.#dispatch(slots, kind, kernel, spec, args, ranges, 0);
    pollPending(this.#ctl);
    for (let v; (v = Atomics.load(this.#ctl, C.PENDING)) !== 0;) {
      Atomics.wait(this.#ctl, C.PENDING, v, 1000);
    }
    raiseStatus(this.#control, kernel, ranges.length);
    return true;
  }

  /** Posts one RUN per range (loading the kernel where needed). */
  #dispatch(
    slots: Slot[],
    kind: KernelKind,
    kernel: string,
    spec: KernelSpec,
    args: readonly number[],
    ranges: readonly Range[],
    fault: number,
  ): void {
    const id = this.#kernelId(kind, kernel, spec);
    const blob = this.#blobs.get(id)!;
    for (let w = 0; w < ranges.length; w++) this.#ctl[C.HEADER + w * C.REGION + C.STATUS] = 0;
    Atomics.store(this.#ctl, C.PENDING, ranges.length);
    ranges.forEach(([start, end], w) => {
      const slot = slots[w];
      if (!slot.loaded.has(id)) {
        this.#post(w, kind === "wasm" ? C.LOAD_WASM : C.LOAD_JS, id, 0, 0, [blob.ptr, blob.len]);
        slot.loaded.add(id);
      }
      if (fault && w === 0) this.#post(w, C.FAULT, id, start, end, [fault]);
      else this.#post(w, C.RUN, id, start, end, args);
    });
  }

  /** Resolves once every RUN of the current dispatch has completed (see `_ring.ts`). */
  #settled(): Promise<void> {
    return allSettled(this.#ctl, BLOCK_MS);
  }
}
