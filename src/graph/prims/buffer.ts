/**
 * `buffer`: a realized leaf. It has no inputs, is never lowered (its value
 * already exists) and is where gradients stop.
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";

/** The leaf primitive. */
export const buffer: Primitive<"buffer"> = {
  name: "buffer",
  dtype: () => {
    throw new Error("internal: a buffer node is built by bufferNode(), not makeNode()");
  },
  shape: () => [],
  vjp: null,
  lower: () => {},
};
