/**
 * Range checks for sizes computed from user numbers. Kernels address the
 * arena with 32-bit arithmetic (Wasm `i32`, row offsets `k * D * 4`), so every
 * size that reaches them must fit: a row count or index bound at most
 * `2^31 - 1` (the largest int32 index), and a tensor's bytes below 4 GiB.
 * Checking here, at the boundary, turns what would wrap silently into a
 * `RangeError` naming the function and the value.
 */

/** The largest row count (and index bound) kernels handle: the largest int32. */
export const MAX_ROWS = 2 ** 31 - 1;

/** The bytes a tensor may span: below the 4 GiB of a 32-bit address space. */
const MAX_BYTES = 2 ** 32;

/**
 * Checks a row count such as `numEmbeddings`: an integer in `[0, 2^31 - 1]`.
 *
 * @throws {RangeError} Outside that range (the caller checks the type).
 */
export function checkRowCount(V: number, who: string, name = "numEmbeddings"): void {
  if (!(V >= 0 && V <= MAX_ROWS)) {
    throw new RangeError(
      `${who}: ${name} is ${V} but must lie in [0, 2^31 - 1]${
        name === "numEmbeddings" ? " (indices are int32)" : ""
      }`,
    );
  }
}

/**
 * Checks that a tensor of `shape` (float32 or int32) is addressable: every
 * dimension at most `2^31 - 1`, and the product of the non-zero dimensions
 * times 4 bytes below 4 GiB (so row strides and offsets fit 32-bit kernel
 * arithmetic even for an empty tensor).
 *
 * @throws {RangeError} Naming the function, the dimension or the product.
 */
export function checkShapeSize(shape: readonly number[], who: string, name = "shape"): void {
  let elements = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d > MAX_ROWS) {
      throw new RangeError(`${who}: ${name}[${i}] is ${d} but must be at most 2^31 - 1`);
    }
    if (d > 0) elements *= d;
  }
  if (elements * 4 >= MAX_BYTES) {
    throw new RangeError(
      `${who}: ${name} [${shape}] needs ${elements} elements (${
        elements * 4
      } bytes) but a tensor must stay below 4 GiB (32-bit WebAssembly memory)`,
    );
  }
}
