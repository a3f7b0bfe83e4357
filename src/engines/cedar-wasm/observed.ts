// What a set of Cedar policies can observe of a request's entities, and a request cut down to that.
// cedar-wasm parses every entity reference it is sent (about 4 µs for each parent, 15 µs for each entity in an
// attribute set on this machine), which made the entities most of a decision's cost: a maestra request sent the
// user with all its permissions and roles, the role entities with theirs, and `heldPermissions` whether or not the
// action's policies read them. Policies see entity data only through `.` and `has` (attributes), `in` (ancestors)
// and tags, so an entity graph that keeps what those can reach decides exactly as the whole one.
import type { EntityUidJson, Expr, PolicyJson, TypeAndId } from "@cedar-policy/cedar-wasm/nodejs";
import type { CedarRequest } from "../../runtime/cedar-request.ts";
import type { CedarEntity } from "../../targets/cedar/entities.ts";

/** What some policies read of the entities: attribute names, and the entities they ask `principal in` or `resource in` about. */
export interface Observation {
  attributes: Set<string>;
  ancestors: Set<string>;
}

const uidKey = (uid: TypeAndId) => `${uid.type}::${uid.id}`;
const uidOf = (json: EntityUidJson): TypeAndId => ("__entity" in json ? json.__entity : json);

/** The entity uids a literal names (`E` or `[E1, E2]`), or undefined when it is not a literal of entities. */
function literalEntities(expr: Expr): TypeAndId[] | undefined {
  if ("Value" in expr) {
    const value = expr.Value;
    return typeof value === "object" && value !== null && "__entity" in value ? [value.__entity as TypeAndId] : undefined;
  }
  if ("Set" in expr && Array.isArray(expr.Set)) {
    const members = expr.Set.map(literalEntities);
    return members.every((m) => m?.length === 1) ? members.map((m) => m![0]!) : undefined;
  }
  return undefined;
}

const isRequestEntity = (expr: Expr) => "Var" in expr && (expr.Var === "principal" || expr.Var === "resource");

/**
 * What the policies can observe, or undefined when that cannot be told from their text: an attribute or ancestor
 * read through anything but `principal`, `resource` or `context` themselves, an `in` over something other than
 * literal entities, tags, templates, or an action scope or test with `in` where the schema has action groups (an
 * action's groups come from the schema; without groups, `action in [A, B]` is `action == A || action == B`).
 * Such policies are then sent the whole request.
 */
export function observedBy(policies: PolicyJson[], schema: { actionGroups: boolean }): Observation | undefined {
  const observed: Observation = { attributes: new Set(), ancestors: new Set() };
  let plain = true;
  const visit = (node: unknown): void => {
    if (!plain || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) return node.forEach(visit);
    for (const [op, operand] of Object.entries(node)) {
      if (op === "Value") continue;
      if (op === "." || op === "has") {
        const { left, attr } = operand as { left: Expr; attr: string };
        if (!("Var" in left) || left.Var === "action") plain = false;
        observed.attributes.add(attr);
      } else if (op === "in") {
        const { left, right } = operand as { left: Expr; right: Expr };
        const entities = literalEntities(right);
        const ofAction = "Var" in left && left.Var === "action";
        if (!entities || !(isRequestEntity(left) || (ofAction && !schema.actionGroups))) plain = false;
        else if (!ofAction) for (const uid of entities) observed.ancestors.add(uidKey(uid));
      } else if (op === "getTag" || op === "hasTag" || op === "Slot" || (op === "is" && (operand as { in?: Expr }).in)) {
        plain = false;
      }
      visit(operand);
    }
  };
  for (const policy of policies) {
    if (policy.action.op === "in" && schema.actionGroups) return undefined;
    for (const scope of [policy.principal, policy.resource]) {
      if (scope.op === "==" && "slot" in scope) return undefined;
      if (scope.op === "in") {
        if ("slot" in scope) return undefined;
        observed.ancestors.add(uidKey(uidOf(scope.entity)));
      }
      if (scope.op === "is" && scope.in) {
        if ("slot" in scope.in) return undefined;
        observed.ancestors.add(uidKey(uidOf(scope.in.entity)));
      }
    }
    visit(policy.conditions);
  }
  return plain ? observed : undefined;
}

/**
 * The request with only what the policies observe: the principal and resource entities (other entities matter
 * only as their ancestors, which each keeps directly as parents, the transitive closure taken here), each with
 * the observed attributes and, as parents, its observed ancestors. An entity left with neither is not sent:
 * Cedar answers `has` and `in` on a missing entity as on an empty one, and errors on reading its attribute as
 * on a missing attribute, which denies either way.
 */
export function observedRequest(request: CedarRequest, observation: Observation): CedarRequest {
  const principal = uidKey(request.principal);
  const resource = uidKey(request.resource);
  const entities: CedarEntity[] = [];
  for (const entity of request.entities) {
    const key = uidKey(entity.uid);
    if (key !== principal && key !== resource) continue;
    const attrs: CedarEntity["attrs"] = {};
    let kept = false;
    for (const name of observation.attributes) {
      if (!Object.hasOwn(entity.attrs, name)) continue;
      attrs[name] = entity.attrs[name]!;
      kept = true;
    }
    const parents = observation.ancestors.size ? observedAncestors(entity, request.entities, observation.ancestors) : [];
    if (kept || parents.length) entities.push({ uid: entity.uid, attrs, parents });
  }
  return { ...request, entities };
}

/** The ancestors of `entity` among `entities` (the transitive closure of parents) that are in `observed`. */
function observedAncestors(entity: CedarEntity, entities: CedarEntity[], observed: Set<string>): TypeAndId[] {
  let byKey: Map<string, CedarEntity> | undefined;
  const found = new Map<string, TypeAndId>();
  const pending = [...entity.parents];
  // The walk stops once every observed ancestor is found: a role may reach a hundred permissions, a policy tests a few.
  let hits = 0;
  while (pending.length && hits < observed.size) {
    const uid = pending.pop()!;
    const key = uidKey(uid);
    if (found.has(key)) continue;
    found.set(key, uid);
    if (observed.has(key)) hits++;
    byKey ??= new Map(entities.map((e) => [uidKey(e.uid), e]));
    const parents = byKey.get(key)?.parents;
    if (parents?.length) pending.push(...parents);
  }
  const kept: TypeAndId[] = [];
  for (const [key, uid] of found) if (observed.has(key)) kept.push(uid);
  return kept;
}
