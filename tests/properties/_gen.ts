/**
 * A tiny seeded generator for the property suite: valid values of each kind,
 * and hostile ones (every class of bad input a user can pass), all from a
 * fixed seed so every failure reproduces.
 */

import { rng } from "../_numeric.ts";
import { randn, type Tensor, tensor } from "../../mod.ts";

/** A seeded source of test values. */
export class Gen {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = rng(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.#next();
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.#next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.#next() < p;
  }

  /** One of the items. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#next() * items.length)];
  }

  /** A hostile value: anything a user could wrongly pass as an argument. */
  hostile(): unknown {
    return this.pick(HOSTILE)();
  }

  /** A hostile options object: any hostile value, or a Proxy or getter that throws. */
  hostileOptions(): unknown {
    return this.chance(0.2) ? this.pick(PROXIES)() : this.hostile();
  }

  /** A hostile number (as an element of data, or a numeric option). */
  badNumber(): unknown {
    return this.pick(BAD_NUMBERS);
  }

  /** `n` random floats in [-3, 3), with -0 and exact zeros now and then. */
  floats(n: number): number[] {
    return Array.from({ length: n }, () => {
      if (this.chance(0.05)) return this.pick([0, -0]);
      return Math.fround(this.float() * 6 - 3);
    });
  }

  /** A float32 `[rows, cols]` table with random values. */
  table(rows: number, cols: number): Tensor<"float32"> {
    return randn([rows, cols], { seed: this.int(0, 2 ** 31) });
  }

  /** `n` ids in [0, V). */
  ids(n: number, V: number): number[] {
    return Array.from({ length: n }, () => this.int(0, V - 1));
  }

  /** Indices in one of the accepted forms: nested array, Int32Array or int32 tensor. */
  idsAs(values: number[], shape: readonly number[]): unknown {
    const form = shape.length > 1 && shape.includes(0) ? 2 : this.int(0, 2);
    if (form === 1 && shape.length === 1) return Int32Array.from(values);
    if (form === 2) return tensor(Int32Array.from(values), { shape: [...shape], dtype: "int32" });
    return nest(values, shape);
  }
}

/** Rebuilds nested arrays of a shape from row-major values. */
export function nest(values: readonly number[], shape: readonly number[]): unknown {
  if (shape.length <= 1) return values.slice();
  const step = values.length / shape[0];
  return Array.from(
    { length: shape[0] },
    (_, i) => nest(values.slice(i * step, (i + 1) * step), shape.slice(1)),
  );
}

/** Numbers that are wrong somewhere: not integers, not finite, out of every range. */
export const BAD_NUMBERS: readonly unknown[] = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  -1,
  1.5,
  2 ** 31,
  2 ** 32,
  2 ** 53 + 2,
  1e300,
  -(2 ** 31) - 1,
  Number.MIN_VALUE,
  "3",
  10n,
  null,
  true,
];

function deep(depth: number): unknown {
  let a: unknown = [0];
  for (let i = 0; i < depth; i++) a = [a];
  return a;
}

const DEEP = deep(100_000);
const CYCLIC: unknown[] = [];
CYCLIC.push(CYCLIC);
const CYCLIC_ROW: unknown[] = [1, 2];
CYCLIC_ROW[1] = CYCLIC_ROW;
const SPARSE: unknown[] = [];
SPARSE[2 ** 32 - 2] = 1;
const CIRCULAR: Record<string, unknown> = { a: 1 };
CIRCULAR.self = CIRCULAR;

function throwing(): object {
  const boom = () => {
    throw new Error("boom from a hostile Proxy");
  };
  return new Proxy({}, {
    get: boom,
    has: boom,
    ownKeys: boom,
    getPrototypeOf: boom,
    getOwnPropertyDescriptor: boom,
  });
}

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable([] as unknown[], {});
  revoke();
  return proxy;
}

function getterThatThrows(): object {
  const o = {};
  for (const key of ["paddingIdx", "mode", "dtype", "shape", "0", "length", "seed"]) {
    Object.defineProperty(o, key, {
      enumerable: true,
      get() {
        throw new RangeError("boom from a getter");
      },
    });
  }
  return o;
}

function arrayWithThrowingElement(): unknown[] {
  const a = [1, 2, 3];
  Object.defineProperty(a, 1, {
    get() {
      throw new Error("boom from an element");
    },
  });
  return a;
}

function disposed(): Tensor {
  const t = tensor([[1, 2], [3, 4]]);
  t.dispose();
  return t;
}

/** Factories of hostile values (fresh where identity matters). */
export const HOSTILE: readonly (() => unknown)[] = [
  ...BAD_NUMBERS.map((v) => () => v),
  () => undefined,
  () => "",
  () => "x".repeat(100_000),
  () => "padding_idx",
  () => Symbol("hostile"),
  () => Symbol(),
  () => 2n ** 200n,
  () => Object.create(null),
  () => ({}),
  () => ({ __proto__: null, shape: [2] }),
  () => [],
  () => [[1, 2], [3]],
  () => [1, "2", 3],
  () => [[Symbol("in data")]],
  () => DEEP,
  () => CYCLIC,
  () => CYCLIC_ROW,
  () => SPARSE,
  () => new Array(5),
  () => new Float64Array([1.5, NaN]),
  () => new Uint8Array([1, 2]),
  () => new BigInt64Array(2),
  () => new Int32Array([-1, 2 ** 31 - 1]),
  () => new Float32Array([NaN, -0]),
  () => new DataView(new ArrayBuffer(4)),
  () => () => 1,
  () => class {},
  () => new Date(0),
  () => new Map([["mode", "sum"]]),
  () => Promise.resolve(1),
  () => CIRCULAR,
  getterThatThrows,
  arrayWithThrowingElement,
  disposed,
  () => tensor([1, 2, 3], { dtype: "int32" }),
  () => tensor([[[1.5]]]),
  () => tensor(3),
  () => tensor([[0.5, 1], [2, 3]]),
];

/**
 * Proxies that throw on every trap, and revoked ones: options objects (read
 * once, through one path) must survive them; other arguments may surface
 * the Proxy's own error, as any JavaScript function does.
 */
export const PROXIES: readonly (() => unknown)[] = [throwing, revoked, getterThatThrows];
