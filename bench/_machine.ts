// What every benchmark prints beside its figures: the CPU model, and medians.

/** A file of /proc (Linux), or "" elsewhere. */
async function proc(name: string): Promise<string> {
  try {
    const out = await new Deno.Command("cat", { args: [`/proc/${name}`] }).output();
    return new TextDecoder().decode(out.stdout);
  } catch {
    return "";
  }
}

/** A load average above this many runnable threads per core marks a run as noisy. */
const BUSY_PER_CORE = 1;

/**
 * The CPU model (from /proc/cpuinfo on Linux), the number of cores, and the
 * 1-minute load average when the benchmark asks, flagged when the machine is
 * busy (more runnable threads than cores): peers measured in the same run
 * still compare, but absolute times and PyTorch's multi-thread medians suffer.
 */
export async function cpuModel(): Promise<string> {
  const cpu = (await proc("cpuinfo")).match(/model name\s*:\s*(.*)/)?.[1] ?? "unknown CPU";
  const cores = navigator.hardwareConcurrency;
  const load = Number((await proc("loadavg")).split(" ")[0]);
  const busy = load > BUSY_PER_CORE * cores ? " (busy machine: timings are noisy)" : "";
  return `${cpu}, ${cores} cores` +
    (Number.isFinite(load) && load > 0 ? `, load ${load}${busy}` : "");
}

/** The median (upper median for an even count). */
export const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** The ms of each of `reps` awaited calls of `step`, after `warmup` untimed ones. */
export async function stepTimes(
  step: () => Promise<unknown>,
  reps: number,
  warmup = 0,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await step();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await step();
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** The median ms of `reps` awaited calls of `step`, after `warmup` untimed ones. */
export async function medianMs(
  step: () => Promise<unknown>,
  reps: number,
  warmup = 0,
): Promise<number> {
  return median(await stepTimes(step, reps, warmup));
}
