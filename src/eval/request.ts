import type { ContextKeyIR, PrincipalAttributeIR, ResourceAttributeIR, SystemIR } from "../ir/types.ts";

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

/** The checked view of an empty context, resource or principal: shared, since nothing writes to a checked request. */
const NOTHING: Record<string, unknown> = Object.freeze(Object.create(null) as Record<string, unknown>);
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
  // The request's own keys are walked (a request states a few; a system may declare many), then defaults filled.
  const shape = shapeOf(system);
  let context = NOTHING;
  for (const key of Object.keys(rawContext)) {
    const kind = shape.context.get(key)?.kind;
    const value = rawContext[key];
    if (kind === undefined || value === undefined) continue;
    if (kind === "flag" && typeof value !== "boolean") return { ok: false, problem: `"context.${key}" must be a boolean` };
    if (kind === "permissionList" && !isStringList(value)) return { ok: false, problem: `"context.${key}" must be an array of strings` };
    if (context === NOTHING) context = Object.create(null) as Record<string, unknown>;
    context[key] = value;
  }
  let resource = NOTHING;
  for (const name of Object.keys(rawResource)) {
    const kind = shape.resource.get(name)?.kind;
    const value = rawResource[name];
    if (kind === undefined || value === undefined) continue;
    if (!hasKind(value, kind)) return { ok: false, problem: `"resource.${name}" has the wrong type for a ${kind}` };
    if (resource === NOTHING) resource = Object.create(null) as Record<string, unknown>;
    resource[name] = value;
  }
  if (shape.resourceDefaults.length > 0) {
    if (resource === NOTHING) resource = Object.create(null) as Record<string, unknown>;
    for (const [name, value] of shape.resourceDefaults) if (!(name in resource)) resource[name] = value;
  }
  // Declared principal attributes, read like resource attributes; an enum value the spec does not declare is kept
  // (the request is not malformed) and makes every condition on it unknown.
  let principalAttributes = NOTHING;
  if (shape.principal.size > 0) {
    principalAttributes = Object.create(null) as Record<string, unknown>;
    for (const name of Object.keys(principal)) {
      const kind = shape.principal.get(name)?.kind;
      const value = principal[name];
      if (kind === undefined || value === undefined) continue;
      if (!hasKind(value, kind)) return { ok: false, problem: `"principal.${name}" has the wrong type for a ${kind}` };
      principalAttributes[name] = value;
    }
    for (const [name, value] of shape.principalDefaults) if (!(name in principalAttributes)) principalAttributes[name] = value;
  }
  // The id only names the user (Cedar's principal, logs): it decides nothing, so a value of another type is ignored
  // rather than denied, as every engine that never reads it does.
  const id = own(principal, "id");
  const checked: CheckedRequest = { action, permissions, roles, staff, projectUser, principal: principalAttributes, resource, context };
  if (typeof id === "string") checked.principalId = id;
  return { ok: true, request: checked };
}

type AttributeKind = SystemIR["resourceAttributes"][number]["kind"];

/**
 * The context keys, resource attributes and principal attributes a system declares, by name: what a request's own
 * keys are looked up in, here and by the request warnings. Made once per system.
 */
export interface DeclaredKeys {
  context: Map<string, ContextKeyIR>;
  resource: Map<string, ResourceAttributeIR>;
  principal: Map<string, PrincipalAttributeIR>;
}

const declared = new WeakMap<SystemIR, DeclaredKeys>();

export function declaredKeys(system: SystemIR): DeclaredKeys {
  let keys = declared.get(system);
  if (!keys) {
    keys = {
      context: new Map(system.contextKeys.map((k) => [k.key, k])),
      resource: new Map(system.resourceAttributes.map((a) => [a.name, a])),
      principal: new Map(system.principalAttributes.map((a) => [a.name, a])),
    };
    declared.set(system, keys);
  }
  return keys;
}

/** The declared keys with the defaults of omitted attributes; built once per system. */
interface RequestShape extends DeclaredKeys {
  resourceDefaults: Array<[string, string | boolean]>;
  principalDefaults: Array<[string, string | boolean]>;
}

const shapes = new WeakMap<SystemIR, RequestShape>();

function shapeOf(system: SystemIR): RequestShape {
  let shape = shapes.get(system);
  if (!shape) {
    const defaults = (attrs: Array<{ name: string; default: string | boolean | null }>) =>
      attrs.flatMap((a): Array<[string, string | boolean]> => (a.default === null ? [] : [[a.name, a.default]]));
    shape = { ...declaredKeys(system), resourceDefaults: defaults(system.resourceAttributes), principalDefaults: defaults(system.principalAttributes) };
    shapes.set(system, shape);
  }
  return shape;
}

/** A value of the attribute's kind: a flag is a boolean, a list a list of strings, anything else a string. */
function hasKind(value: unknown, kind: AttributeKind): boolean {
  switch (kind) {
    case "flag":
      return typeof value === "boolean";
    case "permissionList":
    case "users":
      return isStringList(value);
    default:
      return typeof value === "string";
  }
}
