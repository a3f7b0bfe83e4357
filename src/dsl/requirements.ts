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
  | { kind: "onlyIf"; condition: Cond; then: Req<P>; at: SourcePosition };

/** A condition as the spec writes it; the same shapes as the IR. */
export type Cond = Condition & { at?: SourcePosition };

/** A requirement or the bare name of a permission. */
export type ReqLike<P extends string> = Req<P> | P;

export function toReq<P extends string>(item: ReqLike<P>, at: SourcePosition): Req<P> {
  return typeof item === "string" ? { kind: "permission", name: item, at } : item;
}

/** The requirement helpers of one system, typed by its permission, context and resource names. */
export interface RequirementHelpers<P extends string, C extends string, F extends string, E extends string, L extends string, G extends string = string> {
  /** Every item is needed (the document's `+` and `,`). */
  all(...items: ReqLike<P>[]): Req<P>;
  /** One item is enough (the document's `or`). */
  any(...items: ReqLike<P>[]): Req<P>;
  /** "None — the page is enough": nothing beyond the pages above the action. */
  none(): Req<P>;
  /** "Any project access": any user of the project. */
  anyUser(): Req<P>;
  /** `requirement` applies only when `condition` holds ("(if changing the integration)"). */
  onlyIf(condition: Cond, requirement: ReqLike<P>): Req<P>;
  /** A condition that must hold. */
  require(condition: Cond): Req<P>;
  /** A boolean context flag of the request is true. */
  ctx(key: C): Cond;
  /** The principal is staff of the platform vendor. */
  staff(): Cond;
  /** A resource enum attribute has one of the values. */
  resourceIn(attribute: E, ...values: string[]): Cond;
  /** A resource boolean attribute equals `value`. */
  resourceIs(attribute: F, value: boolean): Cond;
  /** The role named by a resource attribute is one of the principal's roles. */
  memberOf(attribute: G): Cond;
  /** The principal holds every permission in a permission-list attribute of the context or resource. */
  holdsAll(from: "context" | "resource", key: L): Cond;
}

export function requirementHelpers<P extends string, C extends string, F extends string, E extends string, L extends string, G extends string>(): RequirementHelpers<
  P,
  C,
  F,
  E,
  L,
  G
> {
  const list = (kind: "allOf" | "anyOf", items: ReqLike<P>[]): Req<P> => {
    const at = callerPosition();
    return { kind, items: items.map((item) => toReq(item, at)), at };
  };
  return {
    all: (...items) => list("allOf", items),
    any: (...items) => list("anyOf", items),
    none: () => ({ kind: "none", at: callerPosition() }),
    anyUser: () => ({ kind: "anyUser", at: callerPosition() }),
    onlyIf: (condition, requirement) => {
      const at = callerPosition();
      return { kind: "onlyIf", condition, then: toReq(requirement, at), at };
    },
    require: (condition) => ({ kind: "condition", condition, at: callerPosition() }),
    ctx: (key) => ({ kind: "contextFlag", key, at: callerPosition() }),
    staff: () => ({ kind: "principalStaff", at: callerPosition() }),
    resourceIn: (attribute, ...values) => ({ kind: "resourceIn", attribute, values, at: callerPosition() }),
    resourceIs: (attribute, value) => ({ kind: "resourceFlag", attribute, value, at: callerPosition() }),
    memberOf: (attribute) => ({ kind: "memberOfRole", attribute, at: callerPosition() }),
    holdsAll: (from, key) => ({ kind: "holdsAllListed", from, key, at: callerPosition() }),
  };
}
