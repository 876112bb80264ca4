/** The schedules a piece of code prints at debug level 2, for tests that check which kernels run. */

import { setDebugLevel } from "../mod.ts";

/** Every schedule `run` prints (`[tessera] schedule:` blocks), in order. */
export async function schedulesOf(run: () => Promise<void>): Promise<string[]> {
  const printed: string[] = [];
  const error = console.error;
  console.error = (...a: unknown[]) => void printed.push(a.join(" "));
  setDebugLevel(2);
  try {
    await run();
  } finally {
    setDebugLevel(0);
    console.error = error;
  }
  return printed.filter((p) => p.startsWith("[tessera] schedule:"));
}
