/**
 * Formatting the comparison: one row per workload variant, times in ms (µs
 * for tiny), ratios against PyTorch with 2 threads, and the targets of the
 * speed issue checked against the numbers of this run.
 */

/** Medians of one workload variant. */
export interface Row {
  workload: string;
  variant: string;
  api: string;
  /** Tessera medians by configuration ("2 workers", "1 worker", "inline"), ms. */
  tessera: Record<string, number>;
  /** Peer medians by peer key, ms (undefined: skipped). */
  peers: Record<string, number | undefined>;
  /** Bytes moved per call, for GB/s (0 when it does not apply). */
  bytes: number;
}

const fmt = (ms: number | undefined, us: boolean) =>
  ms === undefined
    ? "–"
    : us
    ? `${(ms * 1000).toFixed(2)} µs`
    : ms >= 100
    ? `${ms.toFixed(0)} ms`
    : `${ms.toFixed(2)} ms`;

/** A markdown table of the rows. */
export function table(
  rows: readonly Row[],
  configs: readonly string[],
  peers: Record<string, string>,
): string {
  const head = [
    "workload",
    "variant",
    "Tessera API",
    ...configs.map((c) => `Tessera ${c}`),
    ...Object.values(peers),
    "vs PyTorch 2 thr",
    "GB/s (2 workers)",
  ];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) {
    const us = r.workload === "tiny";
    const best = r.tessera[configs[0]];
    const torch = r.peers["pytorch-2"];
    const ratio = torch !== undefined && best ? `${(torch / best).toFixed(2)}×` : "–";
    const gbps = r.bytes && best ? (r.bytes / best / 1e6).toFixed(1) : "–";
    lines.push(
      `| ${
        [
          r.workload,
          r.variant,
          r.api,
          ...configs.map((c) => fmt(r.tessera[c], us)),
          ...Object.keys(peers).map((p) => fmt(r.peers[p], us)),
          ratio,
          gbps,
        ].join(" | ")
      } |`,
    );
  }
  return lines.join("\n");
}

/** The targets of the speed issue, checked on this run's medians. */
export function targets(rows: readonly Row[]): string[] {
  const find = (w: string, v: string, api?: string) =>
    rows.find((r) => r.workload === w && r.variant === v && (!api || r.api === api));
  const out: string[] = [];
  const ratio = (r: Row | undefined, config = "2 workers") =>
    r && r.peers["pytorch-2"] !== undefined ? r.peers["pytorch-2"]! / r.tessera[config] : undefined;
  const check = (name: string, value: number | undefined, goal: number, unit = "×") =>
    out.push(
      `${value === undefined ? "SKIP" : value >= goal ? "MET " : "MISS"} ${name}: ${
        value === undefined ? "not measured" : `${value.toFixed(2)}${unit}`
      } (target ≥ ${goal}${unit})`,
    );
  check("bag-dlrm sum vs PyTorch 2 thr", ratio(find("bag-dlrm", "sum")), 1);
  check("bag-dlrm mean vs PyTorch 2 thr", ratio(find("bag-dlrm", "mean")), 1);
  check("lookup-nlp vs PyTorch 2 thr", ratio(find("lookup-nlp", "lookup")), 1);
  check("bag-max vs PyTorch 2 thr", ratio(find("bag-max", "max")), 5);
  check("sparse bag gradient vs PyTorch 2 thr", ratio(find("sparse-bag-grad", "sum")), 2);
  for (const api of ["embeddingForward", "jit(embeddingForward)"]) {
    const r = find("tiny", "lookup", api);
    const torch = r && Math.min(r.peers["pytorch-1"] ?? Infinity, r.peers["pytorch-2"] ?? Infinity);
    check(
      `tiny ${api} per call vs PyTorch's (best of 1 and 2 thr)`,
      r && torch !== Infinity ? torch! / r.tessera["2 workers"] : undefined,
      1,
    );
  }
  const hot = find("bag-hot", "sum");
  check(
    "bag-hot GB/s per Worker (1 worker)",
    hot ? hot.bytes / hot.tessera["1 worker"] / 1e6 : undefined,
    8,
    " GB/s",
  );
  const dlrm = find("bag-dlrm", "sum");
  check(
    "bag-dlrm scaling, 2 workers vs 1",
    dlrm ? dlrm.tessera["1 worker"] / dlrm.tessera["2 workers"] : undefined,
    1.7,
  );
  return out;
}
