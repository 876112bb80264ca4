/**
 * Tests of `scatterSvg()`: no two drawn label boxes intersect (boxes from the
 * same width estimate the placement uses), labels stay in the picture, groups
 * colour points and fill the legend, text is escaped, and errors.
 */

import assert from "node:assert/strict";
import { scatterSvg, tensor } from "../../mod.ts";
import { type Box, intersects, labelBox } from "../../src/viz/_text_width.ts";
import { assertThrowsClean } from "../_helpers.ts";
import { rng } from "../_numeric.ts";

const unescape = (s: string) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** The drawn labels' texts and boxes, read back from the SVG. */
function drawnLabels(svg: string, fontSize: number): { text: string; box: Box }[] {
  const group = svg.match(/<g class="labels"[^>]*>([\s\S]*?)<\/g>/)![1];
  return [...group.matchAll(/<text x="([^"]+)" y="([^"]+)">([^<]*)<\/text>/g)].map((t) => {
    const text = unescape(t[3]);
    return { text, box: labelBox(Number(t[1]), Number(t[2]), text, fontSize) };
  });
}

function cloud(n: number, seed: number, spread = 1): number[][] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => [
    Math.cos(i % 5) * 4 + (r() - 0.5) * spread * 3,
    Math.sin(i % 5) * 4 + (r() - 0.5) * spread * 3,
  ]);
}

Deno.test("scatterSvg() draws labels whose boxes never intersect, inside the picture", () => {
  for (const [n, seed, fontSize] of [[30, 1, 11], [300, 2, 11], [400, 3, 16]]) {
    const points = cloud(n, seed);
    const labels = points.map((_, i) => (i % 3 === 0 ? `word${i}` : `w${i}`));
    const svg = scatterSvg(points, { labels, fontSize, width: 600, height: 400 });
    const drawn = drawnLabels(svg, fontSize);
    assert.ok(drawn.length > Math.min(n, 60) / 3, `only ${drawn.length} of ${n} labels drawn`);
    if (n >= 300) assert.ok(drawn.length < n, "a crowded plot drops some labels");
    for (let a = 0; a < drawn.length; a++) {
      const b0 = drawn[a].box;
      assert.ok(
        b0.x0 >= 0 && b0.x1 <= 600 && b0.y0 >= 0 && b0.y1 <= 400,
        `${drawn[a].text} outside`,
      );
      for (let b = a + 1; b < drawn.length; b++) {
        assert.ok(!intersects(b0, drawn[b].box), `${drawn[a].text} overlaps ${drawn[b].text}`);
      }
    }
    assert.equal(new Set(drawn.map((d) => d.text)).size, drawn.length, "each label drawn once");
  }
});

Deno.test("scatterSvg() labels every point of a sparse plot beside its point", () => {
  const points = [[0, 0], [10, 0], [0, 10], [10, 10], [5, 5]];
  const labels = ["north-west", "b", "c", "d", "middle"];
  const svg = scatterSvg(points, { labels, leaderLines: false });
  assert.deepEqual(drawnLabels(svg, 11).map((d) => d.text).sort(), [...labels].sort());
  assert.ok(!svg.includes("<line"), "no leader lines");
});

Deno.test("scatterSvg() colours points by group and lists the groups in a legend", () => {
  const svg = scatterSvg(tensor([[0, 0], [1, 0], [0, 1]]), {
    groups: ["animal", 7, "animal"],
    palette: ["red", "blue"],
    title: "Words & <things>",
  });
  const fills = [...svg.matchAll(/<g class="points"[^>]*>([\s\S]*?)<\/g>/g)][0][1]
    .match(/fill="[^"]+"/g);
  assert.deepEqual(fills, ['fill="red"', 'fill="blue"', 'fill="red"']);
  const legend = svg.match(/<g class="legend">([\s\S]*?)<\/g>/)![1];
  assert.deepEqual([...legend.matchAll(/>([^<]+)<\/text>/g)].map((t) => t[1]), ["animal", "7"]);
  assert.ok(svg.includes(">Words &amp; &lt;things&gt;</text>"));
  assert.ok(!scatterSvg([[0, 0]], { groups: ["a"], legend: false }).includes("legend"));
});

Deno.test("scatterSvg() escapes labels and gives every labelled point a hover title", () => {
  const svg = scatterSvg([[0, 0], [1, 1]], { labels: ['<b>"x"</b>', "a&b"] });
  assert.ok(svg.includes("<title>&lt;b&gt;&quot;x&quot;&lt;/b&gt;</title>"));
  assert.ok(svg.includes(">a&amp;b</text>"));
  assert.ok(!svg.includes("<b>"));
});

Deno.test("scatterSvg() rejects bad points and options with the offending value", () => {
  assertThrowsClean(
    () => scatterSvg([[0, 0, 0]]),
    RangeError,
    /^scatterSvg\(\): points has 3 columns but must have 2$/,
  );
  assertThrowsClean(
    () => scatterSvg([[0, 0]], { labels: ["a", "b"] }),
    RangeError,
    /labels has 2 entries but there are 1 points/,
  );
  assertThrowsClean(() => scatterSvg([[0, 0]], { groups: [] }), RangeError, /groups has 0 entries/);
  assertThrowsClean(
    () => scatterSvg([[0, 0]], { width: 0 }),
    RangeError,
    /width is 0 but must be positive/,
  );
  assertThrowsClean(
    () => scatterSvg([[0, 0]], { labels: [1] as never }),
    TypeError,
    /labels is an array of length 1 but must be an array of strings/,
  );
  assertThrowsClean(
    () => scatterSvg([[0, 0]], { font_size: 3 } as never),
    TypeError,
    /did you mean fontSize\?/,
  );
});

Deno.test("scatterSvg() draws points of any radius (2^31 ran its label grid out of memory)", () => {
  const svg = scatterSvg([[0, 0], [1, 1], [2, 0]], {
    labels: ["a", "b", "c"],
    pointRadius: 2 ** 31,
  });
  assert.equal(svg.match(/<circle /g)?.length, 3);
  assert.ok(svg.includes(`r="${2 ** 31}"`));
});

Deno.test("scatterSvg() lays labels out on any canvas size (a width of 1e300 overflowed its label grid)", () => {
  for (const [width, height] of [[1e300, 600], [800, 1e300], [1e300, 1e300]]) {
    const svg = scatterSvg([[0, 0], [1, 1], [2, 0]], { labels: ["a", "b", "c"], width, height });
    assert.equal(svg.match(/<circle /g)?.length, 3);
    assert.ok(svg.includes(`width="${width}"`), `width ${width}`);
  }
});
