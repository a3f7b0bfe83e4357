// The AuthZEN 1.0 request bodies, checked: a missing or mistyped field is a ProtocolError (HTTP 400 for the whole
// request), except inside an `evaluations` array, where it fails only that item (a deny with the error in its
// context, as the Access Evaluations API's execute_all semantic says). Unknown fields are ignored.
import type { AuthzenAction, AuthzenEvaluation, AuthzenResource, AuthzenSubject } from "../runtime/authzen.ts";

/** A request the PDP cannot read: HTTP 400 with the message. */
export class ProtocolError extends Error {
  constructor(
    readonly status: 400 | 404 | 405 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = "ProtocolError";
  }
}

export type EvaluationsSemantic = "execute_all" | "deny_on_first_deny" | "permit_on_first_permit";
export const EVALUATIONS_SEMANTICS: readonly EvaluationsSemantic[] = ["execute_all", "deny_on_first_deny", "permit_on_first_permit"];

/** An item of an evaluations request: a complete evaluation, or why it is not one. */
export type EvaluationItem = { ok: true; evaluation: AuthzenEvaluation } | { ok: false; error: string };

export type EvaluationsRequest =
  | { kind: "single"; evaluation: AuthzenEvaluation }
  | { kind: "batch"; semantic: EvaluationsSemantic; items: EvaluationItem[] };

export interface Page {
  limit?: number;
  token?: string;
}

export interface SubjectSearch {
  subjectType: string;
  action: AuthzenAction;
  resource: AuthzenResource;
  context?: Record<string, unknown>;
  page?: Page;
}
export interface ResourceSearch {
  subject: AuthzenSubject;
  action: AuthzenAction;
  resourceType: string;
  context?: Record<string, unknown>;
  page?: Page;
}
export interface ActionSearch {
  subject: AuthzenSubject;
  resource: AuthzenResource;
  context?: Record<string, unknown>;
  page?: Page;
}

type Body = Record<string, unknown>;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const has = (o: Body, key: string): boolean => Object.hasOwn(o, key);

/** A field's value, or why it is not of the right type: `where` names it as the request spells it. */
class Reader {
  constructor(private readonly problems: string[]) {}

  object(o: Body, key: string, where: string, required: boolean): Body | undefined {
    if (!has(o, key)) {
      if (required) this.problems.push(`"${where}" is required`);
      return undefined;
    }
    const v = o[key];
    if (!isObject(v)) {
      this.problems.push(`"${where}" must be an object`);
      return undefined;
    }
    return v;
  }

  string(o: Body, key: string, where: string, required: boolean): string | undefined {
    if (!has(o, key)) {
      if (required) this.problems.push(`"${where}" is required`);
      return undefined;
    }
    const v = o[key];
    if (typeof v !== "string") {
      this.problems.push(`"${where}" must be a string`);
      return undefined;
    }
    return v;
  }
}

/** Read an entity object's fields; `needId` is false for the entity a search looks for. */
function subjectOf(r: Reader, v: Body, where: string, needId: boolean): AuthzenSubject {
  const type = r.string(v, "type", `${where}.type`, true);
  const id = r.string(v, "id", `${where}.id`, needId);
  const properties = r.object(v, "properties", `${where}.properties`, false);
  return { type: type ?? "", id: id ?? "", ...(properties ? { properties } : {}) };
}

function actionOf(r: Reader, v: Body, where: string): AuthzenAction {
  const name = r.string(v, "name", `${where}.name`, true);
  const properties = r.object(v, "properties", `${where}.properties`, false);
  return { name: name ?? "", ...(properties ? { properties } : {}) };
}

function fail(problems: string[]): never {
  throw new ProtocolError(400, problems.join("; "));
}

/** The body must be a JSON object. */
function asBody(body: unknown): Body {
  if (!isObject(body)) throw new ProtocolError(400, "the request body must be a JSON object");
  return body;
}

/** An evaluation from the fields of one object, or its problems. */
function evaluationFrom(o: Body, prefix: string): { evaluation?: AuthzenEvaluation; problems: string[] } {
  const problems: string[] = [];
  const r = new Reader(problems);
  const subject = r.object(o, "subject", `${prefix}subject`, true);
  const action = r.object(o, "action", `${prefix}action`, true);
  const resource = r.object(o, "resource", `${prefix}resource`, true);
  const context = r.object(o, "context", `${prefix}context`, false);
  const evaluation: AuthzenEvaluation = {
    subject: subject ? subjectOf(r, subject, `${prefix}subject`, true) : { type: "", id: "" },
    action: action ? actionOf(r, action, `${prefix}action`) : { name: "" },
    resource: resource ? subjectOf(r, resource, `${prefix}resource`, true) : { type: "", id: "" },
    ...(context ? { context } : {}),
  };
  return problems.length ? { problems } : { evaluation, problems };
}

/** The Access Evaluation API request. */
export function readEvaluation(body: unknown): AuthzenEvaluation {
  const { evaluation, problems } = evaluationFrom(asBody(body), "");
  if (!evaluation) fail(problems);
  return evaluation;
}

/**
 * The Access Evaluations API request. Without `evaluations` (or with an empty array) it is an Access Evaluation
 * request. Top-level `subject`, `action`, `resource` and `context` are defaults each item overrides whole; a
 * default that is present must be well formed (else 400), an item that is not complete fails alone.
 */
export function readEvaluations(body: unknown, maxBatch: number): EvaluationsRequest {
  const o = asBody(body);
  const problems: string[] = [];
  const r = new Reader(problems);
  const options = r.object(o, "options", "options", false);
  let semantic: EvaluationsSemantic = "execute_all";
  if (options && has(options, "evaluations_semantic")) {
    const value = options.evaluations_semantic;
    if (typeof value !== "string" || !EVALUATIONS_SEMANTICS.includes(value as EvaluationsSemantic)) {
      problems.push(`"options.evaluations_semantic" must be one of ${EVALUATIONS_SEMANTICS.join(", ")}`);
    } else semantic = value as EvaluationsSemantic;
  }
  const list = has(o, "evaluations") ? o.evaluations : undefined;
  if (list !== undefined && !Array.isArray(list)) problems.push('"evaluations" must be an array');
  if (problems.length) fail(problems);
  if (!Array.isArray(list) || list.length === 0) return { kind: "single", evaluation: readEvaluation(o) };
  if (list.length > maxBatch) throw new ProtocolError(400, `"evaluations" holds ${list.length} items; this PDP takes at most ${maxBatch} per request (--max-batch)`);
  // Defaults: checked when present, so a malformed default is the whole request's error.
  const defaults: Body = {};
  for (const key of ["subject", "action", "resource", "context"] as const) {
    const value = r.object(o, key, key, false);
    if (value) defaults[key] = value;
  }
  if (defaults.subject) subjectOf(r, defaults.subject as Body, "subject", true);
  if (defaults.action) actionOf(r, defaults.action as Body, "action");
  if (defaults.resource) subjectOf(r, defaults.resource as Body, "resource", true);
  if (problems.length) fail(problems);
  const items = list.map((item, i): EvaluationItem => {
    if (!isObject(item)) return { ok: false, error: `"evaluations[${i}]" must be an object` };
    const merged: Body = { ...defaults };
    for (const key of ["subject", "action", "resource", "context"]) if (has(item, key)) merged[key] = item[key];
    const { evaluation, problems: itemProblems } = evaluationFrom(merged, `evaluations[${i}].`);
    return evaluation ? { ok: true, evaluation } : { ok: false, error: itemProblems.join("; ") };
  });
  return { kind: "batch", semantic, items };
}

function pageOf(r: Reader, o: Body, problems: string[]): Page | undefined {
  const page = r.object(o, "page", "page", false);
  if (!page) return undefined;
  const out: Page = {};
  if (has(page, "limit")) {
    const limit = page.limit;
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 0) problems.push('"page.limit" must be a non-negative integer');
    else out.limit = limit;
  }
  const token = r.string(page, "token", "page.token", false);
  if (token !== undefined) out.token = token;
  return out;
}

/** Subject Search: the subject's type (its id, if sent, is ignored), a complete action and resource. */
export function readSubjectSearch(body: unknown): SubjectSearch {
  const o = asBody(body);
  const problems: string[] = [];
  const r = new Reader(problems);
  const subject = r.object(o, "subject", "subject", true);
  const action = r.object(o, "action", "action", true);
  const resource = r.object(o, "resource", "resource", true);
  const context = r.object(o, "context", "context", false);
  const subjectType = subject ? r.string(subject, "type", "subject.type", true) : undefined;
  const actionValue = action ? actionOf(r, action, "action") : undefined;
  const resourceValue = resource ? subjectOf(r, resource, "resource", true) : undefined;
  const page = pageOf(r, o, problems);
  if (problems.length) fail(problems);
  return { subjectType: subjectType!, action: actionValue!, resource: resourceValue!, ...(context ? { context } : {}), ...(page ? { page } : {}) };
}

/** Resource Search: a complete subject and action, the resource's type (its id, if sent, is ignored). */
export function readResourceSearch(body: unknown): ResourceSearch {
  const o = asBody(body);
  const problems: string[] = [];
  const r = new Reader(problems);
  const subject = r.object(o, "subject", "subject", true);
  const action = r.object(o, "action", "action", true);
  const resource = r.object(o, "resource", "resource", true);
  const context = r.object(o, "context", "context", false);
  const subjectValue = subject ? subjectOf(r, subject, "subject", true) : undefined;
  const actionValue = action ? actionOf(r, action, "action") : undefined;
  const resourceType = resource ? r.string(resource, "type", "resource.type", true) : undefined;
  const page = pageOf(r, o, problems);
  if (problems.length) fail(problems);
  return { subject: subjectValue!, action: actionValue!, resourceType: resourceType!, ...(context ? { context } : {}), ...(page ? { page } : {}) };
}

/** Action Search: a complete subject and resource; `action`, if sent, is ignored. */
export function readActionSearch(body: unknown): ActionSearch {
  const o = asBody(body);
  const problems: string[] = [];
  const r = new Reader(problems);
  const subject = r.object(o, "subject", "subject", true);
  const resource = r.object(o, "resource", "resource", true);
  const context = r.object(o, "context", "context", false);
  const subjectValue = subject ? subjectOf(r, subject, "subject", true) : undefined;
  const resourceValue = resource ? subjectOf(r, resource, "resource", true) : undefined;
  const page = pageOf(r, o, problems);
  if (problems.length) fail(problems);
  return { subject: subjectValue!, resource: resourceValue!, ...(context ? { context } : {}), ...(page ? { page } : {}) };
}
