import type { CedarValueJson, TypeAndId } from "@cedar-policy/cedar-wasm/nodejs";
import { conditionsOf } from "../../ir/requirement.ts";
import type { SystemIR } from "../../ir/types.ts";
import { namespaceFor } from "./identifiers.ts";

/** The entity types of the encoding; each system's schema declares them in its own namespace. */
export const ENTITY = { permission: "Permission", role: "Role", user: "User", resource: "Resource", action: "Action" } as const;
export type EntityKind = keyof typeof ENTITY;

/** The entity uid of a named thing: permissions and roles are identified by their document names, actions by their ids. */
export function entityUid(system: SystemIR, kind: EntityKind, id: string): TypeAndId {
  return { type: `${namespaceFor(system.id)}::${ENTITY[kind]}`, id };
}

/** An entity reference as an attribute or context value. */
export function entityRef(system: SystemIR, kind: EntityKind, id: string): { __entity: TypeAndId } {
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
 */
export function staticEntities(system: SystemIR): CedarEntity[] {
  const permissionName = new Map(system.permissions.map((p) => [p.id, p.name]));
  const roleName = new Map(system.roles.map((r) => [r.id, r.name]));
  const permissions = system.permissions.map((p): CedarEntity => ({ uid: entityUid(system, "permission", p.name), attrs: {}, parents: [] }));
  const roles = system.roles.map((r): CedarEntity => ({
    uid: entityUid(system, "role", r.name),
    attrs: {},
    parents: [
      ...r.grants.map((id) => entityUid(system, "permission", permissionName.get(id) ?? id)),
      ...r.includes.map((id) => entityUid(system, "role", roleName.get(id) ?? id)),
    ],
  }));
  return [...permissions, ...roles];
}

/**
 * Whether some action needs every permission of a list. Cedar has no quantifier over a set, so such a condition
 * reads the user's `heldPermissions` (every permission it holds, roles expanded by the request builder) and is
 * one `containsAll`; a system without one sends no such attribute.
 */
export function readsHeldPermissions(system: SystemIR): boolean {
  return system.actions.some((a) => conditionsOf(a.effective).some((c) => c.kind === "holdsAllListed"));
}

/**
 * The entities of an example request, for a person to read (examples.json), never to load into a store: a user
 * identified by its id, with its attributes and the role that grants least, and a resource.
 */
export function exampleEntities(system: SystemIR): CedarEntity[] {
  const role = [...system.roles].sort((a, b) => roleGrants(system, a.id).length - roleGrants(system, b.id).length)[0];
  const user: CedarEntity = {
    uid: entityUid(system, "user", "example-user"),
    attrs: { staff: false, projectUser: true },
    parents: role ? [entityUid(system, "role", role.name)] : [],
  };
  if (readsHeldPermissions(system)) user.attrs.heldPermissions = role ? roleGrants(system, role.id).map((name) => entityRef(system, "permission", name)) : [];
  return [user, { uid: entityUid(system, "resource", "example-resource"), attrs: {}, parents: [] }];
}

/** The names of every permission a role grants, through the roles it includes, in declaration order. */
function roleGrants(system: SystemIR, roleId: string): string[] {
  const byId = new Map(system.roles.map((r) => [r.id, r]));
  const granted = new Set<string>();
  const seen = new Set<string>();
  const visit = (id: string) => {
    const role = byId.get(id);
    if (!role || seen.has(id)) return;
    seen.add(id);
    role.grants.forEach((g) => granted.add(g));
    role.includes.forEach(visit);
  };
  visit(roleId);
  return system.permissions.filter((p) => granted.has(p.id)).map((p) => p.name);
}
