import {
  checkParseEntities,
  checkParseSchema,
  policySetTextToParts,
  policyToJson,
  validate,
  type ActionConstraint,
  type DetailedError,
} from "@cedar-policy/cedar-wasm/nodejs";
import type { CedarEntity } from "./entities.ts";

/** The emitted Cedar files of one system, as text and parsed entities. */
export interface CedarOutput {
  schema: string;
  policies: string;
  entities: CedarEntity[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Cedar's errors for a person, one per line, with Cedar's hint when it gives one. */
export function cedarMessages(errors: DetailedError[]): string {
  return errors.map((e) => (e.help ? `${e.message} (${e.help})` : e.message)).join("\n");
}

/** One policy of the set: its text and the actions its scope admits, as Cedar parsed them. */
export interface ParsedPolicy {
  text: string;
  action: ActionConstraint;
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
    byId.set(id, { text: policy, action: json.json.action });
  }
  return { ok: true, value: byId };
}

/** The texts of a policy set keyed by `@id`, as Cedar's calls take them. */
export function policyTexts(policies: Iterable<[string, ParsedPolicy]>): Record<string, string> {
  return Object.fromEntries([...policies].map(([id, p]) => [id, p.text]));
}

/**
 * Everything Cedar can check about the output: the schema parses, every policy validates against it in strict
 * mode, and the static entities conform to it. Returns the problems found, empty when the output is sound.
 */
export function checkOutput(output: CedarOutput): string[] {
  const schema = checkParseSchema(output.schema);
  if (schema.type === "failure") return [`schema.cedarschema does not parse: ${cedarMessages(schema.errors)}`];
  const problems: string[] = [];
  const policies = policiesById(output.policies);
  if (!policies.ok) problems.push(`policies.cedar does not parse: ${policies.problem}`);
  else {
    const answer = validate({ schema: output.schema, policies: { staticPolicies: policyTexts(policies.value) }, validationSettings: { mode: "strict" } });
    if (answer.type === "failure") problems.push(`policies.cedar cannot be validated: ${cedarMessages(answer.errors)}`);
    else for (const e of answer.validationErrors) problems.push(`policy ${e.policyId} fails strict validation: ${cedarMessages([e.error])}`);
  }
  const entities = checkParseEntities({ entities: output.entities, schema: output.schema });
  if (entities.type === "failure") problems.push(`entities.json does not conform to the schema: ${cedarMessages(entities.errors)}`);
  return problems;
}
