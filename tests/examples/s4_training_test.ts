/**
 * What `examples/s4_training.ts` prints: the tutorial's loop lowers the
 * cross-entropy at every report, and the same loop written functionally
 * (valueAndGrad, plain SGD updates) gives the same losses.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";

const root = new URL("../../", import.meta.url);

Deno.test("examples/s4_training.ts trains: the loss falls at every report", async () => {
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "examples/s4_training.ts"],
    cwd: root,
    env: { NO_COLOR: "1" },
  }).output();
  assert.equal(code, 0);
  const losses = [...new TextDecoder().decode(stdout).matchAll(/loss (\d+\.\d+)/g)].map((m) =>
    Number(m[1])
  );
  assert.equal(losses.length, 6);
  for (let i = 1; i < losses.length; i++) {
    assert.ok(losses[i] < losses[i - 1], `loss rose: ${losses}`);
  }

  // The same steps, functionally: w -= lr * grad with valueAndGrad, from the same initial weights.
  const bag = new T.EmbeddingBag(1000, 32, { seed: 0 }), fc = new T.Linear(32, 10, { seed: 1 });
  let p = { table: bag.weight, w: fc.weight, b: fc.bias! };
  const f = (q: typeof p) =>
    T.crossEntropy(
      T.linear(
        T.embeddingBagForward(q.table, [1, 2, 4, 5, 6], { offsets: [0, 3], mode: "mean" }),
        q.w,
        q.b,
      ),
      [3, 7],
    );
  const seen: number[] = [];
  for (let step = 0; step <= 500; step++) {
    const [loss, g] = T.valueAndGrad(f)(p);
    if (step % 100 === 0) seen.push(Number(loss.item().toFixed(4)));
    p = {
      table: T.sub(p.table, T.mul(g.table as T.Tensor, 0.001)),
      w: T.sub(p.w, T.mul(g.w as T.Tensor, 0.001)),
      b: T.sub(p.b, T.mul(g.b as T.Tensor, 0.001)),
    };
    await T.realize(p.table, p.w, p.b);
  }
  assert.deepEqual(seen, losses);
});
