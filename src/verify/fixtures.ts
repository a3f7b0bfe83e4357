import { permissionsOf } from "../ir/requirement.ts";
import type { ActionIR, SystemIR } from "../ir/types.ts";
import { ReferenceEvaluator, type Decision } from "../eval/decide.ts";
import type { PolicyRequest } from "../eval/request.ts";
import { baseRequest, combinations, conditionDimensions, UNKNOWN_PERMISSION } from "./space.ts";

/** Above this many requests an action gets a covering set instead of every combination. */
export const EXHAUSTIVE_LIMIT = 2048;
/** Condition combinations tried when building a covering set. */
const COVERING_COMBINATIONS = 256;

export interface Fixture {
  id: string;
  action: string;
  /** "exhaustive", "covering", "role", "alias" (permissions given by another spelling) or "request" (request-shape and fail-closed cases). */
  kind: "exhaustive" | "covering" | "role" | "alias" | "request";
  request: PolicyRequest | unknown;
  expected: Decision;
}

export interface FixtureFile {
  system: string;
  count: number;
  exhaustiveActions: number;
  coveredActions: number;
  fixtures: Fixture[];
}

/** Decision fixtures for every action of a system, each with the reference evaluator's decision. */
export function generateFixtures(system: SystemIR): FixtureFile {
  const evaluator = new ReferenceEvaluator(system);
  const byId = new Map(system.permissions.map((p) => [p.id, p]));
  const fixtures: Fixture[] = [];
  let exhaustiveActions = 0;
  for (const action of system.actions) {
    const requests: Array<{ kind: Fixture["kind"]; request: PolicyRequest }> = [];
    const listed = permissionsOf(action.effective).map((id) => byId.get(id)!);
    const names = listed.map((p) => p.name);
    const dims = conditionDimensions(system, action);
    const size = 2 ** names.length * dims.reduce((n, d) => n * d.values.length, 1);
    if (size <= EXHAUSTIVE_LIMIT) {
      exhaustiveActions++;
      for (const subset of subsets(names)) {
        for (const combo of combinations(dims)) requests.push({ kind: "exhaustive", request: applied(baseRequest(action, subset), combo) });
      }
    } else {
      requests.push(...coveringRequests(action, names, dims, evaluator));
    }
    const spelt = listed.map((p) => p.aliases[0] ?? p.name);
    if (spelt.some((name, i) => name !== names[i])) {
      for (const combo of combinations(dims, 8)) requests.push({ kind: "alias", request: applied(baseRequest(action, spelt), combo) });
    }
    for (const role of system.roles) {
      requests.push({ kind: "role", request: { action: action.id, principal: { roles: [role.name] }, resource: {}, context: {} } });
    }
    const seen = new Set<string>();
    for (const { kind, request } of requests) {
      const key = JSON.stringify(request);
      if (seen.has(key)) continue;
      seen.add(key);
      fixtures.push({ id: `${action.id}#${seen.size}`, action: action.id, kind, request, expected: evaluator.decision(request) });
    }
  }
  fixtures.push(...requestShapeFixtures(system, evaluator));
  return { system: system.id, count: fixtures.length, exhaustiveActions, coveredActions: system.actions.length - exhaustiveActions, fixtures };
}

function applied(request: PolicyRequest, combo: Array<(r: PolicyRequest) => void>): PolicyRequest {
  combo.forEach((apply) => apply(request));
  return request;
}

function* subsets(names: string[]): Generator<string[]> {
  for (let mask = 0; mask < 2 ** names.length; mask++) yield names.filter((_, i) => mask & (1 << i));
}

/** Each minimal allowing set, each of those with one permission removed, and the all/none extremes, per condition combination. */
function coveringRequests(action: ActionIR, names: string[], dims: ReturnType<typeof conditionDimensions>, evaluator: ReferenceEvaluator) {
  const out: Array<{ kind: Fixture["kind"]; request: PolicyRequest }> = [];
  for (const combo of combinations(dims, COVERING_COMBINATIONS)) {
    const make = (permissions: string[]) => ({ kind: "covering" as const, request: applied(baseRequest(action, permissions), combo) });
    out.push(make([]), make(names));
    for (const option of evaluator.decide(make([]).request).missingOptions) {
      out.push(make(option));
      for (const dropped of option) out.push(make(option.filter((p) => p !== dropped)));
    }
  }
  return out;
}

/** Requests every engine must deny or read the same way, whatever the action: the fail-closed cases. */
function requestShapeFixtures(system: SystemIR, evaluator: ReferenceEvaluator): Fixture[] {
  const action = system.actions[0]!;
  const all = system.permissions.map((p) => p.name);
  const cases: Array<[string, unknown]> = [
    ["unknown action", { action: `${action.id}.not_declared`, principal: { permissions: all, staff: true } }],
    ["not a project user", { action: action.id, principal: { permissions: all, staff: true, projectUser: false } }],
    ["project user stated", { action: action.id, principal: { permissions: all, staff: true, projectUser: true } }],
    ["permissions not a list", { action: action.id, principal: { permissions: "all" } }],
    ["permission not a string", { action: action.id, principal: { permissions: [1] } }],
    ["roles not a list", { action: action.id, principal: { permissions: all, roles: "admin" } }],
    ["staff not a boolean", { action: action.id, principal: { permissions: all, staff: "yes" } }],
    ["principal missing", { action: action.id }],
    ["action missing", { principal: { permissions: all } }],
    ["action not a string", { action: 7, principal: { permissions: all } }],
    ["context not an object", { action: action.id, principal: { permissions: all }, context: [] }],
    ["resource not an object", { action: action.id, principal: { permissions: all }, resource: "x" }],
    ["only unknown permissions", { action: action.id, principal: { permissions: [UNKNOWN_PERMISSION] } }],
    ["unknown role", { action: action.id, principal: { roles: ["Not a declared role"] } }],
  ];
  for (const key of system.contextKeys) {
    cases.push([`context ${key.key} of the wrong type`, { action: action.id, principal: { permissions: all, staff: true }, context: { [key.key]: key.kind === "flag" ? "true" : "x" } }]);
  }
  for (const attr of system.resourceAttributes) {
    cases.push([`resource ${attr.name} of the wrong type`, { action: action.id, principal: { permissions: all, staff: true }, resource: { [attr.name]: attr.kind === "flag" ? "true" : 1 } }]);
  }
  for (const attr of system.principalAttributes) {
    cases.push([`principal ${attr.name} of the wrong type`, { action: action.id, principal: { permissions: all, staff: true, [attr.name]: attr.kind === "flag" ? "true" : 1 } }]);
  }
  return cases.map(([name, request], i) => ({
    id: `request#${i + 1} ${name}`,
    action: typeof (request as { action?: unknown }).action === "string" ? (request as { action: string }).action : "",
    kind: "request",
    request,
    expected: evaluator.decision(request),
  }));
}
