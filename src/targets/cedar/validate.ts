import "./wasm-workaround.ts";
import {
  checkParseEntities,
  checkParseSchema,
  schemaToJson,
  validate,
  type SchemaJson,
} from "@cedar-policy/cedar-wasm/nodejs";
import type { CedarEntity } from "./entities.ts";
import { explicitSchemaJson } from "./schema.ts";

/** The emitted Cedar files of one system, as text and parsed entities. */
export interface CedarOutput {
  schema: string;
  policies: string;
  entities: CedarEntity[];
}

export { cedarMessages, policiesById, policyTexts, type Checked, type ParsedPolicy } from "./parsed-policies.ts";
import { cedarMessages, policiesById, policyTexts, type Checked, type ParsedPolicy } from "./parsed-policies.ts";

/**
 * Everything Cedar can check about the output: the schema parses, every policy validates against it in strict
 * mode, and the static entities conform to it. Returns the problems found, empty when the output is sound.
 */
export function checkOutput(output: CedarOutput): string[] {
  // The schema is read once into its JSON form, which every later call takes in faster than the text; the
  // explicit form is the one written to schema.cedarschema.json, so that is the form the policies are checked against.
  const text = schemaToJson(output.schema);
  if (text.type === "failure") return [`schema.cedarschema does not parse: ${cedarMessages(text.errors)}`];
  const json = { json: explicitSchemaJson(text.json) };
  const schema = checkParseSchema(json.json);
  if (schema.type === "failure") return [`schema.cedarschema does not parse: ${cedarMessages(schema.errors)}`];
  const problems: string[] = [];
  const policies = policiesById(output.policies);
  if (!policies.ok) problems.push(`policies.cedar does not parse: ${policies.problem}`);
  else problems.push(...strictValidation(json.json, policies.value));
  const entities = checkParseEntities({ entities: output.entities, schema: json.json });
  if (entities.type === "failure") problems.push(`entities.json does not conform to the schema: ${cedarMessages(entities.errors)}`);
  return problems;
}

/** Policies validated per call against a schema narrowed to their actions (see strictValidation). */
const POLICIES_PER_VALIDATION = 16;

/**
 * Cedar's strict validation of every policy, in calls that stay linear in the size of the system. One call
 * checks each policy against every action of its schema, so one call over a whole system of N actions costs
 * N x N (1,100 actions: 3.8 s; 3,300: 30 s). A policy whose scope is `action == A` and which names no other
 * action can only be typed for A's request environments, so it is validated, with others like it, against the
 * schema narrowed to their actions (and the action groups they are in): the same environments, hence the same
 * verdict. Every other policy is validated against the whole schema.
 */
export function strictValidation(schema: SchemaJson<string>, policies: Map<string, ParsedPolicy>): string[] {
  const whole: Array<[string, ParsedPolicy]> = [];
  const narrowable: Array<[string, ParsedPolicy, string]> = [];
  for (const [id, policy] of policies) {
    const action = soleAction(schema, policy);
    if (action === undefined) whole.push([id, policy]);
    else narrowable.push([id, policy, action]);
  }
  const problems = validationProblems(schema, whole);
  for (let i = 0; i < narrowable.length; i += POLICIES_PER_VALIDATION) {
    const chunk = narrowable.slice(i, i + POLICIES_PER_VALIDATION);
    const narrowed = narrowedSchema(schema, chunk.map(([, , action]) => action));
    problems.push(...validationProblems(narrowed, chunk.map(([id, policy]) => [id, policy])));
  }
  return problems;
}

function validationProblems(schema: SchemaJson<string>, policies: Array<[string, ParsedPolicy]>): string[] {
  if (policies.length === 0) return [];
  const answer = validate({ schema, policies: { staticPolicies: policyTexts(policies) }, validationSettings: { mode: "strict" } });
  if (answer.type === "failure") return [`policies.cedar cannot be validated: ${cedarMessages(answer.errors)}`];
  return answer.validationErrors.map((e) => `policy ${e.policyId} fails strict validation: ${cedarMessages([e.error])}`);
}

/** The action of a policy scoped `action == A` to an action the one-namespace schema declares, naming no other action. */
function soleAction(schema: SchemaJson<string>, policy: ParsedPolicy): string | undefined {
  const namespaces = Object.keys(schema);
  if (namespaces.length !== 1 || policy.action.op !== "==" || !("entity" in policy.action)) return undefined;
  const uid = "__entity" in policy.action.entity ? policy.action.entity.__entity : policy.action.entity;
  const namespace = namespaces[0]!;
  const actionType = namespace ? `${namespace}::Action` : "Action";
  if (uid.type !== actionType || !Object.hasOwn(schema[namespace]!.actions, uid.id)) return undefined;
  if (policy.text.split("Action::").length !== 2) return undefined;
  return uid.id;
}

/** The one-namespace schema with only the given actions and the action groups they are in, transitively. */
function narrowedSchema(schema: SchemaJson<string>, actions: string[]): SchemaJson<string> {
  const [namespace, definition] = Object.entries(schema)[0]!;
  const kept = new Set<string>();
  const keep = (id: string) => {
    const action = definition.actions[id];
    if (!action || kept.has(id)) return;
    kept.add(id);
    for (const parent of action.memberOf ?? []) keep(parent.id);
  };
  actions.forEach(keep);
  return { [namespace]: { ...definition, actions: Object.fromEntries([...kept].map((id) => [id, definition.actions[id]!])) } };
}
