/**
 * Running the peers (bench/peers/) as subprocesses. Each prints one JSON line
 * per measurement, or a `skipped` line when it is not installed.
 */

/** One peer measurement (see bench/peers/README.md). */
export interface PeerResult {
  peer: string;
  version?: string;
  workload?: string;
  variant?: string;
  threads?: number;
  median_ms?: number;
  gbps?: number | null;
  skipped?: string;
  error?: string;
}

/** A peer and how to run it. */
export interface Peer {
  readonly name: string;
  readonly command: (workload: string, variant: string, minTime: number) => string[];
}

const here = new URL(".", import.meta.url).pathname;
const python = Deno.env.get("TORCH_PYTHON") ?? "/usr/bin/python3";

/** A PyTorch run with `threads` threads. */
const torch = (threads: number): Peer => ({
  name: `PyTorch ${threads} thr`,
  command: (
    w,
    v,
    t,
  ) => [
    python,
    `${here}peers/torch_bench.py`,
    "--workload",
    w,
    "--variant",
    v,
    "--threads",
    `${threads}`,
    "--min-time",
    `${t}`,
  ],
});

/** The peers compared, in report order. */
export const PEERS: Record<string, Peer> = {
  "pytorch-1": torch(1),
  "pytorch-2": torch(2),
  "ort-2": {
    name: "onnxruntime 2 thr",
    command: (
      w,
      v,
      t,
    ) => [
      "node",
      `${here}peers/ort_bench.mjs`,
      "--workload",
      w,
      "--variant",
      v,
      "--threads",
      "2",
      "--min-time",
      `${t}`,
    ],
  },
  "tfjs-wasm": {
    name: "tfjs wasm",
    command: (
      w,
      v,
    ) => [
      "node",
      `${here}peers/tfjs_bench.mjs`,
      "--workload",
      w,
      "--variant",
      v,
      "--backend",
      "wasm",
      "--max-time",
      "5",
    ],
  },
};

/** Runs one peer measurement; a missing interpreter or peer is reported as skipped. */
export async function runPeer(
  key: string,
  workload: string,
  variant: string,
  minTime: number,
): Promise<PeerResult> {
  const [cmd, ...args] = PEERS[key].command(workload, variant, minTime);
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
    const lines = new TextDecoder().decode(out.stdout).trim().split("\n").filter(Boolean);
    if (lines.length === 0) {
      return { peer: key, error: new TextDecoder().decode(out.stderr).slice(-300) };
    }
    return JSON.parse(lines[lines.length - 1]) as PeerResult;
  } catch (err) {
    return { peer: key, skipped: `cannot run ${cmd}: ${(err as Error).message}` };
  }
}
