import { actionConditions, conditionReadKey, mentionsNever, permissionsOf } from "../ir/requirement.ts";
import type { ActionIR, PermissionIR, SystemIR } from "../ir/types.ts";
import { ReferenceEvaluator } from "../eval/decide.ts";
import { checkRequest, type PolicyRequest } from "../eval/request.ts";

/** One way a request can vary for an action: a list of alternatives applied on top of a base request. */
export interface Dimension {
  name: string;
  values: Array<(r: PolicyRequest) => void>;
}

/** A role name no spec declares, for requests where the principal does not belong to the resource's group. */
export const FOREIGN_ROLE = "Some other group";
/** A permission name no spec declares, to check that unknown names never grant anything. */
export const UNKNOWN_PERMISSION = "Not a declared permission";

/** An enum value no spec declares: conditions on the attribute are unknown, so neither they nor their negations hold. */
export const UNDECLARED_VALUE = "Not a declared value";
/** The principal's id in requests that relate it to the resource, and another user's. */
export const PRINCIPAL_ID = "user-1";
const OTHER_USER = "user-2";

/**
 * The dimensions of an action's request space: one per request key its conditions read (a negation reads what it
 * negates), plus being a project user when non-members have a rule of their own.
 */
export function conditionDimensions(system: SystemIR, action: ActionIR): Dimension[] {
  const dims: Dimension[] = [];
  const seen = new Set<string>();
  const member = system.roles[0]?.name ?? "Assigned group";
  // A role that includes another: membership of the included role through the includer is a case of its own.
  const includer = system.roles.find((r) => r.includes.length > 0);
  const included = includer && system.roles.find((r) => r.id === includer.includes[0]);
  const first = permissionsOf(action.effective)[0];
  const sampled = first === undefined ? system.permissions[0] : permissionsById(system).get(first);
  const sample = sampled?.name ?? UNKNOWN_PERMISSION;
  const sampleAlias = sampled?.aliases[0];
  if (action.nonMembers) dims.push({ name: "principal.projectUser", values: [() => {}, (r) => (r.principal.projectUser = false)] });
  for (const read of actionConditions(action)) {
    const c = read.kind === "not" ? read.condition : read;
    const key = conditionReadKey(c);
    if (seen.has(key)) continue;
    seen.add(key);
    switch (c.kind) {
      case "contextFlag":
        dims.push({ name: key, values: [() => {}, (r) => setIn(r, "context", c.key, true)] });
        break;
      case "principalStaff":
        dims.push({ name: key, values: [() => {}, (r) => (r.principal.staff = true)] });
        break;
      case "resourceIn": {
        const attr = system.resourceAttributes.find((a) => a.name === c.attribute)!;
        dims.push({ name: key, values: [() => {}, ...[...attr.values, UNDECLARED_VALUE].map((v) => (r: PolicyRequest) => setIn(r, "resource", c.attribute, v))] });
        break;
      }
      case "principalFlag":
        dims.push({ name: key, values: [() => {}, (r) => (r.principal[c.attribute] = true), (r) => (r.principal[c.attribute] = false)] });
        break;
      case "principalIn": {
        const attr = system.principalAttributes.find((a) => a.name === c.attribute)!;
        dims.push({ name: key, values: [() => {}, ...[...attr.values, UNDECLARED_VALUE].map((v) => (r: PolicyRequest) => (r.principal[c.attribute] = v))] });
        break;
      }
      case "relation": {
        const list = system.resourceAttributes.find((a) => a.name === c.attribute)?.kind === "users";
        const users = (...ids: string[]) => (list ? ids : ids[0]);
        const identified = (r: PolicyRequest) => (r.principal.id = PRINCIPAL_ID);
        dims.push({
          name: key,
          values: [
            identified,
            (r) => (identified(r), setIn(r, "resource", c.attribute, list ? [OTHER_USER, PRINCIPAL_ID] : PRINCIPAL_ID)),
            (r) => (identified(r), setIn(r, "resource", c.attribute, users(OTHER_USER))),
            // The resource names the user, but the request does not say who the principal is.
            (r) => setIn(r, "resource", c.attribute, users(PRINCIPAL_ID)),
            ...(list ? [(r: PolicyRequest) => (identified(r), setIn(r, "resource", c.attribute, []))] : []),
          ],
        });
        break;
      }
      case "resourceFlag":
        dims.push({ name: key, values: [() => {}, (r) => setIn(r, "resource", c.attribute, true), (r) => setIn(r, "resource", c.attribute, false)] });
        break;
      case "memberOfRole":
        dims.push({
          name: key,
          values: [
            () => {},
            (r) => {
              setIn(r, "resource", c.attribute, member);
              r.principal.roles = [...(r.principal.roles ?? []), member];
            },
            (r) => setIn(r, "resource", c.attribute, FOREIGN_ROLE),
            ...(includer && included
              ? [
                  (r: PolicyRequest) => {
                    setIn(r, "resource", c.attribute, included.name);
                    r.principal.roles = [...(r.principal.roles ?? []), includer.name];
                  },
                ]
              : []),
          ],
        });
        break;
      case "holdsAllListed":
        dims.push({
          name: key,
          values: [
            () => {},
            (r) => setIn(r, c.from, c.key, []),
            (r) => setIn(r, c.from, c.key, [sample]),
            (r) => setIn(r, c.from, c.key, [UNKNOWN_PERMISSION]),
            ...(sampleAlias === undefined ? [] : [(r: PolicyRequest) => setIn(r, c.from, c.key, [sampleAlias])]),
          ],
        });
        break;
    }
  }
  return dims;
}

const permissionMaps = new WeakMap<SystemIR, Map<string, PermissionIR>>();

/** Permissions by id, built once per system: a search of the list per action would make large systems quadratic. */
function permissionsById(system: SystemIR): Map<string, PermissionIR> {
  let map = permissionMaps.get(system);
  if (!map) permissionMaps.set(system, (map = new Map(system.permissions.map((p) => [p.id, p]))));
  return map;
}

function setIn(r: PolicyRequest, where: "context" | "resource", key: string, value: unknown): void {
  const target = (r[where] ??= {});
  target[key] = value;
}

/**
 * Every combination of dimension values, as mutators, the last dimension varying fastest; `limit` stops the
 * product early. Counted like an odometer rather than by nested generators, which cost a resumption per
 * dimension for every combination.
 */
export function* combinations(dims: Dimension[], limit = Infinity): Generator<Array<(r: PolicyRequest) => void>> {
  if (dims.some((d) => d.values.length === 0)) return;
  const at = dims.map(() => 0);
  for (let produced = 0; produced < limit; produced++) {
    yield dims.map((d, i) => d.values[at[i]!]!);
    let i = dims.length - 1;
    for (; i >= 0 && ++at[i]! === dims[i]!.values.length; i--) at[i] = 0;
    if (i < 0) return;
  }
}

export function baseRequest(action: ActionIR, permissions: string[]): PolicyRequest {
  return { action: action.id, principal: { permissions }, resource: {}, context: {} };
}

/**
 * Actions that no request can allow, even with every permission and every condition tried. Each try is the
 * request with every permission name decided by the reference evaluator, but built here rather than checked
 * and resolved name by name: that costs the number of permissions per try, quadratic in a large system.
 */
export function unsatisfiableActions(system: SystemIR): ActionIR[] {
  const evaluator = new ReferenceEvaluator(system);
  // Every permission: what a request naming all of them holds, whatever roles it adds.
  const held = new Set(system.permissions.map((p) => p.id));
  const allows = (action: ActionIR, combo: Array<(r: PolicyRequest) => void>): boolean => {
    const request = baseRequest(action, []);
    for (const apply of combo) apply(request);
    // Checked without permissions (the cost of a try stays that of its conditions), then given every one.
    const checked = checkRequest(system, request);
    if (!checked.ok || !checked.request.projectUser) return false;
    return evaluator.holds(action.effective, { request: checked.request, held, memberships: evaluator.index.memberships(checked.request.roles) });
  };
  return system.actions.filter((action) => {
    // "No one" is what the spec says, not a mistake.
    if (mentionsNever(action.requires)) return false;
    const dims = conditionDimensions(system, action);
    // Nearly every action is allowed by the first combination (every dimension has a first value): tried before the
    // search over all of them is set up.
    if (allows(action, dims.map((d) => d.values[0]!))) return false;
    for (const combo of combinations(dims, 100_000)) if (allows(action, combo)) return false;
    return true;
  });
}
