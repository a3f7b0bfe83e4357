// data.json: the declarations the policy reads at evaluation time, taken from the IR at compile time.
import { createHash } from "node:crypto";
import { permissionsOf } from "../../ir/requirement.ts";
import type { ActionIR, ContextKeyIR, ResourceAttributeIR, SystemIR } from "../../ir/types.ts";
import { compareText } from "../../ir/order.ts";
import { MODEL_KEY, regoPaths } from "./identifiers.ts";
import { permissionSpellings } from "../../ir/spellings.ts";
import { ClauseLimitError, requirementClauses, type Clauses } from "./clauses.ts";
import { TargetError } from "../target.ts";
import { layoutJson } from "./json-layout.ts";

/** The JSON types `valid_request` checks values against (see `has_type` in policy.rego). */
export type ValueType = "string" | "boolean" | "stringList";

export interface RegoModel {
  system: string;
  /** Declared permissions by the name requests carry. */
  permissions: Record<string, { id: string; staffOnly: boolean; internal: boolean }>;
  /** Every spelling a request may use (each name and each alias) -> the permission's name. */
  names: Record<string, string>;
  /**
   * Declared roles by name. `grants` is every permission name the role grants with its includes expanded
   * (transitively), `includes` every role name it includes (transitively, not itself): the closure is
   * computed here once instead of by recursion, which Rego does not have.
   */
  roles: Record<string, { id: string; grants: string[]; includes: string[] }>;
  /** Declared context keys and the type a present value must have. */
  contextKeys: Record<string, ValueType>;
  /** Declared resource attributes and the type a present value must have. */
  resourceAttributes: Record<string, ValueType>;
  /**
   * Per action: where the document puts it and its row (for the reader), the permission names its effective
   * requirement mentions, sorted (what `missing` draws from), and the requirement itself as clauses.
   */
  actions: Record<string, { page: string; row: string; note?: string; permissions: string[]; requirement: Clauses }>;
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
    case "enum":
    case "roleName":
      return "string";
  }
}

export function regoModel(system: SystemIR): RegoModel {
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
  const roles: RegoModel["roles"] = {};
  for (const role of system.roles) {
    const reached = closure(role.id);
    const granted = new Set([...reached].flatMap((id) => rolesById.get(id)!.grants));
    roles[role.name] = {
      id: role.id,
      // Declaration order, as in the IR, so data.json diffs stay small.
      grants: system.permissions.filter((p) => granted.has(p.id)).map((p) => p.name),
      includes: system.roles.filter((r) => r.id !== role.id && reached.has(r.id)).map((r) => r.name),
    };
  }
  return {
    system: system.id,
    permissions: Object.fromEntries(system.permissions.map((p) => [p.name, { id: p.id, staffOnly: p.staffOnly, internal: p.internal }])),
    names: Object.fromEntries(
      permissionSpellings(system)
        .map(([spelling, p]) => [spelling, p.name] as const)
        .sort(([a], [b]) => compareText(a, b)),
    ),
    roles,
    contextKeys: Object.fromEntries(system.contextKeys.map((k) => [k.key, contextKeyType(k)])),
    resourceAttributes: Object.fromEntries(system.resourceAttributes.map((a) => [a.name, attributeType(a)])),
    actions: Object.fromEntries(
      system.actions.map((a) => {
        const name = (id: string) => permissionName.get(id) ?? id;
        const permissions = permissionsOf(a.effective).map(name).sort(compareText);
        return [a.id, { page: a.path.join(" > "), row: a.row, ...(a.note ? { note: a.note } : {}), permissions, requirement: clausesOf(system, a, name) }];
      }),
    ),
  };
}

/** An action's requirement as clauses, or a TargetError naming the action and its spec line. */
function clausesOf(system: SystemIR, action: ActionIR, name: (id: string) => string): Clauses {
  try {
    return requirementClauses(action.effective, name);
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
