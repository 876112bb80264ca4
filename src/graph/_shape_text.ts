/**
 * Shapes in attrs are comma-separated text (attrs are plain printable data).
 *
 * @module
 */

/** A shape as attr text. */
export const shapeText = (shape: readonly number[]): string => shape.join(",");

/** The shape an attr holds. */
export const parseShape = (text: string): number[] =>
  text === "" ? [] : text.split(",").map(Number);

/**
 * NumPy's broadcast of shapes, or `undefined` if they do not broadcast.
 */
export function broadcastShapes(shapes: readonly (readonly number[])[]): number[] | undefined {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i, d = s[i];
      if (d === out[o] || d === 1) continue;
      if (out[o] !== 1) return undefined;
      out[o] = d;
    }
  }
  return out;
}
