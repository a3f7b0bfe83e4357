import { formatPolicies } from "@cedar-policy/cedar-wasm/nodejs";
import { layoutPolicy } from "./policy-layout.ts";
import { cedarMessages } from "./validate.ts";

/** Wide enough that one condition fits on a line, narrow enough to read in a side-by-side diff. */
export const LINE_WIDTH = 100;
export const INDENT = 2;

/**
 * Policies formatted per call. Cedar's formatter takes time quadratic in the size of its input (3,300 policies:
 * 24 s in one call, under 1 s in chunks), and it formats each policy, with the comments above it, on its own, so
 * formatting chunks gives the same text as one call.
 */
const POLICIES_PER_CALL = 64;

/**
 * A blank line that ends a policy and starts the next one's comments or annotations. Literals and comments never
 * hold a line break (cedarString and cedarComment escape them), so this is always between two policies.
 */
const BETWEEN_POLICIES = /(?<=;)\n\n+(?=\/\/|@)/;

export type Formatted = { ok: true; policies: string[] } | { ok: false; problem: string };

/**
 * Cedar's formatter over each policy text (comments and annotations kept), one formatted text per policy, without
 * a final line break. A policy whose constructs policy-layout.ts reads is laid out there, as Cedar would (see that
 * module); Cedar itself formats the others.
 */
export function formatCedar(policies: string[]): Formatted {
  const formatted = policies.map((text) => layoutPolicy(text, LINE_WIDTH, INDENT));
  const left = formatted.flatMap((text, i) => (text === undefined ? [i] : []));
  const byCedar = formatByCedar(left.map((i) => policies[i]!));
  if (!byCedar.ok) return byCedar;
  left.forEach((index, i) => (formatted[index] = byCedar.policies[i]!));
  return { ok: true, policies: formatted as string[] };
}

/** Cedar's own formatter over each policy text, in chunks. */
export function formatByCedar(policies: string[]): Formatted {
  const formatted: string[] = [];
  for (let i = 0; i < policies.length; i += POLICIES_PER_CALL) {
    const chunk = policies.slice(i, i + POLICIES_PER_CALL);
    const answer = formatPolicies({ policyText: chunk.join("\n\n"), lineWidth: LINE_WIDTH, indentWidth: INDENT });
    if (answer.type === "failure") return { ok: false, problem: cedarMessages(answer.errors) };
    const blocks = answer.formatted_policy.replace(/\n+$/, "").split(BETWEEN_POLICIES);
    if (blocks.length !== chunk.length) return { ok: false, problem: `Cedar's formatter returned ${blocks.length} policies for ${chunk.length}` };
    formatted.push(...blocks);
  }
  return { ok: true, policies: formatted };
}
