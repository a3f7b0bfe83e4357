// A policyc request in Cedar's terms (principal, action, resource, context and the entities the decision
// reads), shared by every Cedar engine so that each is asked exactly the same question.
import type { CedarValueJson, Context, TypeAndId } from "@cedar-policy/cedar-wasm/nodejs";
import { checkRequest, type CheckedRequest } from "../eval/request.ts";
import type { SystemIR } from "../ir/types.ts";
import { entityRef, entityUid, readsHeldPermissions, readsPrincipalId, staticEntities, type CedarEntity } from "../targets/cedar/entities.ts";
import { permissionSpellings } from "../ir/spellings.ts";

/** A request in Cedar's terms: the four request variables and the entities the decision reads. */
export interface CedarRequest {
  principal: TypeAndId;
  action: TypeAndId;
  resource: TypeAndId;
  context: Context;
  entities: CedarEntity[];
}

export type CedarRequestResult = { ok: true; request: CedarRequest } | { ok: false; problem: string };

/** The user of a request without `principal.id`, and the one resource of a request: the policies name neither. */
const ANONYMOUS_ID = "anonymous";
const RESOURCE_ID = "resource";

/** Turns the requests of one system into Cedar requests; built once per system. */
class CedarRequestBuilder {
  /** Every spelling a request may use for a permission (its name and aliases) -> the Permission entity id. */
  private readonly permissionNames: Map<string, string>;
  private readonly actions: Set<string>;
  /** Role name -> the static Role entities a member needs: the role and every role it includes, transitively. */
  private readonly roleEntities = new Map<string, CedarEntity[]>();
  /** Role name -> its static entity, for the roles that list `members` (read through a resource's role attribute). */
  private readonly roleWithMembers = new Map<string, CedarEntity>();
  /** Whether a policy reads the user's `heldPermissions`, which is then filled. */
  private readonly fillsHeldPermissions: boolean;
  /** Whether a policy compares the user's `id` with the resource (a relation), which is then filled. */
  private readonly fillsId: boolean;

  constructor(private readonly system: SystemIR) {
    this.permissionNames = new Map(permissionSpellings(system).map(([spelling, p]) => [spelling, p.name]));
    this.actions = new Set(system.actions.map((a) => a.id));
    this.fillsHeldPermissions = readsHeldPermissions(system);
    this.fillsId = readsPrincipalId(system);
    const roleType = entityUid(system, "role", "").type;
    const roles = new Map(staticEntities(system).filter((e) => e.uid.type === roleType).map((e) => [e.uid.id, e]));
    for (const name of roles.keys()) {
      const needed = new Map<string, CedarEntity>();
      const visit = (id: string) => {
        const role = roles.get(id);
        if (!role || needed.has(id)) return;
        needed.set(id, role);
        for (const parent of role.parents) if (parent.type === roleType) visit(parent.id);
      };
      visit(name);
      this.roleEntities.set(name, [...needed.values()]);
      if (roles.get(name)!.attrs.members) this.roleWithMembers.set(name, roles.get(name)!);
    }
  }

  /** The Cedar form of a raw request, or why it has none (it is then denied). */
  build(raw: unknown): CedarRequestResult {
    const checked = checkRequest(this.system, raw);
    if (!checked.ok) return { ok: false, problem: `malformed request: ${checked.problem}` };
    const request = checked.request;
    if (!this.actions.has(request.action)) return { ok: false, problem: `unknown action "${request.action}"` };
    return {
      ok: true,
      request: {
        principal: entityUid(this.system, "user", request.principalId ?? ANONYMOUS_ID),
        action: entityUid(this.system, "action", request.action),
        resource: entityUid(this.system, "resource", RESOURCE_ID),
        context: this.context(request),
        entities: this.entities(request, givenAttributes(raw)),
      },
    };
  }

  /**
   * The principal as a User named by its id, whose parents are its declared permissions and its roles (declared or not: an
   * undeclared role grants nothing but still names a group the principal is in), the resource as a Resource,
   * and the static Role entities the principal's roles reach. The other static entities are left out: a
   * permission entity has no parents or attributes and an unreachable role is not an ancestor of the
   * principal, so neither can change a decision, and each entity sent costs parsing and validation per call.
   * Where a policy needs every permission of a list, the user's `heldPermissions` holds every declared
   * permission it has, its roles expanded here from the static Role entities.
   * The user carries the declared principal attributes and, where a relation reads it, its `id`. Only the
   * attributes the request gave are sent when `given` says which (the policies fold declared defaults in
   * themselves, as they must for a caller that builds Cedar requests on its own); without it, defaults are sent.
   */
  entities(request: CheckedRequest, given?: GivenAttributes): CedarEntity[] {
    const { system } = this;
    const roles = unique(request.roles);
    const permissions = unique(request.permissions.flatMap((name) => this.permissionNames.get(name) ?? []));
    const reached = new Set(roles.flatMap((name) => this.roleEntities.get(name) ?? []));
    const user: CedarEntity = {
      uid: entityUid(system, "user", request.principalId ?? ANONYMOUS_ID),
      attrs: { staff: request.staff, projectUser: request.projectUser },
      parents: [...permissions.map((name) => entityUid(system, "permission", name)), ...roles.map((name) => entityUid(system, "role", name))],
    };
    if (this.fillsId && request.principalId !== undefined) user.attrs.id = request.principalId;
    for (const attr of system.principalAttributes) {
      const value = request.principal[attr.name];
      if (value !== undefined && (given?.principal.has(attr.name) ?? true)) user.attrs[attr.name] = value as string | boolean;
    }
    if (this.fillsHeldPermissions) {
      const permissionType = entityUid(system, "permission", "").type;
      const granted = [...reached].flatMap((role) => role.parents.filter((p) => p.type === permissionType).map((p) => p.id));
      user.attrs.heldPermissions = unique([...permissions, ...granted]).map((name) => entityRef(system, "permission", name));
    }
    const attrs: Record<string, CedarValueJson> = {};
    for (const attr of system.resourceAttributes) {
      const value = request.resource[attr.name];
      if (value === undefined || !(given?.resource.has(attr.name) ?? true)) continue;
      if (attr.kind === "roleName") attrs[attr.name] = entityRef(system, "role", value as string);
      else if (attr.kind === "permissionList") attrs[attr.name] = this.permissionSet(value as string[]);
      else attrs[attr.name] = value as string | boolean | string[];
    }
    const resource: CedarEntity = { uid: entityUid(system, "resource", RESOURCE_ID), attrs, parents: [] };
    // A role named by the resource whose `members` lists roles that are it without being its children (exceptions).
    const named = system.resourceAttributes.flatMap((a) => (a.kind === "roleName" && attrs[a.name] !== undefined ? (this.roleWithMembers.get(request.resource[a.name] as string) ?? []) : []));
    return [user, resource, ...new Set([...reached, ...named])];
  }

  /** The declared context keys a request gives, as Cedar values. */
  private context(request: CheckedRequest): Context {
    const context: Context = {};
    for (const key of this.system.contextKeys) {
      const value = request.context[key.key];
      if (value === undefined) continue;
      context[key.key] = key.kind === "permissionList" ? this.permissionSet(value as string[]) : (value as boolean);
    }
    return context;
  }

  /**
   * A permission list as a set of Permission references; aliases become their permission. An undeclared name
   * stays, so the policies deny it, but only the first: the policies only ask whether every listed permission is
   * held, which one undeclared name already answers, and a list of 100,000 made-up names would otherwise cost
   * Cedar seconds.
   */
  private permissionSet(names: string[]): CedarValueJson[] {
    const declared = names.flatMap((name) => this.permissionNames.get(name) ?? []);
    const undeclared = names.find((name) => !this.permissionNames.has(name));
    return unique(undeclared === undefined ? declared : [...declared, undeclared]).map((name) => entityRef(this.system, "permission", name));
  }
}

/** The principal and resource attribute names a raw request holds itself (a checked request also holds defaults). */
interface GivenAttributes {
  principal: Set<string>;
  resource: Set<string>;
}

function givenAttributes(raw: unknown): GivenAttributes {
  const keys = (o: unknown) => new Set(typeof o === "object" && o !== null ? Object.keys(o) : []);
  const request = raw as { principal?: unknown; resource?: unknown };
  return { principal: keys(request.principal), resource: keys(request.resource) };
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

const builders = new WeakMap<SystemIR, CedarRequestBuilder>();

export function builderFor(system: SystemIR): CedarRequestBuilder {
  let builder = builders.get(system);
  if (!builder) builders.set(system, (builder = new CedarRequestBuilder(system)));
  return builder;
}

/** The entities builder: the Cedar entities one checked request's decision reads (see CedarRequestBuilder.entities). */
export function requestEntities(system: SystemIR, request: CheckedRequest): CedarEntity[] {
  return builderFor(system).entities(request);
}

/**
 * Exactly what the Cedar engine asks Cedar for one request (request variables and entities), for a person to
 * read or to feed to the `cedar` CLI. A malformed request or an unknown action has no Cedar form: it is denied.
 */
export function cedarEntitiesFor(system: SystemIR, raw: unknown): CedarRequestResult {
  return builderFor(system).build(raw);
}

