/**
 * `projectorHtml()`: one self-contained HTML page to explore vectors, in the
 * spirit of TensorBoard's Embedding Projector.
 *
 * @module
 */

import { type MatrixLike, toMatrix } from "./_matrix.ts";
import { parseVizOptions, projectorSchema } from "./_options.ts";
import { pcaCore } from "./_pca_core.ts";
import { PROJECTOR_SCRIPT } from "./_projector_script.ts";
import { checkLength, escapeXml, groupIndex, PALETTE } from "./_svg.ts";
import { tsne, type TsneOptions } from "./tsne.ts";

/**
 * Options of `projectorHtml()`.
 *
 * @example
 * ```ts
 * import { projectorHtml, type ProjectorHtmlOptions } from "@tessera/embed";
 * const options: ProjectorHtmlOptions = { labels: ["a", "b", "c"], tsne: false };
 * const html = await projectorHtml([[1, 0], [0, 1], [1, 1]], options);
 * console.log(html.startsWith("<!doctype html>")); // true
 * ```
 */
export interface ProjectorHtmlOptions {
  /** A label per point (shown on hover, searched, listed). @default "0", "1", … */
  labels?: readonly string[];
  /** A group per point: colours the points and fills the legend. */
  groups?: readonly (string | number)[];
  /** Page title. @default "Embedding projector" */
  title?: string;
  /** Group colours, cycled. @default Tableau 10 */
  palette?: readonly string[];
  /**
   * Options of the t-SNE view (computed here with `tsne()`), or `false` for a
   * PCA view only. Without a `perplexity`, it is lowered to `(n − 1) / 3` for
   * fewer than 91 points.
   * @default {}
   */
  tsne?: TsneOptions | false;
  /** How many nearest neighbours (cosine) a click lists. @default 10 */
  neighbors?: number;
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

function flat2(y: Float64Array, cols: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(+y[i * cols].toPrecision(6), cols > 1 ? +y[i * cols + 1].toPrecision(6) : 0);
  }
  return out;
}

const STYLE =
  `*{box-sizing:border-box}body{margin:0;font:13px Helvetica,Arial,sans-serif;color:#222;display:flex;height:100vh}
#plot{flex:1;min-width:0;height:100%;cursor:crosshair}aside{width:300px;padding:12px;border-left:1px solid #ddd;overflow:auto}
h1{font-size:16px;margin:0 0 10px}button{padding:4px 10px;border:1px solid #bbb;background:#f6f6f6;border-radius:3px;cursor:pointer}
button[aria-pressed=true]{background:#4e79a7;color:#fff;border-color:#4e79a7}input{width:100%;padding:5px;margin:10px 0 4px}
#matches{color:#666;min-height:1.2em}#tooltip{position:fixed;background:#222;color:#fff;padding:2px 6px;border-radius:3px;pointer-events:none}
ol{padding-left:22px}li{cursor:pointer}li:hover{background:#eef}
.sim{float:right;color:#666;font-variant-numeric:tabular-nums}.legend span{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:6px}
h2{font-size:13px;margin:14px 0 4px}`;

/**
 * Writes one self-contained HTML page (inline script and style, no network
 * at view time) to explore vectors: a PCA view and a t-SNE view (both
 * computed here and embedded), a label on hover, a search box that
 * highlights the matching labels, and a click on a point that lists its
 * nearest neighbours by cosine similarity (computed in the page from the
 * embedded vectors). `window.projector` offers `select(i)`, `search(text)`,
 * `setView("pca" | "tsne")`, `position(i)` and `state()` to scripts.
 *
 * @example
 * ```ts
 * import { projectorHtml } from "@tessera/embed";
 * const vectors = Array.from({ length: 40 }, (_, i) => [i % 4, Math.sin(i), Math.cos(i * 3)]);
 * const html = await projectorHtml(vectors, { labels: vectors.map((_, i) => `w${i}`) });
 * console.log(html.includes("<script>"), html.includes("http://") || html.includes("https://")); // true false
 * ```
 *
 * @param vectors The vectors, `[n, d]` with `n ≥ 2`.
 * @param options Labels, groups, title, colours, t-SNE options, neighbour count.
 * @returns The HTML page as a string.
 * @throws {TypeError} If `vectors` is not a matrix of numbers, or for an unknown option.
 * @throws {RangeError} If there are fewer than 2 rows, a per-point option has the wrong length, or `neighbors` is below 1; `tsne()`'s errors for `options.tsne`, naming this function.
 */
export async function projectorHtml(
  vectors: MatrixLike,
  options: ProjectorHtmlOptions = {},
): Promise<string> {
  const who = "projectorHtml()";
  const o = parseVizOptions(projectorSchema, options, who);
  const m = toMatrix(vectors, who, "vectors");
  const n = m.rows;
  if (n < 2) throw new RangeError(`${who}: vectors has ${n} rows but needs at least 2`);
  checkLength(o.labels, n, who, "labels");
  checkLength(o.groups, n, who, "groups");
  const k = o.neighbors ?? 10;
  if (!(k >= 1)) throw new RangeError(`${who}: neighbors is ${k} but must be at least 1`);
  const palette = o.palette && o.palette.length > 0 ? o.palette : PALETTE;
  const groups = o.groups ? groupIndex(o.groups) : undefined;
  const pcaCols = Math.min(2, n, m.cols);
  const views: { pca: number[]; tsne?: number[] } = {
    pca: flat2(pcaCore(m, pcaCols).scores, pcaCols, n),
  };
  if (o.tsne !== false) {
    const tsneOptions = { ...(o.tsne ?? {}) } as TsneOptions;
    if (tsneOptions.perplexity === undefined && n < 91) {
      tsneOptions.perplexity = Math.max((n - 1) / 3, 0.5);
    }
    const { embedding } = await tsne({ data: m.data, shape: [n, m.cols] }, tsneOptions).catch(
      (err: unknown) => {
        // tsne()'s errors about its options are this function's, for options.tsne.
        if (!(err instanceof TypeError || err instanceof RangeError)) throw err;
        const Ctor = err instanceof RangeError ? RangeError : TypeError;
        throw new Ctor(err.message.replace(/^tsne\(\): /, `${who}: options.tsne: `));
      },
    );
    views.tsne = flat2(Float64Array.from(embedding.dataSync()), 2, n);
  }
  const data = {
    labels: o.labels ? [...o.labels] : Array.from({ length: n }, (_, i) => String(i)),
    groups: groups ? Array.from(groups.of) : null,
    groupNames: groups ? groups.names : null,
    colours: [...palette],
    dim: m.cols,
    k: Math.min(k, n - 1),
    vectors: base64(new Uint8Array(new Float32Array(m.data).buffer)),
    views,
  };
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  const title = escapeXml(o.title ?? "Embedding projector");
  const legend = groups
    ? `<h2>Groups</h2><div class="legend">${
      groups.names.map((g, i) =>
        `<div><span style="background:${escapeXml(palette[i % palette.length])}"></span>${
          escapeXml(g)
        }</div>`
      ).join("")
    }</div>`
    : "";
  const tsneButton = views.tsne ? `<button data-view="tsne">t-SNE</button> ` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body><canvas id="plot" aria-label="scatter plot of the vectors"></canvas>
<aside><h1>${title}</h1><div>${tsneButton}<button data-view="pca">PCA</button></div>
<input id="search" type="search" placeholder="Search labels" autocomplete="off"><div id="matches"></div>${legend}
<h2>Nearest neighbours (cosine) of <span id="selected">Click a point</span></h2><ol id="neighbors"></ol>
<p style="color:#888">${n} points, ${m.cols} dimensions</p></aside>
<div id="tooltip" hidden></div>
<script type="application/json" id="projector-data">${json}</script>
<script>${PROJECTOR_SCRIPT}</script>
</body></html>
`;
}
