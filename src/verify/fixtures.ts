import { permissionsOf } from "../ir/requirement.ts";
import type { ActionIR, PermissionIR, SystemIR } from "../ir/types.ts";
import { ReferenceEvaluator, type Decision } from "../eval/decide.ts";
import type { PolicyRequest } from "../eval/request.ts";
import { roleAloneDecisions } from "../eval/role-decisions.ts";
import { PermissionVariants } from "./permission-variants.ts";
import { baseRequest, combinations, conditionDimensions, UNKNOWN_PERMISSION, type Dimension } from "./space.ts";

/** Above this many requests an action gets a covering set instead of every combination. */
export const EXHAUSTIVE_LIMIT = 2048;
/**
 * Above this many requests in all the exhaustive sets of a system, the system is large: only its actions of at
 * most SMALL_ACTION requests keep every combination, the others get covering sets, and each action gets role
 * fixtures only where the decision changes from one role to the next (see roleBoundaries). The seeds and
 * examples (at most 2,696 fixtures) are far below it; a synthetic system of 1,000 actions (bench/) is above it,
 * where exhaustive sets made 81 fixtures an action and 10,000 actions 800,000 fixtures, 400 MiB of output.
 */
export const EXHAUSTIVE_SYSTEM_LIMIT = 20_000;
const SMALL_ACTION = 16;
/** Condition combinations tried when building a covering set. */
const COVERING_COMBINATIONS = 256;
/** Condition combinations asked with the permissions spelt by their aliases. */
const ALIAS_COMBINATIONS = 8;

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
  const spaces = system.actions.map((action) => {
    const listed = permissionsOf(action.effective).map((id) => byId.get(id)!);
    const dims = conditionDimensions(system, action);
    return { action, listed, dims, size: 2 ** listed.length * dims.reduce((n, d) => n * d.values.length, 1) };
  });
  const large = spaces.reduce((n, s) => n + (s.size <= EXHAUSTIVE_LIMIT ? s.size : 0), 0) > EXHAUSTIVE_SYSTEM_LIMIT;
  const exhaustiveUpTo = large ? SMALL_ACTION : EXHAUSTIVE_LIMIT;
  const rolesSeen = new Set<string>();
  for (const { action, listed, dims, size } of spaces) {
    const exhaustive = size <= exhaustiveUpTo;
    if (exhaustive) exhaustiveActions++;
    let count = 0;
    permissionRequests(action, listed, dims, exhaustive, evaluator, (kind, variants, permissions) => {
      const listJson = variants.ask(permissions);
      if (listJson !== undefined) fixtures.push(variants.fixture(++count, kind, permissions, listJson, variants.decision(permissions)));
    });
    // Role requests come last; one never equals a request with permissions, and two are equal when their roles are.
    const decisions = roleAloneDecisions(evaluator, action);
    const rolesAsked = new Set<string>();
    for (const [i, role] of system.roles.entries()) {
      if ((large && !isRoleBoundary(role, i, decisions, rolesSeen)) || rolesAsked.has(role.name)) continue;
      rolesAsked.add(role.name);
      const request = roleRequest(action, role.name);
      fixtures.push({ id: `${action.id}#${++count}`, action: action.id, kind: "role", request, expected: decisions[i]! });
    }
  }
  fixtures.push(...requestShapeFixtures(system, evaluator));
  return { system: system.id, count: fixtures.length, exhaustiveActions, coveredActions: system.actions.length - exhaustiveActions, fixtures };
}

/** A fixture to be, unless asked before: a permission set asked in one condition combination. */
type PlannedRequest = (kind: Fixture["kind"], variants: PermissionVariants, permissions: string[]) => void;

/**
 * An action's requests with permissions, in fixture order, duplicates included: every permission subset in every
 * condition combination (exhaustive), or covering sets; then the permissions spelt by their aliases.
 */
function permissionRequests(action: ActionIR, listed: PermissionIR[], dims: Dimension[], exhaustive: boolean, evaluator: ReferenceEvaluator, planned: PlannedRequest): void {
  const names = listed.map((p) => p.name);
  const templates: PolicyRequest[] = [];
  for (const combo of combinations(dims, exhaustive ? Infinity : COVERING_COMBINATIONS)) templates.push(applied(baseRequest(action, []), combo));
  const variants = PermissionVariants.of(evaluator, templates);
  if (exhaustive) {
    for (const subset of subsets(names)) {
      for (const v of variants) planned("exhaustive", v, subset);
    }
  } else {
    coveringRequests(names, variants, planned);
  }
  const spelt = listed.map((p) => p.aliases[0] ?? p.name);
  if (spelt.some((name, i) => name !== names[i])) {
    for (const v of variants.slice(0, ALIAS_COMBINATIONS)) planned("alias", v, spelt);
  }
}

function roleRequest(action: ActionIR, role: string): PolicyRequest {
  return { action: action.id, principal: { roles: [role] }, resource: {}, context: {} };
}

/**
 * Whether a large system keeps the role fixture of the i-th role for an action: its decision differs from the
 * role before it (in the spec's order; the first role is always kept), or no earlier action had it, so every
 * role is still asked about at least once. Roles usually include the one before, so an action's decisions run
 * deny...deny allow...allow along the list: a handful of fixtures instead of one per role.
 */
function isRoleBoundary(role: SystemIR["roles"][number], i: number, decisions: readonly Decision[], seen: Set<string>): boolean {
  const kept = i === 0 || decisions[i] !== decisions[i - 1] || !seen.has(role.id);
  seen.add(role.id);
  return kept;
}

function applied(request: PolicyRequest, combo: Array<(r: PolicyRequest) => void>): PolicyRequest {
  for (const apply of combo) apply(request);
  return request;
}

function* subsets(names: string[]): Generator<string[]> {
  for (let mask = 0; mask < 2 ** names.length; mask++) yield names.filter((_, i) => mask & (1 << i));
}

/** Each minimal allowing set, each of those with one permission removed, and the all/none extremes, per condition combination. */
function coveringRequests(names: string[], variants: PermissionVariants[], planned: PlannedRequest): void {
  for (const v of variants) {
    planned("covering", v, []);
    planned("covering", v, names);
    for (const option of v.missingOptions()) {
      planned("covering", v, option);
      for (const dropped of option) planned("covering", v, option.filter((p) => p !== dropped));
    }
  }
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
