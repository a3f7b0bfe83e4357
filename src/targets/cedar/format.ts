import { formatPolicies } from "@cedar-policy/cedar-wasm/nodejs";
import { cedarMessages } from "./validate.ts";

/** Wide enough that one condition fits on a line, narrow enough to read in a side-by-side diff. */
const LINE_WIDTH = 100;

export type Formatted = { ok: true; text: string } | { ok: false; problem: string };

/** Cedar's own formatter over the policy text; comments and annotations are kept. */
export function formatCedar(policyText: string): Formatted {
  const answer = formatPolicies({ policyText, lineWidth: LINE_WIDTH, indentWidth: 2 });
  if (answer.type === "failure") return { ok: false, problem: cedarMessages(answer.errors) };
  return { ok: true, text: answer.formatted_policy.endsWith("\n") ? answer.formatted_policy : answer.formatted_policy + "\n" };
}
