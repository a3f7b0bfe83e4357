// What every Rego engine loads for one system: the emitted policy.rego and data.json, and the query.
import type { SystemIR } from "../ir/types.ts";
import { regoPaths, renderPolicy } from "../targets/rego/index.ts";
import { renderData } from "../targets/rego/data.ts";

export interface RegoSources {
  policy: string;
  data: string;
  /** The rule a request's decision is read from, e.g. `data.policyc.shop.allow`. */
  allowRef: string;
}

export function regoSources(system: SystemIR): RegoSources {
  return { policy: renderPolicy(system), data: renderData(system), allowRef: `${regoPaths(system.id).dataRef}.allow` };
}

/** The policy text of one action (its comment, rule and helper rules), for disagreement reports. */
export function actionPolicyText(policy: string, actionId: string): string | undefined {
  const blocks = policy.split("\n\n");
  const start = blocks.findIndex((b) => b.startsWith(`# Action ${actionId} (`));
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < blocks.length && !blocks[end]!.startsWith("# Action ")) end++;
  return blocks.slice(start, end).join("\n\n").trimEnd();
}
