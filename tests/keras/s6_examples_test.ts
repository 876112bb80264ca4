/**
 * The S6 examples print what the tutorial prints: Keras' summary table
 * (parameter counts as the tutorial's: 400 + 33, and 1,500 frozen + 401),
 * a loss below the untrained ln 2, and the tutorial's accuracy.
 */

import assert from "node:assert/strict";

const root = new URL("../../", import.meta.url);

async function run(name: string): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", `examples/${name}`],
    cwd: root,
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(stdout);
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  return text;
}

function results(text: string): [number, number] {
  const loss = Number(text.match(/^Loss: ([\d.]+)$/m)?.[1]);
  const accuracy = Number(text.match(/^Accuracy: ([\d.]+)$/m)?.[1]);
  return [loss, accuracy];
}

Deno.test("examples/s6_keras_onehot.ts: Keras' summary, loss below ln 2, every review right", async () => {
  const text = await run("s6_keras_onehot.ts");
  for (
    const row of [
      "embedding (Embedding)        (None, 4, 8)              400       ",
      "flatten (Flatten)            (None, 32)                0         ",
      "dense (Dense)                (None, 1)                 33        ",
      "Total params: 433",
      "Trainable params: 433",
      "Non-trainable params: 0",
    ]
  ) assert.ok(text.includes(`${row}\n`), `missing ${JSON.stringify(row)}`);
  const [loss, accuracy] = results(text);
  assert.ok(loss < Math.log(2), `loss ${loss}`);
  assert.equal(accuracy, 100);
});

Deno.test("examples/s6_keras_pretrained.ts: the frozen table's 1,500 parameters are not trained", async () => {
  const text = await run("s6_keras_pretrained.ts");
  assert.match(text, /^embedding \(Embedding\) +\(None, 4, 100\) +1500 +$/m);
  assert.match(text, /^dense \(Dense\) +\(None, 1\) +401 +$/m);
  assert.match(text, /^Total params: 1,901\nTrainable params: 401\nNon-trainable params: 1,500$/m);
  assert.match(text, /\[ 12, 13, 2, 14 \]/); // "Could have done better." through the Tokenizer
  const [loss, accuracy] = results(text);
  assert.ok(loss < Math.log(2), `loss ${loss}`);
  assert.equal(accuracy, 100);
});
