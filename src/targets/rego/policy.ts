// The view model of policy.rego: a fixed evaluator that reads each action's requirement from data.json
// (src/targets/rego/clauses.ts), so a decision costs one lookup by `input.action` on every engine, indexing or
// not. Only the rules a system needs are written, so its generated tests can cover every line.
import { conditionsOf } from "../../ir/requirement.ts";
import type { Requirement, SystemIR } from "../../ir/types.ts";
import { regoPaths, MODEL_KEY } from "./identifiers.ts";

/** Rules and functions the template defines. */
export const FIXED_RULES = [
  "allow", "decision", "missing", "valid_request", "malformed_field", "has_type", "is_project_user",
  "request_context", "request_resource", "held_permissions", "has_permission", "role_memberships", "holds_all_listed",
  "action_allowed", "literal_holds", "condition_holds", MODEL_KEY,
];

/** Which of the template's optional rules the system needs. */
export interface PolicyUses {
  contextKeys: boolean;
  resourceAttributes: boolean;
  /** Some declared attribute holds a single string (an enum or a role name). */
  stringValues: boolean;
  roles: boolean;
  /** Some requirement reads a condition. */
  conditions: boolean;
  /** Some requirement is "only if" a condition. */
  unless: boolean;
  contextFlag: boolean;
  staff: boolean;
  resourceIn: boolean;
  resourceFlag: boolean;
  memberOf: boolean;
  holdsAllListedInContext: boolean;
  holdsAllListedInResource: boolean;
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

function hasOnlyIf(req: Requirement): boolean {
  if (req.kind === "onlyIf") return true;
  return (req.kind === "allOf" || req.kind === "anyOf") && req.items.some(hasOnlyIf);
}

function policyUses(system: SystemIR): PolicyUses {
  const conditions = system.actions.flatMap((a) => conditionsOf(a.effective));
  const kinds = new Set(conditions.map((c) => c.kind));
  const listsIn = (from: "context" | "resource") => conditions.some((c) => c.kind === "holdsAllListed" && c.from === from);
  return {
    contextKeys: system.contextKeys.length > 0,
    resourceAttributes: system.resourceAttributes.length > 0,
    stringValues: system.resourceAttributes.some((a) => a.kind === "enum" || a.kind === "roleName"),
    roles: system.roles.length > 0,
    conditions: conditions.length > 0,
    unless: system.actions.some((a) => hasOnlyIf(a.effective)),
    contextFlag: kinds.has("contextFlag"),
    staff: kinds.has("principalStaff"),
    resourceIn: kinds.has("resourceIn"),
    resourceFlag: kinds.has("resourceFlag"),
    memberOf: kinds.has("memberOfRole"),
    holdsAllListedInContext: listsIn("context"),
    holdsAllListedInResource: listsIn("resource"),
    holdsAllListed: kinds.has("holdsAllListed"),
  };
}
