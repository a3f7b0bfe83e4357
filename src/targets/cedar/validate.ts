import "./wasm-workaround.ts";
import {
  checkParseEntities,
  checkParseSchema,
  policySetTextToParts,
  schemaToJson,
  validate,
  type SchemaJson,
} from "@cedar-policy/cedar-wasm/nodejs";
import type { CedarEntity } from "./entities.ts";
import { explicitSchemaJson } from "./schema.ts";
import { policyShape } from "./validation-shapes.ts";

/** The emitted Cedar files of one system, as text and parsed entities. */
export interface CedarOutput {
  schema: string;
  policies: string;
  entities: CedarEntity[];
}

export { cedarMessages, policiesById, policyTexts, type Checked, type ParsedPolicy } from "./parsed-policies.ts";
import { cedarMessages, policiesById, type Checked, type ParsedPolicy } from "./parsed-policies.ts";

/** One policy of the set, with the one action it can be validated for alone (undefined: against the whole schema). */
export interface PolicyToValidate {
  id: string;
  text: string;
  soleAction: string | undefined;
}

/**
 * Everything Cedar can check about the output: the schema parses, every policy validates against it in strict
 * mode, and the static entities conform to it. Returns the problems found, empty when the output is sound. The
 * policy set is split by Cedar here; the compile, which rendered each policy with its `@id` and action, skips
 * that with checkRendered.
 */
export function checkOutput(output: CedarOutput): string[] {
  const schema = readSchema(output.schema);
  if (!schema.ok) return [schema.problem];
  const policies = policiesById(output.policies);
  if (!policies.ok) return [`policies.cedar does not parse: ${policies.problem}`, ...entityProblems(schema.value, output.entities)];
  const toValidate = [...policies.value].map(([id, p]): PolicyToValidate => ({ id, text: p.text, soleAction: soleAction(schema.value, p) }));
  const validation = strictValidation(schema.value, toValidate);
  return validation.ok ? [...validation.value, ...entityProblems(schema.value, output.entities)] : [validation.problem];
}

/** A policy as the target rendered and formatted it, under its `@id`. */
export interface RenderedPolicy {
  id: string;
  text: string;
}

/**
 * checkOutput for the compile, which has each policy's text and `@id` on its own: the same checks, without
 * asking Cedar to split the set and read every policy back (see soleActionOfText). The schema, in the explicit
 * JSON form written to schema.cedarschema.json, is checked whole once by strictValidation.
 */
export function checkRendered(schema: SchemaJson<string>, header: string, policies: RenderedPolicy[], entities: CedarEntity[]): string[] {
  const ids = new Set<string>();
  const problems = headerProblems(header);
  for (const { id } of policies) {
    if (ids.has(id)) problems.push(`policies.cedar does not parse: two policies share @id("${id}")`);
    ids.add(id);
  }
  if (problems.length) return problems;
  const toValidate = policies.map((p): PolicyToValidate => ({ id: p.id, text: p.text, soleAction: soleActionOfText(schema, p.text) }));
  const validation = strictValidation(schema, toValidate);
  return validation.ok ? [...validation.value, ...entityProblems(schema, entities)] : [validation.problem];
}

/** The comments that open policies.cedar: they must parse, and hold no policy (every policy has its `@id`). */
function headerProblems(header: string): string[] {
  const parts = policySetTextToParts(header);
  if (parts.type === "failure") return [`policies.cedar does not parse: ${cedarMessages(parts.errors)}`];
  return parts.policies.length ? [`policies.cedar does not parse: its opening comments hold a policy with no @id`] : [];
}

/**
 * The schema in Cedar's JSON form, checked: read once, since every later call takes in JSON faster than the
 * text; the explicit form is the one written to schema.cedarschema.json, so that is the form policies are checked against.
 */
export function readSchema(text: string): Checked<SchemaJson<string>> {
  const json = schemaToJson(text);
  if (json.type === "failure") return { ok: false, problem: `schema.cedarschema does not parse: ${cedarMessages(json.errors)}` };
  return checkedSchema(json.json);
}

/** The schema as schemaToJson gave it, made explicit and checked by Cedar. */
export function checkedSchema(json: SchemaJson<string>): Checked<SchemaJson<string>> {
  const explicit = explicitSchemaJson(json);
  const problem = schemaProblem(explicit);
  return problem === undefined ? { ok: true, value: explicit } : { ok: false, problem };
}

/**
 * Whether the entities conform to the schema. An entity is checked against its own type's declaration, so the
 * schema's actions matter only to entities of the action type: without such an entity they are left out,
 * sparing Cedar a read of every action (10,000 actions: about 1 s).
 */
export function entityProblems(schema: SchemaJson<string>, entities: CedarEntity[]): string[] {
  const answer = checkParseEntities({ entities, schema: entities.some((e) => isActionType(schema, e.uid.type)) ? schema : withoutActions(schema) });
  return answer.type === "failure" ? [`entities.json does not conform to the schema: ${cedarMessages(answer.errors)}`] : [];
}

/** Whether `type` names the action type of one of the schema's namespaces (`Action`, `Ns::Action`). */
function isActionType(schema: SchemaJson<string>, type: string): boolean {
  return Object.keys(schema).some((namespace) => type === (namespace ? `${namespace}::Action` : "Action"));
}

function withoutActions(schema: SchemaJson<string>): SchemaJson<string> {
  return Object.fromEntries(Object.entries(schema).map(([namespace, definition]) => [namespace, { ...definition, actions: {} }]));
}

/** Policies validated per call against a schema narrowed to their actions (see strictValidation). */
const POLICIES_PER_VALIDATION = 16;

/**
 * Cedar's strict validation of every policy, in calls that stay linear in the size of the system. One call
 * checks each policy against every action of its schema, so one call over a whole system of N actions costs
 * N x N (1,100 actions: 3.8 s; 3,300: 30 s). A policy whose scope is `action == A` and which names no other
 * action can only be typed for A's request environments, so it is validated, with others like it, against the
 * schema narrowed to their actions (and the action groups they are in): the same environments, hence the same
 * verdict. Of such policies, one of each shape is validated (see validation-shapes.ts), and the others of a shape
 * only when that one fails, so each failing policy is named. A policy that names no action at all is validated
 * against the schema narrowed to one action per declaration (see environmentSchema); any other policy against
 * the whole schema. The whole schema is checked to parse first (schemaProblem; a failure to parse it is the one problem then).
 */
export function strictValidation(schema: SchemaJson<string>, policies: PolicyToValidate[]): Checked<string[]> {
  const environments = environmentSchema(schema);
  const problem = schemaProblem(schema, environments);
  if (problem !== undefined) return { ok: false, problem };
  const unscoped = policies.filter((p) => p.soleAction === undefined);
  const errors = [
    ...validationCall(environments, unscoped.filter((p) => !NAMES_AN_ACTION.test(p.text))),
    ...validationCall(schema, unscoped.filter((p) => NAMES_AN_ACTION.test(p.text))),
  ];
  const shapes = new Map<string, PolicyToValidate[]>();
  const alone: PolicyToValidate[] = [];
  for (const policy of policies) {
    if (policy.soleAction === undefined) continue;
    const shape = policyShape(schema, { text: policy.text, soleAction: policy.soleAction });
    if (shape === undefined) alone.push(policy);
    else if (shapes.has(shape)) shapes.get(shape)!.push(policy);
    else shapes.set(shape, [policy]);
  }
  const first = narrowedValidation(schema, [...alone, ...[...shapes.values()].map((members) => members[0]!)]);
  const failed = new Set(first.map((e) => e.policyId));
  const rest = [...shapes.values()].filter((members) => failed.has(members[0]!.id) || failed.has(null)).flatMap((members) => members.slice(1));
  return { ok: true, value: [...errors, ...first, ...narrowedValidation(schema, rest)].map((e) => e.problem) };
}

/**
 * Anything in a policy's text, comments and strings included, that could name an action (`Action::"id"`,
 * `Ns::Action :: "id"`): a policy without it is validated against environmentSchema.
 */
const NAMES_AN_ACTION = /Action\s*::/;

/**
 * The one-namespace schema with one action per distinct declaration (what it applies to, its context, the groups
 * it is in: everything but its annotations), and the action groups those are in. Strict validation types a
 * policy once per request environment (principal type, action, resource type, context type) its scope admits, and
 * actions declared alike give the same environments but for the action itself; a policy that names no action
 * cannot tell those apart (an action can only be told from another by an entity literal that names it), so it
 * gets the same verdict against this schema as against the whole one. Every action's declaration but its
 * annotations is, JSON for JSON, one of the kept actions' (what schemaProblem relies on).
 */
function environmentSchema(schema: SchemaJson<string>): SchemaJson<string> {
  const namespaces = Object.values(schema);
  if (namespaces.length !== 1) return schema;
  const definition = namespaces[0]!;
  const declarations = new Map<string, string>();
  for (const [id, { annotations: _annotations, ...declaration }] of Object.entries(definition.actions)) {
    const key = JSON.stringify(declaration);
    if (!declarations.has(key)) declarations.set(key, id);
  }
  return narrowedSchema(schema, [...declarations.values()]);
}

/**
 * Why Cedar cannot read the schema, or undefined when it can. Read whole, a 10,000-action schema took Cedar about
 * 0.8 s, most of it resolving each action's context type again; it is read in two parts that hold every
 * declaration it resolves. Cedar reads each entity type and common type, each action's id, annotations and groups
 * (declared, without cycles), and each action's appliesTo (principal and resource types declared, context a
 * record) against the entity and common types, never two actions' appliesTo together. So the schema is read
 * without fault exactly when (1) it is with every action's appliesTo left out (an action that applies to nothing
 * is valid), which holds every declaration but the appliesTo, and (2) `environments` is: the same entity and
 * common types with one action per distinct declaration, every action's appliesTo being, JSON for JSON, one of
 * theirs (environmentSchema), and their groups. (2) adds no fault of its own, since it keeps every group its
 * actions are in. (1) is itself read with one action per declaration where that is the same (see
 * declarationsSchema). A schema of several namespaces is read whole.
 */
export function schemaProblem(schema: SchemaJson<string>, environments: SchemaJson<string> = environmentSchema(schema)): string | undefined {
  const parts = environments === schema ? [schema] : [declarationsSchema(schema), environments];
  for (const part of parts) {
    const parsed = checkParseSchema(part);
    if (parsed.type === "failure") return `schema.cedarschema does not parse: ${cedarMessages(parsed.errors)}`;
  }
  return undefined;
}

/**
 * Part (1) of schemaProblem: the one-namespace schema with every action's appliesTo left out, and of the actions
 * outside every group (none in its memberOf, named in no action's memberOf) one per declaration with its
 * annotations' values blanked. Read whole, it still took Cedar 0.4 to 0.9 s at 10,000 actions, about 20 µs for
 * each action's id and as much again for its annotation. Cedar reads such an action on its own: its id, which
 * can be any string (an entity id), each annotation, whose key must be an identifier and whose value can be any
 * string, and whatever else it declares (kept as it is in the comparison). Two of them declared alike but for
 * their ids and their annotations' string values get the same verdict, so reading one reads both; the actions
 * in groups are kept, as the groups' declarations and cycles are read across actions. "Any string" leaves out
 * one with a lone surrogate: cedar-wasm takes the schema in as JSON text, where it cannot be read, so an action
 * whose id or annotation value has one is kept.
 */
function declarationsSchema(schema: SchemaJson<string>): SchemaJson<string> {
  const [namespace, definition] = Object.entries(schema)[0]!;
  const grouped = new Set<string>();
  for (const [id, action] of Object.entries(definition.actions)) {
    if (!Array.isArray(action.memberOf)) continue;
    grouped.add(id);
    for (const parent of action.memberOf) grouped.add(parent.id);
  }
  const blank = (value: unknown) => (typeof value === "string" && !LONE_SURROGATE.test(value) ? "" : value);
  const declarations = new Set<string>();
  const actions: Array<[string, unknown]> = [];
  for (const [id, { appliesTo: _appliesTo, ...declaration }] of Object.entries(definition.actions)) {
    if (!grouped.has(id) && !LONE_SURROGATE.test(id)) {
      const annotations = declaration.annotations && Object.fromEntries(Object.entries(declaration.annotations).map(([key, value]) => [key, blank(value)]));
      const key = JSON.stringify({ ...declaration, annotations });
      if (declarations.has(key)) continue;
      declarations.add(key);
    }
    actions.push([id, declaration]);
  }
  return { [namespace]: { ...definition, actions: Object.fromEntries(actions) } } as SchemaJson<string>;
}

/** Half of a UTF-16 surrogate pair without its other half. */
const LONE_SURROGATE = /\p{Cs}/u;

interface ValidationError {
  /** The policy at fault; null when Cedar could not validate the call at all. */
  policyId: string | null;
  problem: string;
}

/** Strict validation of policies scoped to one action each, in chunks against their actions alone. */
function narrowedValidation(schema: SchemaJson<string>, policies: PolicyToValidate[]): ValidationError[] {
  const errors: ValidationError[] = [];
  for (let i = 0; i < policies.length; i += POLICIES_PER_VALIDATION) {
    const chunk = policies.slice(i, i + POLICIES_PER_VALIDATION);
    errors.push(...validationCall(narrowedSchema(schema, chunk.map((p) => p.soleAction!)), chunk));
  }
  return errors;
}

function validationCall(schema: SchemaJson<string>, policies: PolicyToValidate[]): ValidationError[] {
  if (!policies.length) return [];
  const staticPolicies = Object.fromEntries(policies.map((p) => [p.id, p.text]));
  const answer = validate({ schema, policies: { staticPolicies }, validationSettings: { mode: "strict" } });
  if (answer.type === "failure") return [{ policyId: null, problem: `policies.cedar cannot be validated: ${cedarMessages(answer.errors)}` }];
  return answer.validationErrors.map((e) => ({ policyId: e.policyId, problem: `policy ${e.policyId} fails strict validation: ${cedarMessages([e.error])}` }));
}

/** The action of a policy scoped `action == A` to an action the one-namespace schema declares, naming no other action. */
function soleAction(schema: SchemaJson<string>, policy: ParsedPolicy): string | undefined {
  if (policy.action.op !== "==" || !("entity" in policy.action)) return undefined;
  const uid = "__entity" in policy.action.entity ? policy.action.entity.__entity : policy.action.entity;
  if (policy.text.split("Action::").length !== 2) return undefined;
  return declaredAction(schema, uid.type, uid.id);
}

/** `id` when `type` is the action type of the one-namespace schema and the schema declares it. */
function declaredAction(schema: SchemaJson<string>, type: string, id: string): string | undefined {
  const namespaces = Object.keys(schema);
  if (namespaces.length !== 1) return undefined;
  const namespace = namespaces[0]!;
  const actionType = namespace ? `${namespace}::Action` : "Action";
  return type === actionType && Object.hasOwn(schema[namespace]!.actions, id) ? id : undefined;
}

/** A policy's scope naming one action, in the text (comments aside) of a policy that names no other: `action == NS::Action::"id"`. */
const SCOPED_TO_ONE_ACTION = /^\s*(?:permit|forbid)\s*\(\s*principal\b[^,]*,\s*action\s*==\s*((?:\w+::)*Action)::("[^"\\]*")\s*,/m;

/**
 * soleAction read from a policy's text, without asking Cedar to parse it: the compile has each policy's text on
 * its own, and reading 10,000 policies back through Cedar (split, then policyToJson each) took longer than
 * validating them. Conservative: a text this does not recognise is validated against the whole schema, and
 * Cedar still parses every policy when it validates it.
 */
export function soleActionOfText(schema: SchemaJson<string>, text: string): string | undefined {
  const code = text.replace(COMMENT_LINES, "$1");
  const scope = SCOPED_TO_ONE_ACTION.exec(code);
  if (!scope) return undefined;
  const first = code.indexOf("Action::");
  if (code.indexOf("Action::", first + 1) !== -1) return undefined;
  return declaredAction(schema, scope[1]!, JSON.parse(scope[2]!) as string);
}

/** Every line that is a comment (white space, then `//`), its text removed and its line break kept. */
const COMMENT_LINES = /(^|\n)[^\S\n]*\/\/[^\n]*/g;

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
