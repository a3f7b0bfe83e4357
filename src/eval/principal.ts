import type { SystemIR } from "../ir/types.ts";
import { permissionSpellings } from "../ir/spellings.ts";

/** The permission ids a principal holds; decisions only ask whether one is held. */
export type HeldPermissions = Pick<ReadonlySet<string>, "has">;
/** The role names a principal belongs to; decisions only ask whether it belongs to one. */
export type RoleMemberships = Pick<ReadonlySet<string>, "has">;

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
    return new PrincipalPermissions(this, permissionNames, roleNames);
  }

  /**
   * Role names a principal belongs to: those it is given (declared or not) and those its declared roles include.
   * Looked up rather than collected: few actions ask, and a decision should not pay for a set it never reads.
   */
  memberships(roleNames: string[]): RoleMemberships {
    return new PrincipalRoles(this, roleNames);
  }
}

/**
 * What one principal holds, answered by lookups on the names it was given: a decision asks about the few
 * permissions its action needs, so building a set of everything the principal names would cost more than it saves.
 * (Classes rather than closures: one object per decision, nothing else allocated.)
 */
class PrincipalPermissions implements HeldPermissions {
  constructor(
    private readonly index: SystemIndex,
    private readonly names: string[],
    private readonly roles: string[],
  ) {}

  private direct: Set<string> | null = null;

  has(id: string): boolean {
    const byName = this.index.permissionIdByName;
    if (this.names.length <= 8) {
      for (const name of this.names) if (byName.get(name) === id) return true;
    } else {
      this.direct ??= new Set(this.names.map((name) => byName.get(name) ?? ""));
      if (this.direct.has(id)) return true;
    }
    for (const role of this.roles) if (this.index.roleGrants.get(role)?.has(id)) return true;
    return false;
  }
}

class PrincipalRoles implements RoleMemberships {
  constructor(
    private readonly index: SystemIndex,
    private readonly roles: string[],
  ) {}

  has(name: string): boolean {
    return this.roles.includes(name) || this.roles.some((role) => this.index.roleMemberships.get(role)?.has(name) === true);
  }
}

/**
 * Role id -> every permission id the role grants: its own grants, plus what each role it includes grants less the
 * role's exceptions. Computed once per role (a role included by many is not walked again); cycles, which
 * validation rejects, stop the walk.
 */
export function roleGrantClosure(system: Pick<SystemIR, "roles">): Map<string, Set<string>> {
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
