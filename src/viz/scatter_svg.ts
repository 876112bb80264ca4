/**
 * `scatterSvg()`: a standalone SVG scatter plot with non-overlapping labels.
 *
 * @module
 */

import { placeLabels, round1 } from "./_label_layout.ts";
import { type MatrixLike, toMatrix } from "./_matrix.ts";
import { parseVizOptions, scatterSchema } from "./_options.ts";
import { checkLength, escapeXml, groupIndex, PALETTE } from "./_svg.ts";
import { type Box, FONT_FAMILY, textWidth } from "./_text_width.ts";

/**
 * Options of `scatterSvg()`.
 *
 * @example
 * ```ts
 * import { scatterSvg, type ScatterSvgOptions } from "@tessera/embed";
 * const options: ScatterSvgOptions = { labels: ["a", "b"], width: 200, height: 100 };
 * console.log(scatterSvg([[0, 0], [1, 1]], options).includes('width="200"')); // true
 * ```
 */
export interface ScatterSvgOptions {
  /** A label per point; `""` for none. Labels that find no free place are dropped. */
  labels?: readonly string[];
  /** A group per point: colours the points and fills the legend. */
  groups?: readonly (string | number)[];
  /** Width in pixels. @default 800 */
  width?: number;
  /** Height in pixels. @default 600 */
  height?: number;
  /** A title above the plot. */
  title?: string;
  /** Label font size in pixels. @default 11 */
  fontSize?: number;
  /** Point radius in pixels. @default 3 */
  pointRadius?: number;
  /** Space around the points in pixels. @default 24 */
  margin?: number;
  /** Group colours, cycled. @default Tableau 10 */
  palette?: readonly string[];
  /** Draw a legend of the groups (when there are groups). @default true */
  legend?: boolean;
  /** Let labels sit further out, joined to their point by a line. @default true */
  leaderLines?: boolean;
}

/**
 * Draws 2-D points as a standalone SVG document: equal scales on both axes,
 * points coloured by group with a legend, and labels placed greedily beside
 * their points (eight positions around each, then further out with a leader
 * line) so that no two labels overlap; a label with no free position is
 * left out (its point keeps a hover `<title>`). Widths are estimated from
 * Helvetica's metrics with a margin, and the SVG asks for that font.
 *
 * @example
 * ```ts
 * import { scatterSvg } from "@tessera/embed";
 * const svg = scatterSvg([[0, 0], [1, 0], [0, 1]], {
 *   labels: ["cat", "dog", "car"],
 *   groups: ["animal", "animal", "thing"],
 * });
 * console.log(svg.startsWith("<svg"), svg.includes(">dog</text>")); // true true
 * ```
 *
 * @param points Coordinates, `[n, 2]` (e.g. the embedding from `tsne()` or `pca()`).
 * @param options Labels, groups, size, fonts, colours, legend, leader lines.
 * @returns The SVG document as a string.
 * @throws {TypeError} If `points` is not a matrix of numbers, or for an unknown option.
 * @throws {RangeError} If `points` has not 2 columns, a per-point option has the wrong length, or a size is not positive.
 */
export function scatterSvg(points: MatrixLike, options: ScatterSvgOptions = {}): string {
  const who = "scatterSvg()";
  const o = parseVizOptions(scatterSchema, options, who);
  const m = toMatrix(points, who, "points");
  const n = m.rows;
  if (m.cols !== 2 && n > 0) {
    throw new RangeError(`${who}: points has ${m.cols} columns but must have 2`);
  }
  checkLength(o.labels, n, who, "labels");
  checkLength(o.groups, n, who, "groups");
  const width = o.width ?? 800, height = o.height ?? 600, fontSize = o.fontSize ?? 11;
  const radius = o.pointRadius ?? 3, margin = o.margin ?? 24;
  for (
    const [name, v] of [["width", width], ["height", height], ["fontSize", fontSize], [
      "pointRadius",
      radius,
    ]] as const
  ) {
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new RangeError(`${who}: ${name} is ${v} but must be positive`);
    }
  }
  if (!(margin >= 0)) throw new RangeError(`${who}: margin is ${margin} but must be non-negative`);
  const palette = o.palette && o.palette.length > 0 ? o.palette : PALETTE;
  const groups = o.groups ? groupIndex(o.groups) : undefined;
  const colour = (i: number) => groups ? palette[groups.of[i] % palette.length] : palette[0];
  const out: string[] = [];
  const titleH = o.title ? fontSize * 2.2 : 0;
  // Legend: a column at the right.
  let legendW = 0;
  if (groups && (o.legend ?? true)) {
    legendW = Math.max(...groups.names.map((g) => textWidth(g, fontSize))) + fontSize * 2.5;
    const top = titleH + margin / 2;
    out.push(`<g class="legend">`);
    groups.names.forEach((g, k) => {
      const y = round1(top + (k + 0.5) * fontSize * 1.6), x = round1(width - legendW);
      out.push(
        `<circle cx="${x + fontSize / 2}" cy="${y}" r="${fontSize / 3}" fill="${
          escapeXml(palette[k % palette.length])
        }"/>` +
          `<text x="${round1(x + fontSize * 1.3)}" y="${round1(y + fontSize * 0.35)}">${
            escapeXml(g)
          }</text>`,
      );
    });
    out.push(`</g>`);
  }
  // Data to pixels, equal scales, centred in the plot area.
  const plot: Box = {
    x0: margin,
    y0: titleH + margin,
    x1: width - legendW - margin,
    y1: height - margin,
  };
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (let i = 0; i < n; i++) {
    const [x, y] = [m.data[2 * i], m.data[2 * i + 1]];
    [xmin, xmax, ymin, ymax] = [
      Math.min(xmin, x),
      Math.max(xmax, x),
      Math.min(ymin, y),
      Math.max(ymax, y),
    ];
  }
  const pw = Math.max(plot.x1 - plot.x0, 1), ph = Math.max(plot.y1 - plot.y0, 1);
  const scale = Math.min(pw / (xmax - xmin || 1), ph / (ymax - ymin || 1));
  const cx = (plot.x0 + plot.x1) / 2, cy = (plot.y0 + plot.y1) / 2;
  const xs = new Float64Array(n), ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = round1(cx + (m.data[2 * i] - (xmin + xmax) / 2) * scale);
    ys[i] = round1(cy - (m.data[2 * i + 1] - (ymin + ymax) / 2) * scale);
  }
  const labels = o.labels ?? [];
  const frame: Box = { x0: 2, y0: titleH + 2, x1: width - legendW - 2, y1: height - 2 };
  const placed = o.labels
    ? placeLabels(xs, ys, labels, frame, [], fontSize, radius, o.leaderLines ?? true)
    : [];
  const body: string[] = [`<g class="points" stroke="white" stroke-width="0.5">`];
  for (let i = 0; i < n; i++) {
    const tip = labels[i] ? `<title>${escapeXml(labels[i])}</title>` : "";
    body.push(
      `<circle cx="${xs[i]}" cy="${ys[i]}" r="${radius}" fill="${
        escapeXml(colour(i))
      }">${tip}</circle>`,
    );
  }
  body.push(`</g>`, `<g class="leaders" stroke="#888" stroke-width="0.6">`);
  for (const p of placed.filter((p) => p.leader)) {
    const bx = Math.min(Math.max(xs[p.index], p.box.x0), p.box.x1);
    const by = Math.min(Math.max(ys[p.index], p.box.y0), p.box.y1);
    body.push(
      `<line x1="${xs[p.index]}" y1="${ys[p.index]}" x2="${round1(bx)}" y2="${round1(by)}"/>`,
    );
  }
  body.push(`</g>`, `<g class="labels" fill="#222">`);
  for (const p of placed) {
    body.push(`<text x="${p.x}" y="${p.y}">${escapeXml(labels[p.index])}</text>`);
  }
  body.push(`</g>`);
  const title = o.title
    ? `<text class="title" x="${width / 2}" y="${
      round1(fontSize * 1.5)
    }" text-anchor="middle" font-size="${round1(fontSize * 1.3)}">${escapeXml(o.title)}</text>`
    : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}" font-size="${fontSize}">\n` +
    `<rect width="100%" height="100%" fill="white"/>\n${title}\n${body.join("\n")}\n${
      out.join("\n")
    }\n</svg>\n`;
}
