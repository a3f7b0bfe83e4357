// An action's effective requirement as data the fixed evaluator in policy.rego reads: a list of clauses that must
// all hold, each a list of literals of which one must hold (conjunctive normal form). Rego has no recursion, so a
// requirement tree of any depth is flattened here, at compile time, into this one fixed shape; the policy then
// costs one lookup by `input.action` and a walk over that action's few literals, whatever the number of actions.
import type { Condition, Requirement } from "../../ir/types.ts";

/** A condition as data: exactly one of these keys, read by `condition_holds` in policy.rego. */
export type ConditionData =
  | { contextFlag: string }
  | { staff: true }
  | { resourceIn: string; values: string[] }
  | { resourceFlag: string; value: boolean }
  | { memberOf: string }
  | { holdsAllListedInContext: string }
  | { holdsAllListedInResource: string };

/** One literal: the principal holds a permission, a condition holds, or (for "only if") a condition does not. */
export type Literal = { permission: string } | { condition: ConditionData } | { unless: ConditionData };

/** Every clause must hold; a clause holds when one of its literals does. No clauses: always; an empty clause: never. */
export type Clauses = Literal[][];

/** More clauses than this means the requirement is better written otherwise; the compile says so. */
export const MAX_CLAUSES = 4096;

export class ClauseLimitError extends Error {
  override name = "ClauseLimitError";
}

export function conditionData(c: Condition): ConditionData {
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
  }
}

/** The clauses of a requirement; `permissionName` turns a permission id into the name requests carry. */
export function requirementClauses(req: Requirement, permissionName: (id: string) => string): Clauses {
  const clauses = toClauses(req, permissionName);
  if (clauses.length > MAX_CLAUSES) throw new ClauseLimitError(`the requirement expands to ${clauses.length} clauses (at most ${MAX_CLAUSES})`);
  return clauses;
}

function toClauses(req: Requirement, permissionName: (id: string) => string): Clauses {
  switch (req.kind) {
    case "permission":
      return [[{ permission: permissionName(req.permission) }]];
    case "condition":
      return [[{ condition: conditionData(req.condition) }]];
    case "anyUser":
      return [];
    case "allOf":
      return unique(req.items.flatMap((item) => toClauses(item, permissionName)));
    case "anyOf":
      // any(A, B) holds when, for every clause a of A and b of B, a or b holds: the clauses' pairwise unions.
      return unique(req.items.map((item) => toClauses(item, permissionName)).reduce<Clauses>((acc, next) => product(acc, next), [[]]));
    case "onlyIf": {
      // onlyIf(c, then) = any(not c, then): "unless c" joins every clause of `then`.
      const unless: Literal = { unless: conditionData(req.condition) };
      return unique(toClauses(req.then, permissionName).map((clause) => [unless, ...clause]));
    }
  }
}

/** Every pairwise union of a clause of `a` with a clause of `b` (for `anyOf`); a side with no clauses always holds. */
function product(a: Clauses, b: Clauses): Clauses {
  if (a.length === 0 || b.length === 0) return [];
  const out: Clauses = [];
  for (const left of a) {
    for (const right of b) {
      out.push(uniqueLiterals([...left, ...right]));
      if (out.length > MAX_CLAUSES) throw new ClauseLimitError(`an any-of expands to more than ${MAX_CLAUSES} clauses`);
    }
  }
  return out;
}

const key = (value: unknown) => JSON.stringify(value);

function uniqueLiterals(clause: Literal[]): Literal[] {
  const seen = new Set<string>();
  return clause.filter((literal) => !seen.has(key(literal)) && seen.add(key(literal)));
}

function unique(clauses: Clauses): Clauses {
  const seen = new Set<string>();
  return clauses.filter((clause) => !seen.has(key(clause)) && seen.add(key(clause)));
}
