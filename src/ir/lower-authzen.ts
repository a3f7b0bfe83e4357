// Lowering of a spec's AuthZEN mapping (`system.authzen(...)`) into the IR, with every name checked against the
// system: the type checker catches most of these in a spec file, this catches the rest (action ids, kinds).
import type { AuthzenDecl, AuthzenResourceTarget, AuthzenSubjectTarget } from "../dsl/system-builder.ts";
import { SpecError } from "./errors.ts";
import type { ActionIR, AuthzenIR, AuthzenPropertyIR, AuthzenTarget, ContextKeyIR, PrincipalAttributeIR, ResourceAttributeIR, SourcePosition } from "./types.ts";

interface Declared {
  actions: ActionIR[];
  contextKeys: ContextKeyIR[];
  resourceAttributes: ResourceAttributeIR[];
  principalAttributes: PrincipalAttributeIR[];
}

export function lowerAuthzen(
  draft: { decl: AuthzenDecl<string, string, string, string>; at: SourcePosition },
  declared: Declared,
  errors: SpecError[],
): AuthzenIR {
  const { decl, at } = draft;
  const fail = (detail: string) => errors.push(new SpecError("invalid-authzen-mapping", detail, at));
  const contextKey = (key: string, where: string) => {
    if (!declared.contextKeys.some((k) => k.key === key)) fail(`${where} maps to undeclared context key "${key}"`);
    return { kind: "context" as const, key };
  };
  const subjectTarget = (t: AuthzenSubjectTarget<string>, where: string): AuthzenTarget => {
    if (t === "roles" || t === "permissions" || t === "staff") return { kind: t };
    if (typeof t === "object" && t !== null && "principal" in t && typeof t.principal === "string") {
      if (!declared.principalAttributes.some((a) => a.name === t.principal)) fail(`${where} maps to undeclared principal attribute "${t.principal}"`);
      return { kind: "principal", attribute: t.principal };
    }
    if (typeof t === "object" && t !== null && "context" in t && typeof t.context === "string") return contextKey(t.context, where);
    fail(`${where} must map to "roles", "permissions", "staff", { principal: ATTRIBUTE } or { context: KEY }`);
    return { kind: "roles" };
  };
  const resourceTarget = (t: AuthzenResourceTarget<string, string>, where: string): AuthzenTarget => {
    if (typeof t === "object" && t !== null && "attribute" in t && typeof t.attribute === "string") {
      if (!declared.resourceAttributes.some((a) => a.name === t.attribute)) fail(`${where} maps to undeclared resource attribute "${t.attribute}"`);
      return { kind: "resource", attribute: t.attribute };
    }
    if (typeof t === "object" && t !== null && "context" in t && typeof t.context === "string") return contextKey(t.context, where);
    fail(`${where} must map to { attribute: NAME } or { context: KEY }`);
    return { kind: "resource", attribute: "" };
  };
  const properties = <T>(map: Record<string, T> | undefined, target: (t: T, where: string) => AuthzenTarget, where: string): AuthzenPropertyIR[] =>
    Object.entries(map ?? {}).map(([property, t]) => ({ property, to: target(t, `${where}.properties.${property}`) }));

  const subjects = Object.entries(decl.subjects ?? {}).map(([type, s]) => ({ type, properties: properties(s.properties, subjectTarget, `subject "${type}"`) }));
  const resources = Object.entries(decl.resources ?? {}).map(([type, r]) => ({
    type,
    properties: properties(r.properties, resourceTarget, `resource "${type}"`),
    matches: Object.entries(r.matches ?? {}).flatMap(([attribute, m]) => {
      if (!m) return [];
      const known = declared.resourceAttributes.find((a) => a.name === attribute);
      if (!known || known.kind !== "flag") fail(`resource "${type}" match sets "${attribute}", which is not a declared resource flag`);
      return [{ attribute, resourceProperty: m.resourceProperty, subjectAttribute: m.subjectAttribute }];
    }),
    listedOnly: r.listedOnly ?? false,
  }));
  const resourceTypes = new Set(resources.map((r) => r.type));
  const actionIds = new Set(declared.actions.map((a) => a.id));
  const actions = Object.entries(decl.actions ?? {}).map(([name, a]) => {
    if (!actionIds.has(a.action)) fail(`action "${name}" is decided as "${a.action}", which is not an action of the system`);
    for (const type of a.resources) if (!resourceTypes.has(type)) fail(`action "${name}" applies to undeclared resource type "${type}"`);
    return {
      name,
      action: a.action,
      resourceTypes: [...a.resources],
      properties: properties(a.properties, (t, where) => (typeof t === "object" && t !== null && typeof t.context === "string" ? contextKey(t.context, where) : (fail(`${where} must map to { context: KEY }`), { kind: "staff" as const })), `action "${name}"`),
    };
  });
  if (subjects.length === 0) fail("the AuthZEN mapping declares no subject type");
  if (actions.length === 0) fail("the AuthZEN mapping declares no action");
  const context = Object.entries(decl.context ?? {}).map(([property, key]) => ({ property, to: contextKey(key, `context.${property}`) }));
  return { subjects, resources, actions, context, source: at };
}
