import type { SystemIR } from "../ir/types.ts";

/** The request every engine reads: the same JSON for `policyc decide`, OPA's input and the Cedar adapter. */
export interface PolicyRequest {
  action: string;
  principal: {
    /** Who the user is, for Cedar's principal and decision logs; it decides nothing. */
    id?: string;
    permissions?: string[];
    roles?: string[];
    /** Staff of the platform vendor; staff-only permissions count only for them. Omitted means false. */
    staff?: boolean;
    /** A user of the project. Omitted means true. */
    projectUser?: boolean;
    /** The system's declared principal attributes. */
    [attribute: string]: unknown;
  };
  resource?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

/** A request whose shape was checked against the system; what every evaluator decides on. */
export interface CheckedRequest {
  action: string;
  /** `principal.id` when it is a string; it decides nothing. */
  principalId?: string;
  permissions: string[];
  roles: string[];
  staff: boolean;
  projectUser: boolean;
  /** The declared principal attributes the request holds, defaults filled in. */
  principal: Record<string, unknown>;
  /** The declared resource attributes the request holds, defaults filled in. */
  resource: Record<string, unknown>;
  context: Record<string, unknown>;
}

export type RequestCheck = { ok: true; request: CheckedRequest } | { ok: false; problem: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");
/**
 * A key the request itself holds. A plain `o[key]` also finds Object.prototype's members, so a spec declaring a
 * context key "constructor" or "valueOf" would read a function for every request and deny them all as malformed.
 */
const own = (o: Record<string, unknown>, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);

/**
 * Check a request's shape. A malformed request is denied by every engine, so this is the one definition
 * of "malformed" that the Rego and Cedar targets mirror.
 */
export function checkRequest(system: SystemIR, raw: unknown): RequestCheck {
  // Only an absent key takes its default: `null` is present and not of the right type, as in Rego and as for context keys.
  if (!isObject(raw)) return { ok: false, problem: "the request must be a JSON object" };
  const action = own(raw, "action");
  if (typeof action !== "string") return { ok: false, problem: '"action" must be a string' };
  const principal = own(raw, "principal");
  if (!isObject(principal)) return { ok: false, problem: '"principal" must be an object' };
  const permissions = own(principal, "permissions") === undefined ? [] : own(principal, "permissions");
  if (!isStringList(permissions)) return { ok: false, problem: '"principal.permissions" must be an array of strings' };
  const roles = own(principal, "roles") === undefined ? [] : own(principal, "roles");
  if (!isStringList(roles)) return { ok: false, problem: '"principal.roles" must be an array of strings' };
  const staff = own(principal, "staff") === undefined ? false : own(principal, "staff");
  if (typeof staff !== "boolean") return { ok: false, problem: '"principal.staff" must be a boolean' };
  const projectUser = own(principal, "projectUser") === undefined ? true : own(principal, "projectUser");
  if (typeof projectUser !== "boolean") return { ok: false, problem: '"principal.projectUser" must be a boolean' };
  const rawResource = own(raw, "resource") === undefined ? {} : own(raw, "resource");
  if (!isObject(rawResource)) return { ok: false, problem: '"resource" must be an object' };
  const rawContext = own(raw, "context") === undefined ? {} : own(raw, "context");
  if (!isObject(rawContext)) return { ok: false, problem: '"context" must be an object' };

  // Only the declared keys the request holds are kept, in objects with no prototype, so later reads see nothing else.
  const context: Record<string, unknown> = Object.create(null);
  for (const key of system.contextKeys) {
    const value = own(rawContext, key.key);
    if (value === undefined) continue;
    if (key.kind === "flag" && typeof value !== "boolean") return { ok: false, problem: `"context.${key.key}" must be a boolean` };
    if (key.kind === "permissionList" && !isStringList(value)) return { ok: false, problem: `"context.${key.key}" must be an array of strings` };
    context[key.key] = value;
  }
  const resource: Record<string, unknown> = Object.create(null);
  for (const attr of system.resourceAttributes) {
    const value = own(rawResource, attr.name);
    if (value === undefined) {
      if (attr.default !== null) resource[attr.name] = attr.default;
      continue;
    }
    const fine = attr.kind === "flag" ? typeof value === "boolean" : attr.kind === "permissionList" || attr.kind === "users" ? isStringList(value) : typeof value === "string";
    if (!fine) return { ok: false, problem: `"resource.${attr.name}" has the wrong type for a ${attr.kind}` };
    resource[attr.name] = value;
  }
  // Declared principal attributes, read like resource attributes; an enum value the spec does not declare is kept
  // (the request is not malformed) and makes every condition on it unknown.
  const principalAttributes: Record<string, unknown> = Object.create(null);
  for (const attr of system.principalAttributes) {
    const value = own(principal, attr.name);
    if (value === undefined) {
      if (attr.default !== null) principalAttributes[attr.name] = attr.default;
      continue;
    }
    if (typeof value !== (attr.kind === "flag" ? "boolean" : "string")) return { ok: false, problem: `"principal.${attr.name}" has the wrong type for a ${attr.kind}` };
    principalAttributes[attr.name] = value;
  }
  // The id only names the user (Cedar's principal, logs): it decides nothing, so a value of another type is ignored
  // rather than denied, as every engine that never reads it does.
  const id = own(principal, "id");
  const checked: CheckedRequest = { action, permissions, roles, staff, projectUser, principal: principalAttributes, resource, context };
  if (typeof id === "string") checked.principalId = id;
  return { ok: true, request: checked };
}
