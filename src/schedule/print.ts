/**
 * A stable printer for plans: roles of the values, then one line per kernel
 * step with the graph values it covers. Tests snapshot it to prove fusion.
 *
 * @module
 */

import { attrsKey } from "../graph/node.ts";
import type { Plan } from "./plan.ts";

/**
 * Prints a plan, e.g.
 *
 * ```text
 * values: %0 input, %1 input, %2 input, %3 inlined gather, %4 output bag
 * k0 gather_bag{D=3,mode=sum,padded=false,weighted=false} covers %3 %4 reads %0 %1 %2 writes %4 per bag
 * ```
 */
export function printPlan(plan: Plan): string {
  const values = plan.nodes.map((n, i) => {
    const view = n.op === "reshape" && n.aliases >= 0 ? ` (buffer of %${n.inputs[0]})` : "";
    return `%${i} ${n.role}${n.role === "input" ? "" : ` ${n.op}`}${view}`;
  });
  const lines = [`values: ${values.join(", ")}`];
  if (plan.temps.length) {
    lines.push(`temps: ${plan.temps.map((t, i) => `$${i}.${t.name}`).join(", ")}`);
  }
  plan.steps.forEach((s, i) => {
    const covers = s.covers.length ? ` covers ${s.covers.map((v) => `%${v}`).join(" ")}` : "";
    lines.push(
      `k${i} ${s.kernel}{${attrsKey(s.spec)}}${covers} reads ${s.reads.join(" ")} writes ${
        s.writes.join(" ")
      }`,
    );
  });
  return lines.join("\n");
}
