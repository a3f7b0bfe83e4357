// The intermediate representation: plain JSON, deterministic order.
// Everything downstream of the DSL (evaluator, targets, fixtures) reads only this.

export const IR_VERSION = 2;

/** Where a declaration was written: spec file relative to the repository, 1-based line. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface SystemIR {
  irVersion: typeof IR_VERSION;
  id: string;
  title: string;
  /** The document the system was modelled from. */
  document: string;
  permissions: PermissionIR[];
  roles: RoleIR[];
  contextKeys: ContextKeyIR[];
  resourceAttributes: ResourceAttributeIR[];
  /** Typed attributes of the principal beyond its roles, permissions and staff flag. */
  principalAttributes: PrincipalAttributeIR[];
  pages: PageIR[];
  actions: ActionIR[];
  source: SourcePosition;
  /** Present when the spec declares how AuthZEN requests map onto the system. */
  authzen?: AuthzenIR;
}

export interface PermissionIR {
  id: string;
  /** The exact name from the document; requests carry permission names. */
  name: string;
  description: string;
  /** Only effective for principals with `staff: true`. */
  staffOnly: boolean;
  /** Internal permissions cannot be granted from the UI. */
  internal: boolean;
  /** Release that introduced the permission, when the document says. */
  since: string | null;
  /** Other spellings of the name in the document; requests naming one of them hold this permission. */
  aliases: string[];
  note: string | null;
  source: SourcePosition;
}

export interface RoleIR {
  id: string;
  name: string;
  description: string;
  /** Permission ids granted directly. */
  grants: string[];
  /** Role ids whose grants this role includes. */
  includes: string[];
  /**
   * Permission ids this role does not take from the roles it includes (its own grants still count). A role that
   * includes this one inherits what this one holds, so the exception carries upwards unless granted again.
   */
  except: string[];
  /** System roles cannot be edited or deleted. */
  system: boolean;
  /** Internal roles cannot be selected from the UI. */
  internal: boolean;
  source: SourcePosition;
}

export interface ContextKeyIR {
  key: string;
  /** A flag is a boolean (omitted means false); a permission list names permissions (omitted means empty). */
  kind: "flag" | "permissionList";
  description: string;
  source: SourcePosition;
}

export interface ResourceAttributeIR {
  name: string;
  /**
   * An enum is one string of `values`; a roleName names a role; a permissionList names permissions; a user is one
   * user id and users a list of them (compared with `principal.id` by a relation condition).
   */
  kind: "enum" | "flag" | "roleName" | "permissionList" | "user" | "users";
  /** Allowed values for enums, in declaration order; empty otherwise. */
  values: string[];
  /** The value an omitted attribute takes (flags and enums only); null: an omitted attribute is unknown. */
  default: string | boolean | null;
  description: string;
  source: SourcePosition;
}

/** An attribute of the principal, read from `principal.<name>` of the request. */
export interface PrincipalAttributeIR {
  name: string;
  kind: "enum" | "flag";
  /** Allowed values for enums, in declaration order; empty for flags. */
  values: string[];
  /** The value an omitted attribute takes; null: an omitted attribute is unknown. */
  default: string | boolean | null;
  description: string;
  source: SourcePosition;
}

export interface PageIR {
  id: string;
  /** The heading as written in the document. */
  title: string;
  parent: string | null;
  /** Requirement to open this page itself (not including parents). */
  open: Requirement | null;
  /** The document's own words for the open requirement. */
  openText: string | null;
  note: string | null;
  source: SourcePosition;
}

export interface ActionIR {
  id: string;
  /** Headings from the area down to the page, as written in the document. */
  path: string[];
  page: string;
  /** The document's row text ("To do this" cell, or the permission name). */
  row: string;
  /** The document's requirement cell, verbatim where there is one. */
  rowRequirement: string | null;
  /** The pages whose open requirements the action inherits, outermost first (usually every page above it that has one). */
  opensFrom: string[];
  /** The action's own requirement, without the pages above it. */
  requires: Requirement;
  /** Page open requirements (outermost first) AND the action's own requirement, staff gates lowered. */
  effective: Requirement;
  /** Context keys the effective requirement reads, sorted. */
  contextKeys: string[];
  /** Resource attributes the effective requirement, the deny rules and the non-member rule read, sorted. */
  resourceAttributes: string[];
  /** Principal attributes they read, sorted. */
  principalAttributes: string[];
  /** Deny rules that win over any requirement: those of the pages above (outermost first), then the action's own. */
  denies: DenyIR[];
  /**
   * What a principal who is not a user of the project needs to do this action (pages' open requirements do not
   * apply to it); null: non-members may not. Staff gates lowered.
   */
  nonMembers: Requirement | null;
  note: string | null;
  source: SourcePosition;
}

/**
 * A deny rule: the action is denied whenever `when` holds, and also when it cannot be decided (an attribute it
 * reads is omitted without a default or has an undeclared value), whatever the requirements say.
 */
export interface DenyIR {
  when: Condition;
  /** The document's words for the rule. */
  text: string | null;
  /** The page that declares it; null when the action itself does. */
  page: string | null;
  source: SourcePosition;
}

export type Requirement =
  | { kind: "permission"; permission: string }
  | { kind: "allOf"; items: Requirement[] }
  | { kind: "anyOf"; items: Requirement[] }
  /** Any user of the project: always satisfied for a project user. */
  | { kind: "anyUser" }
  | { kind: "condition"; condition: Condition }
  /** `then` is required only when `condition` holds. */
  | { kind: "onlyIf"; condition: Condition; then: Requirement }
  /** No one: never satisfied (the document's "No one", or a ✗ in every column). */
  | { kind: "never" };

export type Condition =
  /** A boolean context flag is true; an omitted key means false. */
  | { kind: "contextFlag"; key: string }
  /** The principal is Maestra staff (`principal.staff === true`). */
  | { kind: "principalStaff" }
  /** A resource enum attribute has one of the values. */
  | { kind: "resourceIn"; attribute: string; values: string[] }
  /** A resource boolean attribute equals `value`; a missing attribute satisfies neither. */
  | { kind: "resourceFlag"; attribute: string; value: boolean }
  /** The role named by a resource attribute is one of the principal's roles (directly or through includes). */
  | { kind: "memberOfRole"; attribute: string }
  /**
   * The principal holds every permission named in a list. A list omitted from the context is empty
   * (nothing is being granted); a list omitted from the resource is unknown, so the condition fails.
   */
  | { kind: "holdsAllListed"; from: "context" | "resource"; key: string }
  /** A principal boolean attribute equals `value`; a missing attribute without default satisfies neither. */
  | { kind: "principalFlag"; attribute: string; value: boolean }
  /** A principal enum attribute has one of the values. */
  | { kind: "principalIn"; attribute: string; values: string[] }
  /** `principal.id` is the resource's user attribute, or one of its users attribute (author, owner, assignees). */
  | { kind: "relation"; attribute: string }
  /**
   * The inner condition is known and false: every attribute it reads is present (or has a default) with a declared
   * value, and it does not hold. An unknown condition satisfies neither it nor its negation.
   */
  | { kind: "not"; condition: Condition };

/**
 * How AuthZEN 1.0 requests (subject, action, resource, context) become this system's requests: declared in the
 * spec with `system.authzen(...)`, read by the runtime and `policyc serve`, never by the engines.
 */
export interface AuthzenIR {
  subjects: AuthzenSubjectTypeIR[];
  resources: AuthzenResourceTypeIR[];
  actions: AuthzenActionIR[];
  /** `context.<property>` of the AuthZEN request -> a context key. */
  context: AuthzenPropertyIR[];
  source: SourcePosition;
}

export interface AuthzenSubjectTypeIR {
  /** The AuthZEN `subject.type`. */
  type: string;
  /** `subject.properties.<property>` -> the principal's roles, permissions, staff flag or an attribute, or a context key. */
  properties: AuthzenPropertyIR[];
}

export interface AuthzenResourceTypeIR {
  /** The AuthZEN `resource.type`. */
  type: string;
  /** `resource.properties.<property>` -> a resource attribute or a context key. */
  properties: AuthzenPropertyIR[];
  /** Resource flags computed by comparing a resource property with an attribute of the subject (ownership). */
  matches: AuthzenMatchIR[];
  /** Only the resources the directory lists exist: another id is denied. */
  listedOnly: boolean;
}

export interface AuthzenActionIR {
  /** The AuthZEN `action.name`. */
  name: string;
  /** The action id it is decided as. */
  action: string;
  /** The resource types it applies to; another resource type is denied. */
  resourceTypes: string[];
  /** `action.properties.<property>` -> a context key. */
  properties: AuthzenPropertyIR[];
}

export interface AuthzenPropertyIR {
  property: string;
  to: AuthzenTarget;
}

export type AuthzenTarget =
  /** A role name or a list of them, added to the principal's roles. */
  | { kind: "roles" }
  /** A permission name or a list of them, added to the principal's permissions. */
  | { kind: "permissions" }
  /** `principal.staff`. */
  | { kind: "staff" }
  /** A declared principal attribute, `principal.<attribute>` (subject properties only). */
  | { kind: "principal"; attribute: string }
  | { kind: "context"; key: string }
  | { kind: "resource"; attribute: string };

export interface AuthzenMatchIR {
  /** The resource flag set to whether the two values are the same string. */
  attribute: string;
  /** The resource property compared (from the request, or the directory's entry for the resource). */
  resourceProperty: string;
  /** The subject attribute compared (from the directory, or the request's `subject.properties`). */
  subjectAttribute: string;
}
