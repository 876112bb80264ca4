/**
 * Tests of `projectorHtml()`: the page is self-contained (no network), holds
 * both views and the vectors, escapes text, and errors; then, in headless
 * Chromium (skipped when /usr/bin/chromium is absent), it loads without
 * console errors, draws the points, and hover, search, neighbours and the
 * view switch work. The screenshot is written to $PROJECTOR_SCREENSHOT if set.
 */

import assert from "node:assert/strict";
import { projectorHtml } from "../../mod.ts";
import { rng } from "../_numeric.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

/** 60 vectors in 3 groups of 20, a shared direction per group plus noise. */
function words(): { vectors: number[][]; labels: string[]; groups: string[] } {
  const r = rng(11), names = ["day", "num", "kin"];
  const vectors = Array.from(
    { length: 60 },
    (_, i) => Array.from({ length: 8 }, (_, j) => (j % 3 === i % 3 ? 3 : 0) + (r() - 0.5)),
  );
  return {
    vectors,
    labels: vectors.map((_, i) => `${names[i % 3]}_${i}`),
    groups: vectors.map((_, i) => names[i % 3]),
  };
}

function pageData(html: string): { labels: string[]; views: { pca: number[]; tsne?: number[] } } {
  const json =
    html.match(/<script type="application\/json" id="projector-data">([\s\S]*?)<\/script>/)![1];
  return JSON.parse(json);
}

Deno.test("projectorHtml() writes one self-contained page with both views", async () => {
  const { vectors, labels, groups } = words();
  const html = await projectorHtml(vectors, { labels, groups, title: "Words <3" });
  assert.ok(!/https?:\/\//.test(html), "no URL in the page");
  assert.ok(!/<(script|link|img)[^>]+(src|href)=/.test(html), "no external resource");
  assert.ok(html.includes("<title>Words &lt;3</title>"));
  const data = pageData(html);
  assert.deepEqual(data.labels, labels);
  assert.equal(data.views.pca.length, 120);
  assert.equal(data.views.tsne?.length, 120);
  const pcaOnly = pageData(await projectorHtml(vectors, { tsne: false }));
  assert.equal(pcaOnly.views.tsne, undefined);
  assert.equal(pcaOnly.labels[59], "59");
  const tricky = await projectorHtml([[1, 0], [0, 1]], {
    labels: ["</script><b>", "x"],
    tsne: false,
  });
  assert.equal(pageData(tricky).labels[0], "</script><b>");
});

Deno.test("projectorHtml() rejects bad vectors and options with the offending value", async () => {
  const reject = (p: Promise<unknown>, re: RegExp) =>
    assert.rejects(
      p,
      (e: Error) => e instanceof RangeError || e instanceof TypeError ? re.test(e.message) : false,
    );
  await reject(
    projectorHtml([[1, 2]]),
    /^projectorHtml\(\): vectors has 1 rows but needs at least 2$/,
  );
  await reject(
    projectorHtml([[1], [2]], { labels: ["a"] }),
    /labels has 1 entries but there are 2 points/,
  );
  await reject(
    projectorHtml([[1], [2]], { neighbors: 0 }),
    /neighbors is 0 but must be at least 1/,
  );
  await reject(
    projectorHtml([[1], [2]], { tsne: { perplexity: 5 } }),
    /^projectorHtml\(\): options\.tsne: perplexity is 5/,
  );
  await reject(
    projectorHtml([[1], [2]], { tSNE: false } as never),
    /unknown option tSNE \(did you mean tsne\?\)/,
  );
});

Deno.test({
  name: "projectorHtml() page works in headless Chromium: points, hover, search, neighbours, views",
  ignore: !hasChromium,
  async fn() {
    const { vectors, labels, groups } = words();
    const html = await projectorHtml(vectors, { labels, groups, neighbors: 5 });
    // Playwright needs more permissions than the test run has: it drives the
    // browser from its own process (tests/viz/_projector_browser.ts).
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--no-lock",
        new URL("./_projector_browser.ts", import.meta.url).pathname,
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(JSON.stringify({ html, labels })));
    await writer.close();
    const { code, stdout, stderr } = await child.output();
    const text = new TextDecoder().decode(stderr) + new TextDecoder().decode(stdout);
    assert.equal(code, 0, text);
    assert.match(text, /page checks passed/);
  },
});
