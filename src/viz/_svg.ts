/** Small helpers shared by the pictures: XML escaping, the palette, group keys. */

/** Tableau 10, the default group colours. */
export const PALETTE: readonly string[] = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

/** Escapes text for XML/HTML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/** Distinct groups in order of first appearance, and each point's group number. */
export function groupIndex(
  groups: readonly (string | number)[],
): { names: string[]; of: Int32Array } {
  const seen = new Map<string, number>();
  const of = Int32Array.from(groups, (g) => {
    const key = String(g);
    if (!seen.has(key)) seen.set(key, seen.size);
    return seen.get(key)!;
  });
  return { names: [...seen.keys()], of };
}

/** Checks that a per-point option has one entry per point. */
export function checkLength(
  values: readonly unknown[] | undefined,
  n: number,
  who: string,
  name: string,
): void {
  if (values !== undefined && values.length !== n) {
    throw new RangeError(`${who}: ${name} has ${values.length} entries but there are ${n} points`);
  }
}
