import type { SystemIR } from "../ir/types.ts";
import { permissionSpellings } from "../ir/spellings.ts";

/** The permission ids a principal holds; decisions only ask whether one is held. */
export type HeldPermissions = Pick<ReadonlySet<string>, "has">;

/** Role closures and name lookups of one system, computed once. */
export class SystemIndex {
  /** Every name a request may use for a permission (its name and its aliases) -> its id. */
  readonly permissionIdByName: Map<string, string>;
  readonly permissionNameById: Map<string, string>;
  /** Role name -> every permission id it grants, through includes. */
  readonly roleGrants: Map<string, Set<string>>;
  /** Role name -> the role names it is (itself and everything it includes). */
  readonly roleMemberships: Map<string, Set<string>>;
  /** Enum attribute -> its declared values: a value outside them makes conditions on the attribute unknown. */
  readonly resourceEnumValues: Map<string, string[]>;
  readonly principalEnumValues: Map<string, string[]>;

  constructor(readonly system: SystemIR) {
    this.permissionIdByName = new Map(permissionSpellings(system).map(([spelling, p]) => [spelling, p.id]));
    this.permissionNameById = new Map(system.permissions.map((p) => [p.id, p.name]));
    this.resourceEnumValues = new Map(system.resourceAttributes.filter((a) => a.kind === "enum").map((a) => [a.name, a.values]));
    this.principalEnumValues = new Map(system.principalAttributes.filter((a) => a.kind === "enum").map((a) => [a.name, a.values]));
    const byId = new Map(system.roles.map((r) => [r.id, r]));
    this.roleMemberships = new Map();
    for (const role of system.roles) {
      const names = new Set<string>();
      const seen = new Set<string>();
      const visit = (id: string) => {
        const r = byId.get(id);
        if (!r || seen.has(id)) return;
        seen.add(id);
        names.add(r.name);
        r.includes.forEach(visit);
      };
      visit(role.id);
      this.roleMemberships.set(role.name, names);
    }
    const closure = roleGrantClosure(system);
    this.roleGrants = new Map(system.roles.map((r) => [r.name, closure.get(r.id)!]));
  }

  /**
   * Permission ids a principal holds: its own declared permissions plus those of its roles. Unknown names grant
   * nothing. The roles' grants are looked up rather than copied, since a role high in a hierarchy grants most of
   * a large system and a decision reads only the few permissions its action needs.
   */
  heldPermissions(permissionNames: string[], roleNames: string[]): HeldPermissions {
    const direct = new Set<string>();
    for (const name of permissionNames) {
      const id = this.permissionIdByName.get(name);
      if (id) direct.add(id);
    }
    const grants: Array<Set<string>> = [];
    for (const role of roleNames) {
      const granted = this.roleGrants.get(role);
      if (granted) grants.push(granted);
    }
    if (grants.length === 0) return direct;
    return { has: (id) => direct.has(id) || grants.some((granted) => granted.has(id)) };
  }

  /** Role names a principal belongs to: those it is given (declared or not) and those its declared roles include. */
  memberships(roleNames: string[]): Set<string> {
    const names = new Set<string>(roleNames);
    for (const role of roleNames) this.roleMemberships.get(role)?.forEach((n) => names.add(n));
    return names;
  }
}

/**
 * Role id -> every permission id the role grants: its own grants, plus what each role it includes grants less the
 * role's exceptions. Computed once per role (a role included by many is not walked again); cycles, which
 * validation rejects, stop the walk.
 */
export function roleGrantClosure(system: SystemIR): Map<string, Set<string>> {
  const byId = new Map(system.roles.map((r) => [r.id, r]));
  const done = new Map<string, Set<string>>();
  const grantsOf = (id: string, trail: Set<string>): Set<string> => {
    const known = done.get(id);
    if (known) return known;
    const role = byId.get(id);
    if (!role || trail.has(id)) return new Set();
    trail.add(id);
    const inherited = new Set<string>();
    for (const included of role.includes) grantsOf(included, trail).forEach((p) => inherited.add(p));
    trail.delete(id);
    for (const p of role.except) inherited.delete(p);
    role.grants.forEach((p) => inherited.add(p));
    done.set(id, inherited);
    return inherited;
  };
  for (const role of system.roles) grantsOf(role.id, new Set());
  return done;
}
