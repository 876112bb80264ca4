/**
 * The optimizers through modules, as the PyTorch tutorial loop is written:
 * `new SGD(model.parameters(), ...)`, `zeroGrad` / forward / loss /
 * `backward` / `step`, against the same PyTorch trajectories.
 */

import * as T from "../../mod.ts";
import { assertAllClose } from "../_numeric.ts";
import { FIXTURE, optimizerOf } from "./_replay.ts";

const close = { rtol: 2e-4, atol: 2e-5 };

for (const name of ["SGD momentum sparse", "Adagrad sparse", "Adam dense", "SGD groups sparse"]) {
  Deno.test(`modules: ${name} follows PyTorch's trajectory`, async () => {
    const c = FIXTURE.cases.find((x) => x.name === name)!;
    const bag = T.EmbeddingBag.fromPretrained(FIXTURE.init.table, {
      freeze: false,
      mode: "mean",
      sparse: c.sparse,
    });
    const fc = new T.Linear(4, 3);
    fc.loadStateDict({ weight: FIXTURE.init.weight, bias: FIXTURE.init.bias });
    const params = c.groups === null
      ? [...bag.parameters(), ...fc.parameters()]
      : [{ params: bag.parameters(), ...c.groups.table }, {
        params: fc.parameters(),
        ...c.groups.linear,
      }];
    const optimizer = optimizerOf(c, params);
    for (const [i, b] of FIXTURE.batches.entries()) {
      optimizer.zeroGrad();
      const loss = T.crossEntropy(
        fc.forward(bag.forward(b.indices, { offsets: b.offsets })),
        b.labels,
      );
      await loss.backward();
      await optimizer.step();
      assertAllClose(await loss.data(), [c.losses[i]], { ...close, msg: `loss ${i}` });
    }
    assertAllClose(await bag.weight.data(), (c.final.table as number[][]).flat(), close);
    assertAllClose(await fc.weight.data(), (c.final.weight as number[][]).flat(), close);
    assertAllClose(await fc.bias!.data(), c.final.bias as number[], close);
  });
}
