// Requests that are probably mistakes. A typo in a role, a permission, a key or an enum value is not malformed: the
// semantics ignore undeclared keys and grant nothing for unknown names, so the request is simply denied (or a
// condition silently off). These warnings say so, with the name most probably meant. They never change a decision.
// Imported by the CLI and by anything that serves decisions; reads only the IR.
import type { SystemIR } from "../ir/types.ts";
import { REQUEST_PRINCIPAL_FIELDS } from "../ir/identifiers.ts";
import { permissionSpellings } from "../ir/spellings.ts";
import { ActionResolver } from "./action-names.ts";
import { declaredKeys } from "./request.ts";
import { didYouMean } from "./suggest.ts";

export interface RequestWarning {
  code: "unknown-action" | "unknown-role" | "unknown-permission" | "unknown-key" | "unknown-value";
  /** Where in the request, as a JSON path: `principal.roles[0]`, `context.projectVisiblity`. */
  path: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const REQUEST_KEYS = ["action", "principal", "resource", "context"];

/** The names of one system a request may use, gathered once. */
export class RequestVocabulary {
  readonly actions: Set<string>;
  readonly roles: Set<string>;
  readonly permissions: Set<string>;
  readonly contextKeys: Map<string, SystemIR["contextKeys"][number]>;
  readonly resourceAttributes: Map<string, SystemIR["resourceAttributes"][number]>;
  readonly principalAttributes: Map<string, SystemIR["principalAttributes"][number]>;
  /** Every key a principal may hold: its fixed fields and the declared attributes. */
  readonly principalKeys: string[];
  readonly actionNames: ActionResolver;

  constructor(readonly system: SystemIR) {
    this.actionNames = new ActionResolver(system);
    this.actions = new Set(system.actions.map((a) => a.id));
    this.roles = new Set(system.roles.map((r) => r.name));
    this.permissions = new Set(permissionSpellings(system).map(([spelling]) => spelling));
    const declared = declaredKeys(system);
    this.contextKeys = declared.context;
    this.resourceAttributes = declared.resource;
    this.principalAttributes = declared.principal;
    this.principalKeys = [...REQUEST_PRINCIPAL_FIELDS, ...this.principalAttributes.keys()];
  }
}

const vocabularies = new WeakMap<SystemIR, RequestVocabulary>();

/**
 * What in a request is probably a mistake: an unknown action, role or permission name, an undeclared key of the
 * request, its principal, context or resource, and an enum value the attribute does not have. Shape errors are not
 * warnings (the request is malformed and denied, and the decision says why).
 */
export function requestWarnings(system: SystemIR, request: unknown): RequestWarning[] {
  let vocabulary = vocabularies.get(system);
  if (!vocabulary) vocabularies.set(system, (vocabulary = new RequestVocabulary(system)));
  const v = vocabulary;
  const out: RequestWarning[] = [];
  if (!isObject(request)) return out;
  for (const key of Object.keys(request)) {
    if (!REQUEST_KEYS.includes(key)) out.push({ code: "unknown-key", path: key, message: `the request has no key "${key}", so it is ignored${didYouMean(key, REQUEST_KEYS)}` });
  }
  const action = request.action;
  if (typeof action === "string" && !v.actions.has(action)) {
    // A request names its action by id; a person often writes the row instead ("View DORA metrics").
    const named = v.actionNames.resolve(action);
    const hint = named.ok ? `; did you mean ${JSON.stringify(named.action.id)} (the row "${named.action.row}")?` : didYouMean(action, v.actions);
    out.push({ code: "unknown-action", path: "action", message: `unknown action "${action}", which is denied${hint}` });
  }
  const principal = request.principal;
  if (isObject(principal)) {
    for (const [key, value] of Object.entries(principal)) {
      const declared = v.principalAttributes.get(key);
      if (declared) enumValue(declared, value, `principal.${key}`, out);
      else if (!REQUEST_PRINCIPAL_FIELDS.includes(key)) {
        out.push({ code: "unknown-key", path: `principal.${key}`, message: `the principal has no key "${key}", so it is ignored${didYouMean(key, v.principalKeys)}` });
      }
    }
    // A system that declares no roles still reads group names (memberOf): there is nothing to compare them with.
    if (v.roles.size > 0) names(principal.roles, "principal.roles", v.roles, "role", out);
    names(principal.permissions, "principal.permissions", v.permissions, "permission", out);
  }
  const context = request.context;
  if (isObject(context)) {
    for (const [key, value] of Object.entries(context)) {
      const declared = v.contextKeys.get(key);
      if (!declared) out.push({ code: "unknown-key", path: `context.${key}`, message: `context key "${key}" is not declared, so it is ignored${didYouMean(key, v.contextKeys.keys())}` });
      else if (declared.kind === "permissionList") names(value, `context.${key}`, v.permissions, "permission", out);
    }
  }
  const resource = request.resource;
  if (isObject(resource)) {
    for (const [key, value] of Object.entries(resource)) {
      const declared = v.resourceAttributes.get(key);
      if (!declared) {
        out.push({ code: "unknown-key", path: `resource.${key}`, message: `resource attribute "${key}" is not declared, so it is ignored${didYouMean(key, v.resourceAttributes.keys())}` });
      } else if (declared.kind === "enum") {
        enumValue(declared, value, `resource.${key}`, out);
      } else if (declared.kind === "roleName" && typeof value === "string" && !v.roles.has(value) && v.roles.size > 0) {
        out.push({ code: "unknown-role", path: `resource.${key}`, message: `resource.${key} names "${value}", which is not a declared role${didYouMean(value, v.roles)}` });
      } else if (declared.kind === "permissionList") names(value, `resource.${key}`, v.permissions, "permission", out);
    }
  }
  return out;
}

/** An enum value the attribute does not declare: every condition on it is unknown, negated or not. */
function enumValue(declared: { kind: string; values: string[] }, value: unknown, path: string, out: RequestWarning[]): void {
  if (declared.kind !== "enum" || typeof value !== "string" || declared.values.includes(value)) return;
  out.push({
    code: "unknown-value",
    path,
    message: `"${value}" is not a value of ${path} (${declared.values.map((x) => JSON.stringify(x)).join(", ")}), so no condition on it holds${didYouMean(value, declared.values)}`,
  });
}

function names(list: unknown, path: string, known: Set<string>, what: "role" | "permission", out: RequestWarning[]): void {
  if (!Array.isArray(list)) return;
  list.forEach((name, i) => {
    if (typeof name !== "string" || known.has(name)) return;
    const code = what === "role" ? "unknown-role" : "unknown-permission";
    out.push({ code, path: `${path}[${i}]`, message: `unknown ${what} "${name}", which grants nothing${didYouMean(name, known)}` });
  });
}

/** One line per warning, for a person. */
export function formatWarnings(warnings: RequestWarning[], prefix = "warning"): string[] {
  return warnings.map((w) => `${prefix}: ${w.path}: ${w.message}`);
}
