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

/** Infers the shape of a nested array; throws a TypeError on ragged or non-numeric data. */
export function inferShape(data: NestedArray, who: string): number[] {
  const shape: number[] = [];
  let probe: NestedArray = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  checkRagged(data, shape, 0, "", who);
  return shape;
}

function checkRagged(
  data: NestedArray,
  shape: number[],
  depth: number,
  path: string,
  who: string,
): void {
  if (depth === shape.length) {
    if (typeof data !== "number") {
      throw new TypeError(`${who}: data${path} is ${describe(data)} but must be a number`);
    }
    return;
  }
  if (!Array.isArray(data)) {
    throw new TypeError(
      `${who}: data${path} is ${describe(data)} but must be an array of length ${shape[depth]}`,
    );
  }
  if (data.length !== shape[depth]) {
    throw new TypeError(
      `${who}: data${path} has length ${data.length} but data${"[0]".repeat(depth)} has length ${
        shape[depth]
      }`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    checkRagged(data[i], shape, depth + 1, `${path}[${i}]`, who);
  }
}

/** Writes the leaves of a nested array into `out` in row-major order. */
export function flattenInto(data: NestedArray, out: { [i: number]: number }, at = 0): number {
  if (typeof data === "number") {
    out[at] = data;
    return at + 1;
  }
  for (const item of data) at = flattenInto(item, out, at);
  return at;
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") {
    return JSON.stringify(value.length > 20 ? value.slice(0, 20) + "…" : value);
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === "function") return "a function";
  const name = (value as object).constructor?.name;
  return name && name !== "Object" ? `a ${name}` : "an object";
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
