import type { CedarValueJson, TypeAndId } from "@cedar-policy/cedar-wasm/nodejs";
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

/** A principal as the adapter builds one, given here so entities.json shows the shape of a request's user. */
export function exampleUser(system: SystemIR): CedarEntity {
  const role = system.roles[0];
  return {
    uid: entityUid(system, "user", "example"),
    attrs: { staff: false, projectUser: true },
    parents: role ? [entityUid(system, "role", role.name)] : [],
  };
}
