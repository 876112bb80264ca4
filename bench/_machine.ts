// What every benchmark prints beside its figures: the CPU model, and medians.

/** The CPU model (from /proc/cpuinfo on Linux) and the number of cores. */
export async function cpuModel(): Promise<string> {
  let cpu = "unknown CPU";
  try {
    const info = new TextDecoder().decode(
      await new Deno.Command("cat", { args: ["/proc/cpuinfo"] }).output().then((o) => o.stdout),
    );
    cpu = info.match(/model name\s*:\s*(.*)/)?.[1] ?? cpu;
  } catch { /* not Linux */ }
  return `${cpu}, ${navigator.hardwareConcurrency} cores`;
}

/** The median (upper median for an even count). */
export const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** The median ms of `reps` awaited calls of `step`, after `warmup` untimed ones. */
export async function medianMs(
  step: () => Promise<unknown>,
  reps: number,
  warmup = 0,
): Promise<number> {
  for (let i = 0; i < warmup; i++) await step();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await step();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}
