// A Cedar policy set split into its policies by `@id`, as Cedar parses them: used by the compile's validation and
// by the runtime's engines, so it loads nothing but cedar-wasm (no schema rendering, no templates).
import "./wasm-workaround.ts";
import { policySetTextToParts, policyToJson, type ActionConstraint, type DetailedError, type PolicyJson } from "@cedar-policy/cedar-wasm/nodejs";

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Cedar's errors for a person, one per line, with Cedar's hint when it gives one. */
export function cedarMessages(errors: DetailedError[]): string {
  return errors.map((e) => (e.help ? `${e.message} (${e.help})` : e.message)).join("\n");
}

/** One policy of the set: its text, the actions its scope admits and the whole policy, as Cedar parsed them. */
export interface ParsedPolicy {
  text: string;
  action: ActionConstraint;
  json: PolicyJson;
}

/**
 * The policy set keyed by each policy's `@id`, so Cedar's diagnostics and validation errors name the action
 * rather than a position ("policy3"). Every policy must carry a distinct `@id`.
 */
export function policiesById(text: string): Checked<Map<string, ParsedPolicy>> {
  const parts = policySetTextToParts(text);
  if (parts.type === "failure") return { ok: false, problem: cedarMessages(parts.errors) };
  const byId = new Map<string, ParsedPolicy>();
  for (const policy of parts.policies) {
    const json = policyToJson(policy);
    if (json.type === "failure") return { ok: false, problem: cedarMessages(json.errors) };
    const id = json.json.annotations?.id;
    if (id === undefined) return { ok: false, problem: `a policy has no @id: ${policy.split("\n")[0]}` };
    if (byId.has(id)) return { ok: false, problem: `two policies share @id("${id}")` };
    byId.set(id, { text: policy, action: json.json.action, json: json.json });
  }
  return { ok: true, value: byId };
}

/** The texts of a policy set keyed by `@id`, as Cedar's calls take them. */
export function policyTexts(policies: Iterable<[string, ParsedPolicy]>): Record<string, string> {
  return Object.fromEntries([...policies].map(([id, p]) => [id, p.text]));
}

