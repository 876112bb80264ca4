/**
 * What `fit` and `evaluate` print for each `verbose` when stdout is not a
 * terminal (a pipe here): 1 and 2 one line per epoch, 0 nothing.
 */

import assert from "node:assert/strict";

const mod = new URL("../../mod.ts", import.meta.url).href;

async function printed(verbose: number): Promise<string> {
  const script = `import { Dense, Sequential } from "${mod}";
    const model = new Sequential([new Dense(1, { activation: "sigmoid", inputDim: 2, seed: 0 })]);
    model.compile({ optimizer: "adam", loss: "binaryCrossentropy", metrics: ["accuracy"] });
    const x = Array.from({ length: 40 }, (_, i) => [i % 2, (i % 3) - 1]);
    const y = x.map(([a]) => a);
    await model.fit(x, y, { epochs: 2, verbose: ${verbose}, validationSplit: 0.25, seed: 1 });
    await model.evaluate(x, y, { verbose: ${verbose} });`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-check", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

const num = String.raw`\d+\.\d{4}`;
const metrics = `loss: ${num} - accuracy: ${num}`;
const val = `val_loss: ${num} - val_accuracy: ${num}`;

Deno.test("fit(verbose: 1) off a terminal: Epoch lines and one finished bar per epoch", async () => {
  const lines = (await printed(1)).trimEnd().split("\n");
  assert.equal(lines.length, 5);
  assert.equal(lines[0], "Epoch 1/2");
  assert.match(
    lines[1],
    new RegExp(`^1/1 \\[={30}\\] - \\d+s \\d+ms/step - ${metrics} - ${val}$`),
  );
  assert.equal(lines[2], "Epoch 2/2");
  assert.match(lines[4], new RegExp(`^2/2 \\[={30}\\] - \\d+s \\d+ms/step - ${metrics}$`));
});

Deno.test("fit(verbose: 2) prints one line per epoch, verbose: 0 nothing", async () => {
  const lines = (await printed(2)).trimEnd().split("\n");
  assert.match(
    lines[1],
    new RegExp(`^1/1 - \\d+s - ${metrics} - ${val} - \\d+ms/epoch - \\d+ms/step$`),
  );
  assert.equal(await printed(0), "");
});

Deno.test("the live bar is Keras' 30-wide bar: '=' done, '>' at the head, '.' to go", async () => {
  const { bar } = await import("../../src/keras/_progress.ts");
  assert.equal(bar(3, 10), `[${"=".repeat(8)}>${".".repeat(21)}]`);
  assert.equal(bar(10, 10), `[${"=".repeat(30)}]`);
  assert.equal(bar(0, 10), `[${".".repeat(30)}]`);
});
