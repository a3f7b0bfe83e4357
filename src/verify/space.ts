import { conditionsOf, permissionsOf } from "../ir/requirement.ts";
import type { ActionIR, Condition, SystemIR } from "../ir/types.ts";
import { ReferenceEvaluator } from "../eval/decide.ts";
import type { PolicyRequest } from "../eval/request.ts";

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
  const listed = permissionsOf(action.effective).map((id) => system.permissions.find((p) => p.id === id)!.name);
  const sample = listed[0] ?? system.permissions[0]?.name ?? UNKNOWN_PERMISSION;
  const sampleAlias = system.permissions.find((p) => p.name === sample)?.aliases[0];
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

/** Actions that no request can allow, even with every permission and every condition tried. */
export function unsatisfiableActions(system: SystemIR): ActionIR[] {
  const evaluator = new ReferenceEvaluator(system);
  const everything = system.permissions.map((p) => p.name);
  return system.actions.filter((action) => {
    for (const combo of combinations(conditionDimensions(system, action), 100_000)) {
      const request = baseRequest(action, everything);
      combo.forEach((apply) => apply(request));
      if (evaluator.decide(request).decision === "allow") return false;
    }
    return true;
  });
}
