import { describe } from "./_describe.ts";

export { describe };

/**
 * Nested plain arrays of numbers, as users write them.
 *
 * @example
 * ```ts
 * import { type NestedArray, tensor } from "@tessera/embed";
 * const rows: NestedArray = [[1, 2], [3, 4]];
 * const t = tensor(rows);
 * const back: NestedArray = await t.toArray();
 * console.log(back); // [[1, 2], [3, 4]]
 * ```
 */
export type NestedArray = number | readonly NestedArray[];

/**
 * Most dimensions a tensor may have. Deeper nesting (or a cyclic array) is a
 * `RangeError`, found before any recursion, so no input can overflow the stack.
 */
export const MAX_RANK = 32;

/** The error `readNested` is raising itself (anything else came from reading the data). */
let own: Error | undefined;

function fail<E extends Error>(error: E): E {
  own = error;
  return error;
}

/**
 * Reads nested arrays of numbers in one pass: their shape and their leaves in
 * row-major order. Each element is read exactly once.
 *
 * @throws {TypeError} For ragged or non-numeric data, or data that cannot be read (a throwing getter, a revoked Proxy).
 * @throws {RangeError} For nesting deeper than `MAX_RANK` (or a cyclic array).
 */
export function readNested(data: unknown, who: string): { shape: number[]; values: number[] } {
  const shape: number[] = [], values: number[] = [];
  try {
    let probe = data;
    while (Array.isArray(probe)) {
      if (shape.length === MAX_RANK) {
        throw fail(
          new RangeError(
            `${who}: data is nested more than ${MAX_RANK} deep (or cyclic) but tensors have at most ${MAX_RANK} dimensions`,
          ),
        );
      }
      shape.push(probe.length);
      if (probe.length === 0) break;
      probe = probe[0];
    }
    walk(data, shape, 0, "", who, values);
  } catch (err) {
    if (err === own) throw err;
    throw new TypeError(`${who}: data could not be read (${errorText(err)})`);
  } finally {
    own = undefined;
  }
  return { shape, values };
}

/** The message of an error thrown by user code, short, or a description of the thrown value. */
export function errorText(err: unknown): string {
  try {
    if (err instanceof Error && typeof err.message === "string") return err.message.slice(0, 80);
  } catch {
    // Fall through to the description.
  }
  return describe(err);
}

function walk(
  data: unknown,
  shape: readonly number[],
  depth: number,
  path: string,
  who: string,
  out: number[],
): void {
  if (depth === shape.length) {
    if (typeof data !== "number") {
      throw fail(new TypeError(`${who}: data${path} is ${describe(data)} but must be a number`));
    }
    out.push(data);
    return;
  }
  if (!Array.isArray(data)) {
    throw fail(
      new TypeError(
        `${who}: data${path} is ${describe(data)} but must be an array of length ${shape[depth]}`,
      ),
    );
  }
  const n = data.length;
  if (n !== shape[depth]) {
    throw fail(
      new TypeError(
        `${who}: data${path} has length ${n} but data${"[0]".repeat(depth)} has length ${
          shape[depth]
        }`,
      ),
    );
  }
  for (let i = 0; i < n; i++) walk(data[i], shape, depth + 1, `${path}[${i}]`, who, out);
}

/** Formats a multi-index like `[1,3]` for messages. */
export function formatIndex(flat: number, shape: readonly number[]): string {
  if (shape.length === 0) return "";
  const parts = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    parts[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return `[${parts.join(",")}]`;
}

/** Nested arrays of `shape` from row-major `data`. */
export function nest(data: ArrayLike<number>, shape: readonly number[]): NestedArray {
  if (shape.length === 0) return data[0];
  let at = 0;
  const build = (depth: number): NestedArray[] => {
    const out: NestedArray[] = new Array(shape[depth]);
    for (let i = 0; i < shape[depth]; i++) {
      out[i] = depth === shape.length - 1 ? data[at++] : build(depth + 1);
    }
    return out;
  };
  return build(0);
}
