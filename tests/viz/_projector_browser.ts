/**
 * Drives the projector page in headless Chromium with playwright-core (run by
 * projector_html_test.ts in its own process): reads `{html, labels}` as JSON
 * on stdin, checks that the page loads without console errors or requests,
 * draws the points, and that hover, search, neighbours and the view switch
 * work; exits non-zero on the first failed check. Writes the screenshot to
 * $PROJECTOR_SCREENSHOT if set.
 */

import assert from "node:assert/strict";
// Test-only: imported here with its range (not through deno.json) and run with --no-lock,
// so that `deno task demo` never downloads it.
import { chromium } from "npm:playwright-core@^1.65.1";

type Projector = {
  projector: {
    state(): { view: string; selected: number; hover: number; matches: number[] | null };
    position(i: number): { x: number; y: number };
  };
};

const { html, labels } = JSON.parse(await new Response(Deno.stdin.readable).text()) as {
  html: string;
  labels: string[];
};
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("request", (r) => {
    if (!/^(data|about):/.test(r.url())) problems.push(`request ${r.url()}`);
  });
  await page.setContent(html, { waitUntil: "load" });
  // Points are drawn: the canvas is not blank.
  const painted = await page.evaluate<number>(`(() => {
    const c = document.getElementById("plot");
    const px = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
    return n;
  })()`);
  assert.ok(painted > 500, `only ${painted} painted pixels`);
  const state = () => page.evaluate(() => (globalThis as unknown as Projector).projector.state());
  const position = (i: number) =>
    page.evaluate((i) => (globalThis as unknown as Projector).projector.position(i), i);
  const box = (await page.locator("#plot").boundingBox())!;
  assert.equal((await state()).view, "tsne");
  // Hover shows the label of the point under the mouse.
  const p7 = await position(7);
  await page.mouse.move(box.x + p7.x, box.y + p7.y);
  const hover = (await state()).hover;
  assert.ok(hover >= 0, "hovering a point");
  assert.ok(await page.isVisible("#tooltip"));
  assert.ok((await page.textContent("#tooltip"))!.startsWith(labels[hover]));
  // Search highlights the matches.
  await page.fill("#search", "num_");
  assert.equal(await page.textContent("#matches"), "20 matches");
  const expected = labels.flatMap((l, i) => l.startsWith("num_") ? [i] : []);
  assert.deepEqual((await state()).matches, expected);
  await page.fill("#search", "");
  assert.equal((await state()).matches, null);
  // Clicking a point lists its cosine neighbours: words of its own group.
  await page.click("button[data-view=pca]");
  assert.equal((await state()).view, "pca");
  const p4 = await position(4);
  await page.mouse.click(box.x + p4.x, box.y + p4.y);
  const selected = (await state()).selected;
  assert.ok(selected >= 0, "a click selects a point");
  const names = await page.locator("#neighbors li .name").allTextContents();
  assert.equal(names.length, 5);
  const group = labels[selected].split("_")[0];
  assert.ok(names.every((w) => w.startsWith(group)), `${labels[selected]}: ${names}`);
  const sims = (await page.locator("#neighbors li .sim").allTextContents()).map(Number);
  assert.deepEqual(sims, [...sims].sort((a, b) => b - a));
  await page.locator("#neighbors li").first().click();
  assert.equal(await page.textContent("#selected"), names[0]);
  await page.click("button[data-view=tsne]");
  await page.fill("#search", "day_1");
  const shot = await page.screenshot();
  assert.ok(shot.length > 1000);
  const out = Deno.env.get("PROJECTOR_SCREENSHOT");
  if (out) await Deno.writeFile(out, shot);
  assert.deepEqual(problems, []);
  console.log("page checks passed");
} finally {
  await browser.close();
}
