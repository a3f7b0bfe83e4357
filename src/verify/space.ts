import { conditionsOf, permissionsOf } from "../ir/requirement.ts";
import type { ActionIR, Condition, PermissionIR, SystemIR } from "../ir/types.ts";
import { ReferenceEvaluator } from "../eval/decide.ts";
import type { CheckedRequest, PolicyRequest } from "../eval/request.ts";

/** One way a request can vary for an action: a list of alternatives applied on top of a base request. */
export interface Dimension {
  name: string;
  values: Array<(r: PolicyRequest) => void>;
}

/** A role name no spec declares, for requests where the principal does not belong to the resource's group. */
export const FOREIGN_ROLE = "Some other group";
/** A permission name no spec declares, to check that unknown names never grant anything. */
export const UNKNOWN_PERMISSION = "Not a declared permission";

/** The dimensions of an action's request space: one per condition it reads, plus the staff flag when relevant. */
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
  for (const c of conditionsOf(action.effective)) {
    const key = dimensionKey(c);
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
        dims.push({ name: key, values: [() => {}, ...attr.values.map((v) => (r: PolicyRequest) => setIn(r, "resource", c.attribute, v))] });
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

function dimensionKey(c: Condition): string {
  switch (c.kind) {
    case "contextFlag":
      return `context.${c.key}`;
    case "principalStaff":
      return "principal.staff";
    case "resourceIn":
    case "resourceFlag":
    case "memberOfRole":
      return `resource.${c.attribute}`;
    case "holdsAllListed":
      return `${c.from}.${c.key}`;
  }
}

function setIn(r: PolicyRequest, where: "context" | "resource", key: string, value: unknown): void {
  const target = (r[where] ??= {});
  target[key] = value;
}

/** Every combination of dimension values, as mutators; `limit` stops the product early. */
export function* combinations(dims: Dimension[], limit = Infinity): Generator<Array<(r: PolicyRequest) => void>> {
  let produced = 0;
  const pick: Array<(r: PolicyRequest) => void> = [];
  function* walk(i: number): Generator<Array<(r: PolicyRequest) => void>> {
    if (produced >= limit) return;
    if (i === dims.length) {
      produced++;
      yield [...pick];
      return;
    }
    for (const value of dims[i]!.values) {
      pick.push(value);
      yield* walk(i + 1);
      pick.pop();
    }
  }
  yield* walk(0);
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
  const declared = (values: Record<string, unknown> | undefined) => Object.assign(Object.create(null) as Record<string, unknown>, values);
  return system.actions.filter((action) => {
    for (const combo of combinations(conditionDimensions(system, action), 100_000)) {
      const request = baseRequest(action, []);
      combo.forEach((apply) => apply(request));
      const roles = request.principal.roles ?? [];
      const checked: CheckedRequest = {
        action: action.id,
        permissions: [],
        roles,
        staff: request.principal.staff ?? false,
        projectUser: true,
        resource: declared(request.resource),
        context: declared(request.context),
      };
      if (evaluator.holds(action.effective, { request: checked, held, memberships: evaluator.index.memberships(roles) })) return false;
    }
    return true;
  });
}
