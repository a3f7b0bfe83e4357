import type { SourcePosition } from "../ir/types.ts";
import { requirementHelpers, toReq, type Cond, type ReqLike, type Req, type RequirementHelpers } from "./requirements.ts";
import { callerPosition } from "./source-position.ts";

export interface PermissionDecl {
  /** Stable id; derived from the name when omitted. */
  id?: string;
  description?: string;
  staffOnly?: boolean;
  internal?: boolean;
  /** Release that introduced the permission, e.g. "20.11". */
  since?: string;
  /** Other spellings the document uses for this permission; a request naming one holds this permission. */
  aliases?: readonly string[];
  /** The reading chosen where the document is ambiguous. */
  note?: string;
}

export interface RoleDecl<P extends string, R extends string> {
  id?: string;
  description?: string;
  grants?: readonly P[];
  includes?: readonly R[];
  /** Permissions this role does not take from the roles it includes (a role above it that grants one again still has it). */
  except?: readonly P[];
  system?: boolean;
  internal?: boolean;
  note?: string;
}

export interface ContextDecl {
  kind?: "flag" | "permissionList";
  description: string;
}

export type ResourceAttrDecl =
  /** `default`: the value an omitted attribute takes; without one, an omitted attribute is unknown. */
  | { kind: "enum"; values: readonly string[]; default?: string; description: string }
  | { kind: "flag"; default?: boolean; description: string }
  /** A user is one user id, users a list of them: compared with `principal.id` by `relation()`. */
  | { kind: "roleName" | "permissionList" | "user" | "users"; description: string };

/** An attribute of the principal (`principal.<name>` in a request). */
export type PrincipalAttrDecl =
  | { kind: "enum"; values: readonly string[]; default?: string; description: string }
  | { kind: "flag"; default?: boolean; description: string };

/** A deny rule: a condition that, when it holds or cannot be decided, denies whatever the requirements say. */
export type DenyDecl = Cond | { when: Cond; text: string };

export interface SystemDecl<P extends string, R extends string, C extends string, A extends string, U extends string = string> {
  id: string;
  title: string;
  document: string;
  permissions: Record<P, PermissionDecl>;
  roles?: Record<R, RoleDecl<NoInfer<P>, NoInfer<R>>>;
  context?: Record<C, ContextDecl>;
  resource?: Record<A, ResourceAttrDecl>;
  principal?: Record<U, PrincipalAttrDecl>;
}

export interface SectionOptions<P extends string> {
  /** Stable id segment; derived from the title when omitted. */
  id?: string;
  /** Requirement to open this section or page; every action below inherits it. */
  open?: ReqLike<P>;
  /**
   * false when the document says this section is reached without opening the sections above it: their open
   * requirements do not apply here (its own still does). Say why in `note`.
   */
  inherit?: boolean;
  /** The document's own words for the open requirement. */
  openText?: string;
  /** Deny rules for every action below, winning over any requirement (see DenyDecl). */
  deny?: DenyDecl | readonly DenyDecl[];
  note?: string;
}

export interface ActionOptions<P extends string = string> {
  /** Stable id segment; derived from the row text when omitted. */
  id?: string;
  /** The document's requirement cell, verbatim. */
  text?: string;
  /** false when the document gives the row's whole requirement: the pages' open requirements do not apply. Say why in `note`. */
  inherit?: boolean;
  /** Deny rules of this row, winning over any requirement (see DenyDecl). */
  deny?: DenyDecl | readonly DenyDecl[];
  /**
   * What a principal who is not a user of the project needs to do this row (the pages' open requirements do not
   * apply to it). Omitted: non-members may not.
   */
  nonMembers?: ReqLike<P>;
  /** The reading chosen where the document is ambiguous. */
  note?: string;
}

export interface SectionDraft<P extends string> {
  title: string;
  options: SectionOptions<P>;
  sections: SectionDraft<P>[];
  actions: ActionDraft<P>[];
  at: SourcePosition;
}

export interface ActionDraft<P extends string> {
  row: string;
  requires: Req<P>;
  options: ActionOptions<P>;
  at: SourcePosition;
}

/** A section (area, section or page) under construction. */
export class SectionBuilder<P extends string> {
  constructor(readonly draft: SectionDraft<P>) {}

  /** A nested section or page; `body` declares what is inside it. */
  section(title: string, options: SectionOptions<P>, body: (section: SectionBuilder<P>) => void): this {
    const draft: SectionDraft<P> = { title, options, sections: [], actions: [], at: callerPosition() };
    this.draft.sections.push(draft);
    body(new SectionBuilder(draft));
    return this;
  }

  /** A row whose permission has the row's own name: the row text is written once and is the requirement. */
  action(row: P, options?: ActionOptions<P>): this;
  // Declared last on purpose: TypeScript reports the last overload's error, so a misspelt permission in a
  // requirement is named as such rather than blamed on the row text.
  /** One row of the document's table: what the user does and what it needs beyond the pages above. */
  action(row: string, requires: ReqLike<P>, options?: ActionOptions<P>): this;
  action(row: string, requiresOrOptions?: ReqLike<P> | ActionOptions<P>, options: ActionOptions<P> = {}): this {
    const at = callerPosition();
    const written = typeof requiresOrOptions === "string" || isReq(requiresOrOptions);
    const requires = written ? toReq(requiresOrOptions as ReqLike<P>, at) : toReq(row as P, at);
    this.draft.actions.push({ row, requires, options: written ? options : ((requiresOrOptions as ActionOptions<P> | undefined) ?? {}), at });
    return this;
  }
}

/** Where an AuthZEN subject property goes: the principal's roles, permissions, staff flag or a declared attribute, or a context key. */
export type AuthzenSubjectTarget<C extends string, U extends string = string> = "roles" | "permissions" | "staff" | { principal: U } | { context: C };
/** Where an AuthZEN resource property goes: a resource attribute or a context key. */
export type AuthzenResourceTarget<A extends string, C extends string> = { attribute: A } | { context: C };

/**
 * How AuthZEN 1.0 requests map onto the system (read by the runtime and `policyc serve`). Types and names are the
 * AuthZEN ones (`subject.type`, `resource.type`, `action.name`); everything they map to is typed by the system.
 */
export interface AuthzenDecl<C extends string, A extends string, F extends string, RT extends string, U extends string = string> {
  /**
   * Subject types, each with what its `properties` mean. A subject of another type is denied. The subject's `id` is
   * the principal's id (`principal.id`), which relations compare with the resource's users.
   */
  subjects: Record<string, { properties?: Record<string, AuthzenSubjectTarget<C, U>> }>;
  /** Resource types, each with what its `properties` mean. A resource of another type is denied. */
  resources: Record<
    RT,
    {
      properties?: Record<string, AuthzenResourceTarget<A, C>>;
      /** true: only the resources the directory lists exist; any other id of this type is denied (and never searched). */
      listedOnly?: boolean;
      /** Resource flags set to whether a resource property is the same string as a subject attribute (ownership). */
      matches?: Partial<Record<F, { resourceProperty: string; subjectAttribute: string }>>;
    }
  >;
  /** AuthZEN action names: the action id each is decided as, the resource types it applies to, what its `properties` mean. */
  actions: Record<string, { action: string; resources: readonly NoInfer<RT>[]; properties?: Record<string, { context: C }> }>;
  /** `context.<name>` of the AuthZEN request -> a context key. Unlisted context is ignored. */
  context?: Record<string, C>;
}

/** A requirement object (it has a kind), as opposed to an action's options. */
function isReq(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { kind?: unknown }).kind === "string";
}

/** A system of any names, as the compiler reads it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the declarations' types only matter to the spec's own helpers
export type AnySystemBuilder = SystemBuilder<string, string, string, string, any, any, string, any>;

export const SYSTEM_BRAND = Symbol.for("policyc.system");

/** True for a value built by defineSystem, from any copy of the DSL module. */
export function isSystemBuilder(value: unknown): value is AnySystemBuilder {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[SYSTEM_BRAND] === true;
}

type FlagKeys<T> = { [K in keyof T]: T[K] extends { kind: "flag" } ? K : never }[keyof T] & string;
type EnumKeys<T> = { [K in keyof T]: T[K] extends { kind: "enum" } ? K : never }[keyof T] & string;
type RoleNameKeys<T> = { [K in keyof T]: T[K] extends { kind: "roleName" } ? K : never }[keyof T] & string;
type ListKeys<T> = { [K in keyof T]: T[K] extends { kind: "permissionList" } ? K : never }[keyof T] & string;
type ContextFlagKeys<T> = { [K in keyof T]: T[K] extends { kind: "permissionList" } ? never : K }[keyof T] & string;
type UserKeys<T> = { [K in keyof T]: T[K] extends { kind: "user" | "users" } ? K : never }[keyof T] & string;
/** Enum attribute -> the union of its declared values. */
type EnumValues<T> = { [K in EnumKeys<T>]: T[K] extends { values: readonly (infer V extends string)[] } ? V : never };

/** The names the requirement helpers of a system are typed by. */
type NamesOf<P extends string, CD, AD, PD> = {
  permission: P;
  contextFlag: ContextFlagKeys<CD>;
  resourceFlag: FlagKeys<AD>;
  resourceEnum: EnumValues<AD>;
  permissionList: ListKeys<CD> | ListKeys<AD>;
  roleName: RoleNameKeys<AD>;
  principalFlag: FlagKeys<PD>;
  principalEnum: EnumValues<PD>;
  user: UserKeys<AD>;
};

/** A system being declared: its catalogue plus a tree of areas, sections, pages and actions. */
export class SystemBuilder<
  P extends string,
  R extends string,
  C extends string,
  A extends string,
  CD extends Record<C, ContextDecl> = Record<C, ContextDecl>,
  AD extends Record<A, ResourceAttrDecl> = Record<A, ResourceAttrDecl>,
  U extends string = string,
  PD extends Record<U, PrincipalAttrDecl> = Record<U, PrincipalAttrDecl>,
> {
  /** Brand checked by the loader: a spec may load its own copy of this module, so `instanceof` is not enough. */
  readonly [SYSTEM_BRAND] = true;
  readonly areas: SectionDraft<P>[] = [];
  readonly at: SourcePosition;
  /** The AuthZEN mapping, once declared. */
  authzenDraft: { decl: AuthzenDecl<string, string, string, string>; at: SourcePosition } | null = null;
  /** Requirement helpers typed by this system's names. */
  readonly req: RequirementHelpers<NamesOf<P, CD, AD, PD>>;

  constructor(readonly decl: SystemDecl<P, R, C, A, U>, at: SourcePosition) {
    this.at = at;
    this.req = requirementHelpers();
  }

  /** A top-level area of the document. */
  area(title: string, options: SectionOptions<P>, body: (section: SectionBuilder<P>) => void): this {
    const draft: SectionDraft<P> = { title, options, sections: [], actions: [], at: callerPosition() };
    this.areas.push(draft);
    body(new SectionBuilder(draft));
    return this;
  }

  /** Declare how AuthZEN 1.0 requests map onto this system (see AuthzenDecl); once per system. */
  authzen<const RT extends string>(decl: AuthzenDecl<C, A, FlagKeys<AD>, RT, U>): this {
    this.authzenDraft = { decl: decl as unknown as AuthzenDecl<string, string, string, string>, at: callerPosition() };
    return this;
  }
}

/** Declare a system. Permission, role, context and resource names become types for the rest of the spec. */
export function defineSystem<
  const P extends string,
  const R extends string = never,
  const C extends string = never,
  const A extends string = never,
  const CD extends Record<C, ContextDecl> = Record<C, ContextDecl>,
  const AD extends Record<A, ResourceAttrDecl> = Record<A, ResourceAttrDecl>,
  const U extends string = never,
  const PD extends Record<U, PrincipalAttrDecl> = Record<U, PrincipalAttrDecl>,
>(decl: SystemDecl<P, R, C, A, U> & { context?: CD; resource?: AD; principal?: PD }): SystemBuilder<P, R, C, A, CD, AD, U, PD> {
  return new SystemBuilder<P, R, C, A, CD, AD, U, PD>(decl, callerPosition());
}
