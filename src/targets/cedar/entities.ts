import type { CedarValueJson, TypeAndId } from "@cedar-policy/cedar-wasm/nodejs";
import { roleGrantClosure } from "../../eval/principal.ts";
import { actionConditions } from "../../ir/requirement.ts";
import type { Condition } from "../../ir/types.ts";
import type { CedarSystem } from "./cedar-system.ts";
import { namespaceFor } from "./identifiers.ts";

/** The entity types of the encoding; each system's schema declares them in its own namespace. */
export const ENTITY = { permission: "Permission", role: "Role", user: "User", resource: "Resource", action: "Action" } as const;
export type EntityKind = keyof typeof ENTITY;

/** The entity uid of a named thing: permissions and roles are identified by their document names, actions by their ids. */
export function entityUid(system: CedarSystem, kind: EntityKind, id: string): TypeAndId {
  return { type: `${namespaceFor(system.id)}::${ENTITY[kind]}`, id };
}

/** An entity reference as an attribute or context value. */
export function entityRef(system: CedarSystem, kind: EntityKind, id: string): { __entity: TypeAndId } {
  return { __entity: entityUid(system, kind, id) };
}

/** An entity as this target writes it: Cedar's entity JSON with plain uids. */
export interface CedarEntity {
  uid: TypeAndId;
  attrs: Record<string, CedarValueJson>;
  parents: TypeAndId[];
}

/**
 * The entities every request shares: one per permission, and one per role whose parents are the permissions
 * it grants and the roles it includes, so `principal in Permission::"P"` follows roles transitively inside Cedar.
 * A role that excepts permissions from a role it includes cannot have it as a parent (Cedar's `in` is transitive,
 * so the excepted permissions would come back): such a role has its every permission (roleGrantClosure) as a
 * parent instead, and the included role lists it in `members`, so that memberOfRole still sees it.
 */
export function staticEntities(system: CedarSystem): CedarEntity[] {
  const hierarchy = roleHierarchy(system);
  const permissions = system.permissions.map((p): CedarEntity => ({ uid: entityUid(system, "permission", p.name), attrs: {}, parents: [] }));
  const roles = system.roles.map((r): CedarEntity => {
    const { permissions, roles, members } = hierarchy.get(r.id)!;
    const role: CedarEntity = {
      uid: entityUid(system, "role", r.name),
      attrs: {},
      parents: [...permissions.map((name) => entityUid(system, "permission", name)), ...roles.map((name) => entityUid(system, "role", name))],
    };
    if (members.length) role.attrs.members = members.map((name) => entityRef(system, "role", name));
    return role;
  });
  return [...permissions, ...roles];
}

/** A role's place in the entity hierarchy: its parents (permission and role names) and the roles listed as its members. */
interface RoleEntry {
  permissions: string[];
  roles: string[];
  /** Roles that include this one but cannot be its children: `principal in resource.group.members` finds them. */
  members: string[];
}

/**
 * Each role's parents. A role keeps its grants and includes as parents, unless an included role grants something
 * the role does not hold (its exceptions): those includes are dropped and the role's every permission not reached
 * through the includes kept becomes a parent. Without exceptions every role keeps its grants and includes exactly.
 */
function roleHierarchy(system: CedarSystem): Map<string, RoleEntry> {
  const closure = roleGrantClosure(system);
  const permissionName = new Map(system.permissions.map((p) => [p.id, p.name]));
  const roleName = new Map(system.roles.map((r) => [r.id, r.name]));
  const entries = new Map<string, RoleEntry & { kept: string[] }>();
  for (const role of system.roles) {
    const held = closure.get(role.id)!;
    const kept = role.includes.filter((id) => [...(closure.get(id) ?? [])].every((p) => held.has(p)));
    let grants = role.grants;
    if (kept.length < role.includes.length) {
      const reached = new Set(kept.flatMap((id) => [...(closure.get(id) ?? [])]));
      const flattened = system.permissions.filter((p) => held.has(p.id) && !reached.has(p.id) && !role.grants.includes(p.id)).map((p) => p.id);
      grants = [...role.grants, ...flattened];
    }
    entries.set(role.id, { permissions: grants.map((id) => permissionName.get(id) ?? id), roles: kept.map((id) => roleName.get(id) ?? id), members: [], kept });
  }
  // A role is a member of every role it includes, transitively; where the kept parents no longer reach one, list it there.
  const byId = new Map(system.roles.map((r) => [r.id, r]));
  const walk = (id: string, next: (r: CedarSystem["roles"][number]) => string[], into = new Set<string>()): Set<string> => {
    const role = byId.get(id);
    if (!role || into.has(id)) return into;
    into.add(id);
    for (const other of next(role)) walk(other, next, into);
    return into;
  };
  for (const role of system.roles) {
    const reached = walk(role.id, (r) => entries.get(r.id)!.kept);
    for (const included of walk(role.id, (r) => r.includes)) {
      if (!reached.has(included)) entries.get(included)!.members.push(role.name);
    }
  }
  return new Map([...entries].map(([id, { permissions, roles, members }]) => [id, { permissions, roles, members }]));
}

/** Whether a role lists members it cannot have as children (see staticEntities): the schema then declares `members`. */
export function hasRoleMembers(system: CedarSystem): boolean {
  return [...roleHierarchy(system).values()].some((r) => r.members.length > 0);
}

/**
 * The kinds of condition the system's policies read (effective requirements, deny rules and non-member rules,
 * negations unwrapped), kept per IR object: the target asks several times, and each answer walks every action.
 */
const conditionKinds = new WeakMap<CedarSystem, Set<Condition["kind"]>>();

function systemConditionKinds(system: CedarSystem): Set<Condition["kind"]> {
  let kinds = conditionKinds.get(system);
  if (!kinds) {
    kinds = new Set(system.actions.flatMap((a) => actionConditions(a).map((c) => (c.kind === "not" ? c.condition : c).kind)));
    conditionKinds.set(system, kinds);
  }
  return kinds;
}

/**
 * Whether some action needs every permission of a list. Cedar has no quantifier over a set, so such a condition
 * reads the user's `heldPermissions` (every permission it holds, roles expanded by the request builder) and is
 * one `containsAll`; a system without one sends no such attribute.
 */
export function readsHeldPermissions(system: CedarSystem): boolean {
  return systemConditionKinds(system).has("holdsAllListed");
}

/** Whether some condition compares the principal's id with the resource (a relation): the user then carries `id`. */
export function readsPrincipalId(system: CedarSystem): boolean {
  return systemConditionKinds(system).has("relation");
}

/**
 * The entities of an example request, for a person to read (examples.json), never to load into a store: a user
 * identified by its id, with its attributes and the role that grants least, and a resource.
 */
export function exampleEntities(system: CedarSystem): CedarEntity[] {
  const closure = roleGrantClosure(system);
  const role = [...system.roles].sort((a, b) => closure.get(a.id)!.size - closure.get(b.id)!.size)[0];
  const user: CedarEntity = {
    uid: entityUid(system, "user", "example-user"),
    attrs: { staff: false, projectUser: true },
    parents: role ? [entityUid(system, "role", role.name)] : [],
  };
  if (readsHeldPermissions(system)) user.attrs.heldPermissions = role ? roleGrants(system, closure.get(role.id)!).map((name) => entityRef(system, "permission", name)) : [];
  return [user, { uid: entityUid(system, "resource", "example-resource"), attrs: {}, parents: [] }];
}

/** The names of the permissions a role grants (its roleGrantClosure), in declaration order. */
function roleGrants(system: CedarSystem, granted: Set<string>): string[] {
  return system.permissions.filter((p) => granted.has(p.id)).map((p) => p.name);
}
