// An action's effective requirement as data the fixed evaluator in policy.rego reads: a list of clauses that must
// all hold, each a list of literals of which one must hold (conjunctive normal form). Rego has no recursion, so a
// requirement tree of any depth is flattened here, at compile time, into this one fixed shape; the policy then
// costs one lookup by `input.action` and a walk over that action's few literals, whatever the number of actions.
import type { Condition, Requirement } from "../../ir/types.ts";

/**
 * A positive condition as data: exactly one of these keys (the first), read by `condition_holds` and, where its
 * negation is read, `condition_known` in policy.rego. A user relation is `principalIs` (one user id) or
 * `principalAmong` (a list of them): the attribute's kind decides which comparison reads it.
 */
export type ConditionData =
  | { contextFlag: string }
  | { staff: true }
  | { resourceIn: string; values: string[] }
  | { resourceFlag: string; value: boolean }
  | { memberOf: string }
  | { holdsAllListedInContext: string }
  | { holdsAllListedInResource: string }
  | { principalFlag: string; value: boolean }
  | { principalIn: string; values: string[] }
  | { principalIs: string }
  | { principalAmong: string };

/**
 * One literal: the principal holds a permission; a condition holds (`condition`); it does not hold (`unless`, for
 * "only if"); it is known not to hold (`not`, a negated condition: unknown satisfies neither it nor its negation);
 * or it is not known not to hold (`unlessNot`, for "only if" a negated condition).
 */
export type Literal =
  | { permission: string }
  | { condition: ConditionData }
  | { unless: ConditionData }
  | { not: ConditionData }
  | { unlessNot: ConditionData };

/** A deny rule's condition as a literal: `{condition}`, or `{not}` for a negated one. */
export type ConditionLiteral = { condition: ConditionData } | { not: ConditionData };

/** Every clause must hold; a clause holds when one of its literals does. No clauses: always; an empty clause: never. */
export type Clauses = Literal[][];

/**
 * A requirement as policy.rego reads it: every permission of `allOf` is held, one permission of each list of `anyOf`
 * is held, and every clause of `clauses` holds. Most clauses are one permission or a choice among permissions; the
 * evaluator checks those by name, without trying every kind of literal on each (a function call per kind, which
 * regorus, indexing no rule, makes every time). Clause order is kept within each list.
 */
export interface RequirementData {
  allOf: string[];
  anyOf: string[][];
  clauses: Clauses;
}

/** A requirement's clauses sorted into `RequirementData`; an empty clause ("No one") is a choice among no permissions. */
export function requirementData(clauses: Clauses): RequirementData {
  const data: RequirementData = { allOf: [], anyOf: [], clauses: [] };
  for (const clause of clauses) {
    const names = clause.flatMap((literal) => ("permission" in literal ? [literal.permission] : []));
    if (names.length < clause.length) data.clauses.push(clause);
    else if (names.length === 1) data.allOf.push(names[0]!);
    else data.anyOf.push(names);
  }
  return data;
}

/** More clauses than this means the requirement is better written otherwise; the compile says so. */
export const MAX_CLAUSES = 4096;

export class ClauseLimitError extends Error {
  override name = "ClauseLimitError";
}

/** How a resource attribute that holds users is read: one id, or a list of them. */
export type UserAttributeKinds = ReadonlyMap<string, "user" | "users">;

/**
 * A condition as a literal: a negation becomes a `not` literal, since the data has no nesting to recurse into. The IR
 * never nests negations; were one nested, not(not c) is c (a condition that holds is known).
 */
export function conditionLiteral(c: Condition, users: UserAttributeKinds): ConditionLiteral {
  if (c.kind !== "not") return { condition: conditionData(c, users) };
  return c.condition.kind === "not" ? conditionLiteral(c.condition.condition, users) : { not: conditionData(c.condition, users) };
}

/** A positive condition as data; a negation (which the IR never nests) is written by `conditionLiteral`. */
export function conditionData(c: Exclude<Condition, { kind: "not" }>, users: UserAttributeKinds): ConditionData {
  switch (c.kind) {
    case "contextFlag":
      return { contextFlag: c.key };
    case "principalStaff":
      return { staff: true };
    case "resourceIn":
      return { resourceIn: c.attribute, values: c.values };
    case "resourceFlag":
      return { resourceFlag: c.attribute, value: c.value };
    case "memberOfRole":
      return { memberOf: c.attribute };
    case "holdsAllListed":
      return c.from === "context" ? { holdsAllListedInContext: c.key } : { holdsAllListedInResource: c.key };
    case "principalFlag":
      return { principalFlag: c.attribute, value: c.value };
    case "principalIn":
      return { principalIn: c.attribute, values: c.values };
    case "relation":
      return users.get(c.attribute) === "users" ? { principalAmong: c.attribute } : { principalIs: c.attribute };
  }
}

/** "Only if" a condition: the literal that holds when the condition does not (negated: is not known not to). */
function unlessLiteral(c: Condition, users: UserAttributeKinds): Literal {
  const literal = conditionLiteral(c, users);
  return "not" in literal ? { unlessNot: literal.not } : { unless: literal.condition };
}

/** The clauses of a requirement; `permissionName` turns a permission id into the name requests carry. */
export function requirementClauses(req: Requirement, permissionName: (id: string) => string, users: UserAttributeKinds = new Map()): Clauses {
  const clauses = toClauses(req, permissionName, users);
  if (clauses.length > MAX_CLAUSES) throw new ClauseLimitError(`the requirement expands to ${clauses.length} clauses (at most ${MAX_CLAUSES})`);
  return clauses;
}

function toClauses(req: Requirement, permissionName: (id: string) => string, users: UserAttributeKinds): Clauses {
  switch (req.kind) {
    case "permission":
      return [[{ permission: permissionName(req.permission) }]];
    case "condition":
      return [[conditionLiteral(req.condition, users)]];
    case "anyUser":
      return [];
    case "never":
      // "No one": one clause with no literal, which nothing can satisfy.
      return [[]];
    case "allOf":
      return unique(req.items.flatMap((item) => toClauses(item, permissionName, users)));
    case "anyOf":
      // any(A, B) holds when, for every clause a of A and b of B, a or b holds: the clauses' pairwise unions.
      return unique(req.items.map((item) => toClauses(item, permissionName, users)).reduce<Clauses>((acc, next) => product(acc, next), [[]]));
    case "onlyIf": {
      // onlyIf(c, then) = any(not c, then): "unless c" joins every clause of `then`.
      const unless = unlessLiteral(req.condition, users);
      return unique(toClauses(req.then, permissionName, users).map((clause) => [unless, ...clause]));
    }
  }
}

/** Every pairwise union of a clause of `a` with a clause of `b` (for `anyOf`); a side with no clauses always holds. */
function product(a: Clauses, b: Clauses): Clauses {
  if (a.length === 0 || b.length === 0) return [];
  const out: Clauses = [];
  for (const left of a) {
    for (const right of b) {
      out.push(unique([...left, ...right]));
      if (out.length > MAX_CLAUSES) throw new ClauseLimitError(`an any-of expands to more than ${MAX_CLAUSES} clauses`);
    }
  }
  return out;
}

/** The items, each written once (equal as JSON), in first-seen order; one item or none needs no key. */
function unique<T>(items: T[]): T[] {
  if (items.length < 2) return items;
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const key = JSON.stringify(item);
    if (!seen.has(key)) (seen.add(key), out.push(item));
  }
  return out;
}
