// What every Rego engine loads for one system: the emitted policy.rego and data.json, and the query.
import type { SystemIR } from "../ir/types.ts";
import { regoPaths, renderPolicy } from "../targets/rego/index.ts";
import { MODEL_KEY } from "../targets/rego/identifiers.ts";
import { renderData } from "../targets/rego/data.ts";

export interface RegoSources {
  policy: string;
  data: string;
  /** `data.policyc.<system>.model` and its path segments below `data`. */
  modelRef: string;
  modelPath: string[];
  /** The rule a request's decision is read from, e.g. `data.policyc.shop.allow`. */
  allowRef: string;
}

export function regoSources(system: SystemIR): RegoSources {
  const paths = regoPaths(system.id);
  return { policy: renderPolicy(system), data: renderData(system), allowRef: `${paths.dataRef}.allow`, modelRef: paths.modelRef, modelPath: [...paths.segments, MODEL_KEY] };
}

/**
 * What the Rego engines decide one action with, for disagreement reports: its entry in data.json (page, row,
 * permissions and requirement clauses), which the fixed evaluator in policy.rego reads.
 */
export function actionPolicyText(sources: RegoSources, actionId: string): string | undefined {
  let node: unknown = JSON.parse(sources.data);
  for (const segment of sources.modelPath) node = (node as Record<string, unknown> | undefined)?.[segment];
  const entry = (node as { actions?: Record<string, unknown> } | undefined)?.actions?.[actionId];
  return entry === undefined ? undefined : `${sources.modelRef}.actions[${JSON.stringify(actionId)}] in data.json:\n${JSON.stringify(entry, null, 2)}`;
}
