import { formatPolicies } from "@cedar-policy/cedar-wasm/nodejs";
import { cedarMessages } from "./validate.ts";

/** Wide enough that one condition fits on a line, narrow enough to read in a side-by-side diff. */
const LINE_WIDTH = 100;

/**
 * Policies formatted per call. Cedar's formatter takes time quadratic in the size of its input (3,300 policies:
 * 24 s in one call, under 1 s in chunks), and it formats each policy, with the comments above it, on its own, so
 * formatting chunks and joining them gives the same text as one call.
 */
const POLICIES_PER_CALL = 64;

/**
 * A blank line that ends a policy and starts the next one's comments or annotations. Literals and comments never
 * hold a line break (cedarString and cedarComment escape them), so this is always between two policies.
 */
const BETWEEN_POLICIES = /(?<=;)\n\n+(?=\/\/|@)/;

export type Formatted = { ok: true; text: string } | { ok: false; problem: string };

/** Cedar's own formatter over the policy text; comments and annotations are kept. */
export function formatCedar(policyText: string): Formatted {
  const blocks = policyText.split(BETWEEN_POLICIES);
  const formatted: string[] = [];
  for (let i = 0; i < blocks.length; i += POLICIES_PER_CALL) {
    const answer = formatPolicies({ policyText: blocks.slice(i, i + POLICIES_PER_CALL).join("\n\n"), lineWidth: LINE_WIDTH, indentWidth: 2 });
    if (answer.type === "failure") return { ok: false, problem: cedarMessages(answer.errors) };
    formatted.push(answer.formatted_policy.replace(/\n+$/, ""));
  }
  return { ok: true, text: formatted.join("\n\n") + "\n" };
}
