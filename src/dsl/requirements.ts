import type { Condition, SourcePosition } from "../ir/types.ts";
import { callerPosition } from "./source-position.ts";

/**
 * A requirement as the spec writes it: permissions by their document names.
 * `P` is the union of declared permission names, so a typo is a type error at the call site.
 */
export type Req<P extends string> =
  | { kind: "permission"; name: P; at: SourcePosition }
  | { kind: "allOf"; items: Req<P>[]; at: SourcePosition }
  | { kind: "anyOf"; items: Req<P>[]; at: SourcePosition }
  | { kind: "anyUser"; at: SourcePosition }
  /** Nothing beyond the pages above the action. */
  | { kind: "none"; at: SourcePosition }
  | { kind: "condition"; condition: Cond; at: SourcePosition }
  | { kind: "onlyIf"; condition: Cond; then: Req<P>; at: SourcePosition }
  | { kind: "never"; at: SourcePosition };

/** A condition as the spec writes it; the same shapes as the IR. */
export type Cond = Condition & { at?: SourcePosition };

/** A requirement or the bare name of a permission. */
export type ReqLike<P extends string> = Req<P> | P;

export function toReq<P extends string>(item: ReqLike<P>, at: SourcePosition): Req<P> {
  return typeof item === "string" ? { kind: "permission", name: item, at } : item;
}

/** The names of one system the helpers are typed by (each a union of string literals). */
export interface SystemNames {
  permission: string;
  contextFlag: string;
  resourceFlag: string;
  /** Resource enum attribute -> the union of its values. */
  resourceEnum: Record<string, string>;
  permissionList: string;
  roleName: string;
  principalFlag: string;
  /** Principal enum attribute -> the union of its values. */
  principalEnum: Record<string, string>;
  /** Resource attributes holding a user id or a list of them. */
  user: string;
}

/** The requirement helpers of one system, typed by its permission, context, resource and principal names. */
export interface RequirementHelpers<N extends SystemNames> {
  /** Every item is needed (the document's `+` and `,`). */
  all(...items: ReqLike<N["permission"]>[]): Req<N["permission"]>;
  /** One item is enough (the document's `or`). */
  any(...items: ReqLike<N["permission"]>[]): Req<N["permission"]>;
  /** "None — the page is enough": nothing beyond the pages above the action. */
  none(): Req<N["permission"]>;
  /** "Any project access": any user of the project. */
  anyUser(): Req<N["permission"]>;
  /** No one may: the document's "No one", or a row no column allows. */
  never(): Req<N["permission"]>;
  /** `requirement` applies only when `condition` holds ("(if changing the integration)"). */
  onlyIf(condition: Cond, requirement: ReqLike<N["permission"]>): Req<N["permission"]>;
  /** A condition that must hold. */
  require(condition: Cond): Req<N["permission"]>;
  /**
   * The condition is known not to hold. When it cannot be decided (an attribute it reads is omitted without a
   * default, or has an undeclared value), neither it nor its negation holds. A negation of a negation is an error.
   */
  not(condition: Cond): Cond;
  /** A boolean context flag of the request is true. */
  ctx(key: N["contextFlag"]): Cond;
  /** The principal is staff of the platform vendor. */
  staff(): Cond;
  /** A resource enum attribute has one of the values (each a declared value of the attribute). */
  resourceIn<K extends keyof N["resourceEnum"] & string>(attribute: K, ...values: N["resourceEnum"][K][]): Cond;
  /** A resource boolean attribute equals `value`. */
  resourceIs(attribute: N["resourceFlag"], value: boolean): Cond;
  /** The role named by a resource attribute is one of the principal's roles. */
  memberOf(attribute: N["roleName"]): Cond;
  /** The principal holds every permission in a permission-list attribute of the context or resource. */
  holdsAll(from: "context" | "resource", key: N["permissionList"]): Cond;
  /** A principal boolean attribute equals `value`. */
  principalIs(attribute: N["principalFlag"], value: boolean): Cond;
  /** A principal enum attribute has one of the values. */
  principalIn<K extends keyof N["principalEnum"] & string>(attribute: K, ...values: N["principalEnum"][K][]): Cond;
  /** The principal (`principal.id`) is the resource's user attribute, or one of its users ("the author", "an assignee"). */
  relation(attribute: N["user"]): Cond;
}

export function requirementHelpers<N extends SystemNames>(): RequirementHelpers<N> {
  type P = N["permission"];
  // Called by `all` and `any`: two frames of the DSL above the spec line.
  const list = (kind: "allOf" | "anyOf", items: ReqLike<P>[]): Req<P> => {
    const at = callerPosition(2);
    return { kind, items: items.map((item) => toReq(item, at)), at };
  };
  return {
    all: (...items) => list("allOf", items),
    any: (...items) => list("anyOf", items),
    none: () => ({ kind: "none", at: callerPosition() }),
    anyUser: () => ({ kind: "anyUser", at: callerPosition() }),
    never: () => ({ kind: "never", at: callerPosition() }),
    onlyIf: (condition, requirement) => {
      const at = callerPosition();
      return { kind: "onlyIf", condition, then: toReq(requirement, at), at };
    },
    require: (condition) => ({ kind: "condition", condition, at: callerPosition() }),
    not: (condition) => ({ kind: "not", condition, at: callerPosition() }),
    ctx: (key) => ({ kind: "contextFlag", key, at: callerPosition() }),
    staff: () => ({ kind: "principalStaff", at: callerPosition() }),
    resourceIn: (attribute, ...values) => ({ kind: "resourceIn", attribute, values, at: callerPosition() }),
    resourceIs: (attribute, value) => ({ kind: "resourceFlag", attribute, value, at: callerPosition() }),
    memberOf: (attribute) => ({ kind: "memberOfRole", attribute, at: callerPosition() }),
    holdsAll: (from, key) => ({ kind: "holdsAllListed", from, key, at: callerPosition() }),
    principalIs: (attribute, value) => ({ kind: "principalFlag", attribute, value, at: callerPosition() }),
    principalIn: (attribute, ...values) => ({ kind: "principalIn", attribute, values, at: callerPosition() }),
    relation: (attribute) => ({ kind: "relation", attribute, at: callerPosition() }),
  };
}
