// The view model of policy.rego: a fixed evaluator that reads each action's requirement from data.json
// (src/targets/rego/clauses.ts), so a decision costs one lookup by `input.action` on every engine, indexing or
// not. Only the rules a system needs are written, so its generated tests can cover every line: what it needs is
// read from its data (src/targets/rego/reads.ts), the one place that says which literals and conditions occur.
import type { SystemIR } from "../../ir/types.ts";
import { regoPaths, MODEL_KEY } from "./identifiers.ts";
import { regoModel, regoModelReads } from "./data.ts";
import type { ConditionKey } from "./reads.ts";

/** Rules and functions the template defines. */
export const FIXED_RULES = [
  "allow", "decision", "missing", "deny", "deny_lifted", "valid_request", "malformed_field", "wrong_type", "is_project_user",
  "request_context", "request_resource", "request_principal", "principal_id", "principal_fields", "has_permission",
  "member_of", "holds_all_listed", "action_allowed", "requirement", "literal_holds", "condition_holds",
  "condition_kind_holds", "condition_known", "condition_kind_known", "condition_fails", MODEL_KEY,
];

const CONDITION_KEYS: ConditionKey[] = [
  "contextFlag", "staff", "resourceIn", "resourceFlag", "memberOf", "holdsAllListedInContext", "holdsAllListedInResource",
  "principalFlag", "principalIn", "principalIs", "principalAmong",
];

/** The conditions that read the request's context, and those that read its resource. */
const CONTEXT_CONDITIONS: ConditionKey[] = ["contextFlag", "holdsAllListedInContext"];
const RESOURCE_CONDITIONS: ConditionKey[] = ["resourceIn", "resourceFlag", "memberOf", "holdsAllListedInResource", "principalIs", "principalAmong"];

/** Which of the template's optional rules the system needs. */
export interface PolicyUses {
  contextKeys: boolean;
  resourceAttributes: boolean;
  /** Some condition reads the request's context, or its resource (through `request_context`, `request_resource`). */
  requestContext: boolean;
  requestResource: boolean;
  /** Some declared attribute holds a single string (an enum, a role name, a user id). */
  stringValues: boolean;
  principalAttributes: boolean;
  resourceDefaults: boolean;
  principalDefaults: boolean;
  roles: boolean;
  /** Some permission has another spelling. */
  aliases: boolean;
  /** Some action has a requirement for principals who are not users of the project. */
  nonMembers: boolean;
  /** Some action has deny rules; `denyWhen` says how they are written. */
  denies: boolean;
  denyWhen: { condition: boolean; not: boolean };
  /** Some choice among permissions is empty ("No one"). */
  never: boolean;
  /** Some requirement has a choice among permissions (`anyOf`), or clauses of other literals (clauses.ts `RequirementData`). */
  anyOf: boolean;
  clauses: boolean;
  /** The literal kinds those clauses use (see clauses.ts `Literal`). */
  literals: { permission: boolean; condition: boolean; unless: boolean; not: boolean; unlessNot: boolean };
  /** Some condition must be known not to hold (a negation, "only if" one, or a deny rule). */
  conditionFails: boolean;
  /** Some condition is decided (a condition literal, a deny rule or a non-member rule reads one). */
  conditions: boolean;
  /** The conditions decided, by kind. */
  holds: Record<ConditionKey, boolean>;
  /** The conditions whose known-ness is decided, by kind. */
  known: Record<ConditionKey, boolean>;
  /** `principal.id` is read (a relation). */
  principalId: boolean;
  memberOf: boolean;
  holdsAllListed: boolean;
}

export interface PolicyView {
  uses: PolicyUses;
  document: string;
  systemId: string;
  title: string;
  packageName: string;
  dataRef: string;
  modelRef: string;
}

export function policyView(system: SystemIR): PolicyView {
  const paths = regoPaths(system.id);
  return {
    uses: policyUses(system),
    document: system.document,
    systemId: system.id,
    title: system.title,
    packageName: paths.packageName,
    dataRef: paths.dataRef,
    modelRef: paths.modelRef,
  };
}

function policyUses(system: SystemIR): PolicyUses {
  const model = regoModel(system);
  const actions = Object.values(model.actions);
  const reads = regoModelReads(system);
  const byKey = (set: Set<ConditionKey>) => Object.fromEntries(CONDITION_KEYS.map((key) => [key, set.has(key)])) as Record<ConditionKey, boolean>;
  return {
    contextKeys: system.contextKeys.length > 0,
    resourceAttributes: system.resourceAttributes.length > 0,
    requestContext: CONTEXT_CONDITIONS.some((key) => reads.holds.has(key)),
    requestResource: RESOURCE_CONDITIONS.some((key) => reads.holds.has(key)),
    stringValues: system.resourceAttributes.some((a) => a.kind === "enum" || a.kind === "roleName" || a.kind === "user") || system.principalAttributes.some((a) => a.kind === "enum"),
    principalAttributes: system.principalAttributes.length > 0,
    resourceDefaults: model.resourceDefaults !== undefined,
    principalDefaults: model.principalDefaults !== undefined,
    roles: system.roles.length > 0,
    aliases: model.aliases !== undefined,
    nonMembers: actions.some((a) => a.nonMembers),
    denies: reads.denyWhen.size > 0,
    denyWhen: { condition: reads.denyWhen.has("condition"), not: reads.denyWhen.has("not") },
    never: reads.never,
    anyOf: reads.anyOf,
    clauses: reads.clauses,
    literals: { permission: reads.literals.has("permission"), condition: reads.literals.has("condition"), unless: reads.literals.has("unless"), not: reads.literals.has("not"), unlessNot: reads.literals.has("unlessNot") },
    conditionFails: reads.known.size > 0,
    conditions: reads.holds.size > 0,
    holds: byKey(reads.holds),
    known: byKey(reads.known),
    principalId: reads.holds.has("principalIs") || reads.holds.has("principalAmong"),
    memberOf: reads.holds.has("memberOf"),
    holdsAllListed: reads.holds.has("holdsAllListedInContext") || reads.holds.has("holdsAllListedInResource"),
  };
}
