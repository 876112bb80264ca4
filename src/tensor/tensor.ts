/**
 * `Tensor`: a lazy handle on a graph node whose value lives in the arena.
 *
 * @module
 */

import { bufferNode, type DType, type Node, sizeOf } from "../graph/node.ts";
import { realizeNodes, realizeNodesSync } from "../runtime/realize_nodes.ts";
import { formatTensor } from "./_format.ts";
import { nest, type NestedArray } from "./_nested.ts";
import { MADE, Storage } from "../memory/storage.ts";
import { disposeValue, storageOf } from "../graph/_dispose.ts";
import { noteRead } from "../graph/trace.ts";
import { disown, hooks, own } from "./_autograd.ts";
import type { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { checkShapeSize } from "./_sizes.ts";

export type { DType } from "../graph/node.ts";
export type { NestedArray } from "./_nested.ts";

/**
 * The typed array holding a dtype's elements.
 *
 * @example
 * ```ts
 * import { tensor, type TypedArrayFor } from "@tessera/embed";
 * const ids = tensor([3, 1, 2], { dtype: "int32" });
 * const view: TypedArrayFor<"int32"> = ids.dataSync(); // an Int32Array into the arena
 * console.log(view instanceof Int32Array, view[0]); // true 3
 * ```
 */
export type TypedArrayFor<D extends DType> = D extends "float32" ? Float32Array
  : D extends "int32" ? Int32Array
  : Float32Array | Int32Array;

/** Internal access to a tensor's node, for ops and the runtime. */
export interface TensorInternals {
  nodeOf(t: Tensor): Node;
  fromNode<D extends DType>(node: Node): Tensor<D>;
  /** Makes `node`, an in-place update of `t`, its new value. */
  replaceNode(t: Tensor, node: Node): void;
  /** See `hostView()`. */
  valuesOf<D extends DType>(t: Tensor<D>): TypedArrayFor<D>;
}

let internals: TensorInternals;

/**
 * An n-dimensional array of `float32` or `int32` values in Tessera's shared
 * arena. Tensors made by ops are lazy: nothing runs until `data()`,
 * `toArray()`, `toString()` or `realize()` asks for a value.
 *
 * @example
 * ```ts
 * import { tensor } from "@tessera/embed";
 * const t = tensor([[1, 2], [3, 4]]);
 * console.log(t.shape, t.dtype); // [2, 2] "float32"
 * console.log(await t.toArray()); // [[1, 2], [3, 4]]
 * ```
 */
export class Tensor<D extends DType = DType> {
  /** Size of each dimension. */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: D;
  #node: Node;
  /** The view handed out over the arena (views over a heap buffer are not kept, see `#viewOf()`). */
  #view: TypedArrayFor<D> | undefined;
  #requiresGrad = false;
  /**
   * The gradient `backward()` accumulated (summed over calls, as PyTorch
   * does, until a module's or optimizer's `zeroGrad()`); a `RowSparseGrad`
   * for a table read with `sparse: true`.
   */
  grad: Tensor<"float32"> | RowSparseGrad | undefined;

  static {
    internals = {
      nodeOf: (t) => t.#node,
      fromNode: <E extends DType>(node: Node) => new Tensor<E>(node),
      replaceNode(t, node) {
        if (t.#requiresGrad) own(node, t);
        t.#node = node;
        t.#view = undefined;
      },
      valuesOf: (t) => t.#valuesSync(false),
    };
  }

  private constructor(node: Node) {
    this.#node = node;
    this.shape = node.shape;
    this.dtype = node.dtype as D;
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /**
   * Whether `backward()` computes a gradient for this tensor (a leaf, as
   * PyTorch's parameters). Only float32 tensors can require gradients.
   */
  get requiresGrad(): boolean {
    return this.#requiresGrad;
  }

  set requiresGrad(value: boolean) {
    if (typeof value !== "boolean") {
      throw new TypeError(`Tensor.requiresGrad: ${String(value)} is not a boolean`);
    }
    if (value && this.dtype !== "float32") {
      throw new TypeError(`Tensor.requiresGrad: an ${this.dtype} tensor cannot require gradients`);
    }
    this.#requiresGrad = value;
    if (value) own(this.#node, this);
    else disown(this.#node, this);
  }

  /**
   * Computes the gradient of this scalar with respect to every tensor with
   * `requiresGrad` it depends on, and adds it to their `.grad` (PyTorch's
   * `loss.backward()`); the loss and the gradients are computed in one plan.
   *
   * @throws {TypeError} If the tensor is not a float32 scalar, or no tensor
   *   requiring gradients reaches it.
   */
  backward(): Promise<void> {
    return hooks.backward!(this);
  }

  /**
   * The value of a one-element tensor as a number (computed synchronously).
   *
   * @throws {TypeError} If the tensor has more than one element.
   */
  item(): number {
    if (this.size !== 1) {
      throw new TypeError(
        `Tensor.item(): the tensor has shape [${this.shape}] (${this.size} elements) but must have one`,
      );
    }
    return this.#valuesSync(false)[0];
  }

  /** Whether the value has been computed. */
  get realized(): boolean {
    return this.#node.storage !== undefined;
  }

  /**
   * Computes the tensor if needed and returns its elements, row-major: a
   * typed-array view of the tensor's storage (no copy), which sees later
   * writes to the tensor and whose writes the tensor sees. The storage is in
   * the shared arena, or, for a tensor born after 256 MiB of its kind were
   * born without the event loop turning, on the JavaScript heap. The view
   * stays valid while it or the tensor is reachable, until `dispose()`.
   *
   * @returns A `Float32Array` or `Int32Array` over the tensor's storage.
   */
  data(): Promise<TypedArrayFor<D>> {
    return this.#values(true);
  }

  /**
   * Like `data()`, but computes synchronously on the calling thread.
   *
   * @returns A `Float32Array` or `Int32Array` over the tensor's storage.
   */
  dataSync(): TypedArrayFor<D> {
    return this.#valuesSync(true);
  }

  /** Computes the tensor if needed and returns it as nested arrays of numbers. */
  async toArray(): Promise<NestedArray> {
    return nest(await this.#values(false), this.shape);
  }

  /** Like `toArray()`, computed synchronously on the calling thread. */
  toArraySync(): NestedArray {
    return nest(this.#valuesSync(false), this.shape);
  }

  /**
   * A printout in the spirit of PyTorch's, e.g. `tensor([[1., 2.], [3., 4.]])`.
   * Computes the tensor synchronously if it is still lazy.
   */
  toString(): string {
    if (storageOf(this.#node)?.freed) return `Tensor(disposed, shape=[${this.shape}])`;
    return formatTensor(this.#valuesSync(false), this.shape, this.dtype);
  }

  /**
   * Returns the storage to the arena. The tensor and its views are unusable
   * afterwards. Results computed from it that are still pending keep its data
   * alive until they are computed; a pending in-place update (`maxNorm`) that
   * nothing reads is dropped.
   */
  dispose(): void {
    disposeValue(this.#node);
    this.#view = undefined;
  }

  /** `using t = ...` disposes the tensor at the end of the scope. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  #checkLive(who: string): void {
    if (storageOf(this.#node)?.freed) {
      throw new TypeError(`${who}: the tensor of shape [${this.shape}] has been disposed`);
    }
  }

  /** Computes the tensor if needed, then `#viewOf()`. */
  async #values(handOut: boolean): Promise<TypedArrayFor<D>> {
    this.#checkLive("Tensor.data()");
    if (this.#node.storage === undefined) await realizeNodes([this.#node]);
    return this.#viewOf("Tensor.data()", handOut);
  }

  /** Computes the tensor synchronously if needed, then `#viewOf()`. */
  #valuesSync(handOut: boolean): TypedArrayFor<D> {
    this.#checkLive("Tensor.dataSync()");
    if (this.#node.storage === undefined) realizeNodesSync([this.#node]);
    return this.#viewOf("Tensor.dataSync()", handOut);
  }

  /**
   * The cached view, or a new one; one read here only (`handOut` false) is
   * transient. A view over a heap buffer is not kept: the storage counts the
   * ones handed out until they are collected, and the value moves back into
   * the arena only once none is left (see `Storage.promoteIfDue()`).
   */
  #viewOf(who: string, handOut: boolean): TypedArrayFor<D> {
    this.#checkLive(who);
    noteRead(this.#node, "it read a tensor's value");
    const storage = this.#node.storage!;
    if (this.#view !== undefined && !storage.spilled) return this.#view;
    const view = storage.view(this.size, this.dtype) as TypedArrayFor<D>;
    if (!storage.spilled) return this.#view = storage.attach(view);
    return handOut ? storage.trackView(storage.attach(view)) : view;
  }

  /** Deno's `console.log` shows `toString()`. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** Node's and Bun's `console.log` show `toString()`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Internal hooks; not part of the public API. */
export function tensorInternals(): TensorInternals {
  return internals;
}

/**
 * Wraps fresh storage of `shape` and `dtype` in a realized tensor (contents
 * unspecified; zeros when it lives on the JavaScript heap, see
 * `src/memory/storage.ts`). Every dimension must fit int32 and the tensor
 * stay below 4 GiB (a `RangeError` naming `who` otherwise), even when it is empty.
 */
export function allocTensor<D extends DType>(
  shape: readonly number[],
  dtype: D,
  who: string,
): Tensor<D> {
  checkShapeSize(shape, who);
  const storage = Storage.make(sizeOf(shape) * 4, who, MADE);
  const node = bufferNode(storage, shape, dtype);
  return internals.fromNode<D>(node);
}

/**
 * The values of `t` (computed now if lazy), through a transient view that
 * is not handed out: to fill a tensor just made by `allocTensor()`, or to
 * read one inside an op. (`dataSync()` hands its view out, and a view
 * handed out keeps a value on the JavaScript heap there.)
 */
export function hostView<D extends DType>(t: Tensor<D>): TypedArrayFor<D> {
  return internals.valuesOf(t);
}
