// data.json: the declarations the policy reads at evaluation time, taken from the IR at compile time.
import { createHash } from "node:crypto";
import { permissionsOf } from "../../ir/requirement.ts";
import type { ActionIR, ContextKeyIR, PrincipalAttributeIR, Requirement, ResourceAttributeIR, SystemIR } from "../../ir/types.ts";
import { compareText } from "../../ir/order.ts";
import { MODEL_KEY, regoPaths } from "./identifiers.ts";
import { permissionSpellings } from "../../ir/spellings.ts";
import { roleGrantClosure } from "../../eval/principal.ts";
import { ClauseLimitError, conditionLiteral, requirementClauses, requirementData, type ConditionLiteral, type RequirementData, type UserAttributeKinds } from "./clauses.ts";
import { actionReads, type ClauseReads } from "./reads.ts";
import { TargetError } from "../target.ts";
import { layoutJson } from "./json-layout.ts";

/** The JSON types `valid_request` checks values against (see `wrong_type` in policy.rego). */
export type ValueType = "string" | "boolean" | "stringList";

export interface RegoModel {
  system: string;
  /** Declared permissions by the name requests carry. */
  permissions: Record<string, { id: string; staffOnly: boolean; internal: boolean }>;
  /** Every spelling a request may use (each name and each alias) -> the permission's name. */
  names: Record<string, string>;
  /** The other spellings of each permission that has some (absent: none has). */
  aliases?: Record<string, string[]>;
  /**
   * Declared roles by name. `grants` is every permission name the role grants with its includes expanded
   * (transitively, each role's exceptions taken out of what it includes), `includes` every role name it includes
   * (transitively, not itself): the closure is computed here once instead of by recursion, which Rego does not have.
   * Both are sets written as objects (`{name: true}`), so the policy asks for one name by lookup.
   */
  roles: Record<string, { id: string; grants: Record<string, true>; includes: Record<string, true> }>;
  /** Declared context keys and the type a present value must have. */
  contextKeys: Record<string, ValueType>;
  /** Declared resource attributes and the type a present value must have. */
  resourceAttributes: Record<string, ValueType>;
  /** The value an omitted resource attribute takes, for those that declare one (absent: none does). */
  resourceDefaults?: Record<string, string | boolean>;
  /**
   * The declared values of the enum attributes whose conditions are read negated or by a deny rule: another value
   * makes such a condition unknown (absent: none is).
   */
  resourceEnums?: Record<string, string[]>;
  /** Declared principal attributes and the type a present value must have (absent: none is declared). */
  principalAttributes?: Record<string, ValueType>;
  principalDefaults?: Record<string, string | boolean>;
  principalEnums?: Record<string, string[]>;
  actions: Record<string, ActionData>;
}

/**
 * Per action: where the document puts it and its row (for the reader), the permission names its effective
 * requirement mentions, sorted (what `missing` draws from), and the requirement itself (clauses.ts
 * `RequirementData`). `nonMembers`: the requirement a principal who is not a user of the project must satisfy
 * instead (absent: it is denied); `denies`:
 * the deny rules that win over both, with the document's words.
 */
export interface ActionData {
  page: string;
  row: string;
  note?: string;
  permissions: string[];
  requirement: RequirementData;
  nonMembers?: RequirementData;
  denies?: DenyData[];
}

/** A deny rule: the action is denied when `when` holds or cannot be decided. */
export interface DenyData {
  when: ConditionLiteral;
  text?: string;
}

function contextKeyType(key: ContextKeyIR): ValueType {
  return key.kind === "flag" ? "boolean" : "stringList";
}

function attributeType(attribute: ResourceAttributeIR): ValueType {
  switch (attribute.kind) {
    case "flag":
      return "boolean";
    case "permissionList":
      return "stringList";
    case "users":
      return "stringList";
    case "enum":
    case "roleName":
    case "user":
      return "string";
  }
}

function principalAttributeType(attribute: PrincipalAttributeIR): ValueType {
  return attribute.kind === "flag" ? "boolean" : "string";
}

/** Each attribute's default, or undefined when none declares one (the key is then left out of data.json). */
function defaults(attributes: Array<ResourceAttributeIR | PrincipalAttributeIR>): Record<string, string | boolean> | undefined {
  const declared = attributes.filter((a) => a.default !== null);
  return declared.length ? Object.fromEntries(declared.map((a) => [a.name, a.default!])) : undefined;
}

/** The declared values of the enum attributes among `read`, if any. */
function enums(attributes: Array<ResourceAttributeIR | PrincipalAttributeIR>, read: Set<string>): Record<string, string[]> | undefined {
  const declared = attributes.filter((a) => a.kind === "enum" && read.has(a.name));
  return declared.length ? Object.fromEntries(declared.map((a) => [a.name, a.values])) : undefined;
}

const models = new WeakMap<SystemIR, { model: RegoModel; reads: ClauseReads }>();

/**
 * The model of a system, built once: the policy (which rules it needs) and data.json both read it, and building it
 * turns every action's requirement into clauses. Nothing writes to it once built.
 */
export function regoModel(system: SystemIR): RegoModel {
  return builtModel(system).model;
}

/** What the model's actions read (`actionReads` of them), found while building it. */
export function regoModelReads(system: SystemIR): ClauseReads {
  return builtModel(system).reads;
}

function builtModel(system: SystemIR): { model: RegoModel; reads: ClauseReads } {
  let built = models.get(system);
  if (!built) models.set(system, (built = buildRegoModel(system)));
  return built;
}

function buildRegoModel(system: SystemIR): { model: RegoModel; reads: ClauseReads } {
  const permissionName = new Map(system.permissions.map((p) => [p.id, p.name]));
  const rolesById = new Map(system.roles.map((r) => [r.id, r]));
  const closure = (roleId: string): Set<string> => {
    const seen = new Set<string>();
    const visit = (id: string) => {
      if (seen.has(id) || !rolesById.has(id)) return;
      seen.add(id);
      rolesById.get(id)!.includes.forEach(visit);
    };
    visit(roleId);
    return seen;
  };
  // Grants as the reference evaluator computes them: includes expanded, each role's exceptions taken out of what it
  // includes (and so out of what the roles above it inherit through it).
  const grantClosure = roleGrantClosure(system);
  const roles: RegoModel["roles"] = {};
  for (const role of system.roles) {
    const reached = closure(role.id);
    const granted = grantClosure.get(role.id)!;
    roles[role.name] = {
      id: role.id,
      // Declaration order, as in the IR, so data.json diffs stay small.
      grants: nameSet(system.permissions.filter((p) => granted.has(p.id)).map((p) => p.name)),
      includes: nameSet(system.roles.filter((r) => r.id !== role.id && reached.has(r.id)).map((r) => r.name)),
    };
  }
  const users: UserAttributeKinds = new Map(
    system.resourceAttributes.flatMap((a) => (a.kind === "user" || a.kind === "users" ? [[a.name, a.kind] as const] : [])),
  );
  const name = (id: string) => permissionName.get(id) ?? id;
  const actions = Object.fromEntries(system.actions.map((a) => [a.id, actionData(system, a, name, users)]));
  const entries = Object.values(actions);
  const reads = actionReads(entries);
  const spellings = permissionSpellings(system).sort(([a], [b]) => compareText(a, b));
  const aliases: Record<string, string[]> = {};
  for (const [spelling, p] of spellings) if (spelling !== p.name) (aliases[p.name] ??= []).push(spelling);
  const model: RegoModel = {
    system: system.id,
    permissions: Object.fromEntries(system.permissions.map((p) => [p.name, { id: p.id, staffOnly: p.staffOnly, internal: p.internal }])),
    names: Object.fromEntries(spellings.map(([spelling, p]) => [spelling, p.name])),
    ...optional("aliases", Object.keys(aliases).length ? aliases : undefined),
    roles,
    contextKeys: Object.fromEntries(system.contextKeys.map((k) => [k.key, contextKeyType(k)])),
    resourceAttributes: Object.fromEntries(system.resourceAttributes.map((a) => [a.name, attributeType(a)])),
    ...optional("resourceDefaults", defaults(system.resourceAttributes)),
    ...optional("resourceEnums", enums(system.resourceAttributes, reads.knownEnums.resource)),
    ...optional("principalAttributes", system.principalAttributes.length ? Object.fromEntries(system.principalAttributes.map((a) => [a.name, principalAttributeType(a)])) : undefined),
    ...optional("principalDefaults", defaults(system.principalAttributes)),
    ...optional("principalEnums", enums(system.principalAttributes, reads.knownEnums.principal)),
    actions,
  };
  return { model, reads };
}

/**
 * Names in their order, as a set Rego looks a name up in. An object without a prototype is a dictionary from the
 * start: a role high in a large system grants thousands of names, and a plain object went through a hidden class
 * per name added.
 */
function nameSet(names: string[]): Record<string, true> {
  const set = Object.create(null) as Record<string, true>;
  for (const name of names) set[name] = true;
  return set;
}

/** `{key: value}`, or nothing when there is no value: keys a system does not need stay out of its data.json. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function actionData(system: SystemIR, action: ActionIR, name: (id: string) => string, users: UserAttributeKinds): ActionData {
  const permissions = permissionsOf(action.effective).map(name).sort(compareText);
  const data: ActionData = { page: action.path.join(" > "), row: action.row, ...(action.note ? { note: action.note } : {}), permissions, requirement: clausesOf(system, action, action.effective, name, users) };
  if (action.nonMembers) data.nonMembers = clausesOf(system, action, action.nonMembers, name, users);
  if (action.denies.length) data.denies = action.denies.map((rule) => ({ when: conditionLiteral(rule.when, users), ...(rule.text ? { text: rule.text } : {}) }));
  return data;
}

/** A requirement of an action as data, or a TargetError naming the action and its spec line. */
function clausesOf(system: SystemIR, action: ActionIR, requirement: Requirement, name: (id: string) => string, users: UserAttributeKinds): RequirementData {
  try {
    return requirementData(requirementClauses(requirement, name, users));
  } catch (error) {
    if (!(error instanceof ClauseLimitError)) throw error;
    throw new TargetError("rego", system.id, `${action.source.file}:${action.source.line}: action ${action.id}: ${error.message}; split the any-of into actions or rows`);
  }
}

/** data.json: the model under the package path, so the policy reads it as `data.policyc.<system>.model`. */
export function renderData(system: SystemIR): string {
  let document: unknown = { [MODEL_KEY]: regoModel(system) };
  for (const segment of [...regoPaths(system.id).segments].reverse()) document = { [segment]: document };
  return layoutJson(document);
}

/** `.manifest`: the bundle owns its package and its test package, and nothing else. */
/**
 * `.manifest`: the bundle's roots (the policy package only), its Rego version, and a revision that is a hash of
 * the bundle's content, so OPA's status and decision logs name exactly what was decided with and the same spec
 * always gives the same revision.
 */
export function renderManifest(system: SystemIR, files: Record<string, string>): string {
  const hash = createHash("sha256");
  for (const name of Object.keys(files).sort()) hash.update(`${name}\0${files[name]}\0`);
  const manifest = { revision: hash.digest("hex").slice(0, 16), roots: regoPaths(system.id).roots, rego_version: 1 };
  return JSON.stringify(manifest, null, 2) + "\n";
}
