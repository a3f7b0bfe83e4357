// An AuthZEN 1.0 evaluation (subject, action, resource, context) as one of the system's requests, through the
// mapping the spec declares (AuthzenIR) and the directory. A subject, action or resource the mapping or the
// directory does not know is not an error: the translation says why, and the evaluation is a deny.
import type { PolicyRequest } from "../eval/request.ts";
import type { AuthzenActionIR, AuthzenPropertyIR, SystemIR } from "../ir/types.ts";
import type { Directory, DirectorySubject } from "./directory.ts";

export interface AuthzenSubject {
  type: string;
  id: string;
  properties?: Record<string, unknown>;
}
export interface AuthzenResource {
  type: string;
  id: string;
  properties?: Record<string, unknown>;
}
export interface AuthzenAction {
  name: string;
  properties?: Record<string, unknown>;
}
/** One complete evaluation: the shape the Access Evaluation API takes, already checked. */
export interface AuthzenEvaluation {
  subject: AuthzenSubject;
  action: AuthzenAction;
  resource: AuthzenResource;
  context?: Record<string, unknown>;
}

export type Translation = { ok: true; request: PolicyRequest; action: AuthzenActionIR } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const own = (o: Record<string, unknown> | undefined, key: string): unknown => (o && Object.hasOwn(o, key) ? o[key] : undefined);

/** The directory's entry for a subject; with no directory every subject is known by what its request says. */
function subjectEntry(directory: Directory | null, subject: AuthzenSubject): DirectorySubject | null | undefined {
  if (!directory) return null;
  return directory.subjects.get(subject.type)?.get(subject.id);
}

/** A value for roles or permissions: one name or a list of names. */
function names(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return undefined;
}

/** Translate one evaluation. Pure: the same evaluation, mapping and directory always give the same request. */
export function translateEvaluation(system: SystemIR, directory: Directory | null, evaluation: AuthzenEvaluation): Translation {
  const mapping = system.authzen;
  if (!mapping) return { ok: false, reason: `system "${system.id}" declares no AuthZEN mapping` };
  const subjectType = mapping.subjects.find((s) => s.type === evaluation.subject.type);
  if (!subjectType) return { ok: false, reason: `unknown subject type "${evaluation.subject.type}"` };
  const action = mapping.actions.find((a) => a.name === evaluation.action.name);
  if (!action) return { ok: false, reason: `unknown action "${evaluation.action.name}"` };
  const resourceType = mapping.resources.find((r) => r.type === evaluation.resource.type);
  if (!resourceType) return { ok: false, reason: `unknown resource type "${evaluation.resource.type}"` };
  if (!action.resourceTypes.includes(resourceType.type)) return { ok: false, reason: `action "${action.name}" does not apply to resources of type "${resourceType.type}"` };
  const listed = directory?.resources.get(resourceType.type)?.get(evaluation.resource.id);
  if (resourceType.listedOnly && !listed) return { ok: false, reason: `unknown resource "${evaluation.resource.id}" of type "${resourceType.type}"` };
  const entry = subjectEntry(directory, evaluation.subject);
  if (entry === undefined) return { ok: false, reason: `unknown subject "${evaluation.subject.id}" of type "${evaluation.subject.type}"` };

  const roles = new Set(entry?.roles ?? []);
  const permissions = new Set(entry?.permissions ?? []);
  let staff: unknown = entry?.staff;
  const principalAttributes: Record<string, unknown> = Object.create(null);
  const resource: Record<string, unknown> = Object.create(null);
  const context: Record<string, unknown> = Object.create(null);
  let problem: string | null = null;
  const apply = (map: AuthzenPropertyIR[], properties: Record<string, unknown> | undefined, where: string) => {
    for (const { property, to } of map) {
      const value = own(properties, property);
      if (value === undefined) continue;
      if (to.kind === "roles" || to.kind === "permissions") {
        const list = names(value);
        if (!list) problem ??= `${where}.${property} must be a string or an array of strings`;
        else for (const name of list) (to.kind === "roles" ? roles : permissions).add(name);
      } else if (to.kind === "staff") staff = value;
      else if (to.kind === "principal") principalAttributes[to.attribute] = value;
      else if (to.kind === "context") context[to.key] = value;
      else resource[to.attribute] = value;
    }
  };
  apply(mapping.context, evaluation.context, "context");
  apply(subjectType.properties, evaluation.subject.properties, "subject.properties");
  // The directory's facts about the resource, under what the request says about it.
  const resourceProperties = { ...(listed?.properties ?? {}), ...(evaluation.resource.properties ?? {}) };
  apply(resourceType.properties, resourceProperties, "resource.properties");
  apply(action.properties, evaluation.action.properties, "action.properties");
  if (problem) return { ok: false, reason: problem };
  // The directory's attributes of the subject are its facts; the request's properties fill in what it does not know.
  const subjectAttributes = { ...(evaluation.subject.properties ?? {}), ...(entry?.attributes ?? {}) };
  for (const match of resourceType.matches) {
    const value = own(resourceProperties, match.resourceProperty);
    if (value === undefined) continue;
    resource[match.attribute] = typeof value === "string" && own(subjectAttributes, match.subjectAttribute) === value;
  }
  // The subject's id is the principal's: relations compare it with the resource's users, Cedar names the principal by it.
  const principal: PolicyRequest["principal"] = { ...principalAttributes, id: evaluation.subject.id, permissions: [...permissions], roles: [...roles] };
  if (staff !== undefined) principal.staff = staff as boolean;
  return { ok: true, action, request: { action: action.action, principal, resource, context } };
}
