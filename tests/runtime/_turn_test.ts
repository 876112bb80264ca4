/**
 * One turn of the event loop (src/runtime/_turn.ts): after the current job
 * and its microtasks, and on `setImmediate` where the runtime has one.
 */

import assert from "node:assert/strict";
import { later, yieldToEventLoop } from "../../src/runtime/_turn.ts";

Deno.test("later() runs its callback after the current job and its microtasks", async () => {
  const order: string[] = [];
  const done = new Promise<void>((resolve) => later(() => (order.push("later"), resolve())));
  queueMicrotask(() => order.push("microtask"));
  order.push("job");
  await done;
  assert.deepEqual(order, ["job", "microtask", "later"]);
});

Deno.test("yieldToEventLoop() lets a callback queued before it run first", async () => {
  let ran = false;
  later(() => ran = true);
  await yieldToEventLoop();
  assert.equal(ran, true);
});
