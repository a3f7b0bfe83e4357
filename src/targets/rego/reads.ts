// What the data of a system asks the fixed evaluator: which literal kinds its clauses use, which conditions must be
// decided and which must also be known to be decided. policy.rego defines only those rules (so its tests can cover
// every line) and data.json carries only the declarations they read.
import type { Clauses, ConditionData, ConditionLiteral, Literal } from "./clauses.ts";

/** A condition's kind as data.json writes it: its first key. */
export type ConditionKey =
  | "contextFlag" | "staff" | "resourceIn" | "resourceFlag" | "memberOf" | "holdsAllListedInContext" | "holdsAllListedInResource"
  | "principalFlag" | "principalIn" | "principalIs" | "principalAmong";

export type LiteralKind = Literal extends infer L ? (L extends unknown ? keyof L : never) : never;

export interface ClauseReads {
  literals: Set<LiteralKind>;
  /** Conditions `condition_holds` decides (every condition read, negated or not). */
  holds: Set<ConditionKey>;
  /** Conditions `condition_known` decides: those read negated, and those of deny rules that are not. */
  known: Set<ConditionKey>;
  /** How deny rules are written: `condition` (deny when it holds or is unknown) or `not` (when it does not hold). */
  denyWhen: Set<"condition" | "not">;
  /** Some clause has no literal: a "No one". */
  never: boolean;
  /** The conditions whose known-ness is read, for the declarations that decides it from (enum values). */
  knownConditions: ConditionData[];
}

export const conditionKey = (c: ConditionData): ConditionKey => Object.keys(c)[0] as ConditionKey;

export function clauseReads(requirements: Clauses[], denies: ConditionLiteral[]): ClauseReads {
  const reads: ClauseReads = { literals: new Set(), holds: new Set(), known: new Set(), denyWhen: new Set(), never: false, knownConditions: [] };
  const decided = (c: ConditionData) => reads.holds.add(conditionKey(c));
  const known = (c: ConditionData) => {
    decided(c);
    reads.known.add(conditionKey(c));
    reads.knownConditions.push(c);
  };
  for (const clauses of requirements) {
    for (const clause of clauses) {
      if (clause.length === 0) reads.never = true;
      for (const literal of clause) {
        if ("permission" in literal) reads.literals.add("permission");
        else if ("condition" in literal) (reads.literals.add("condition"), decided(literal.condition));
        else if ("unless" in literal) (reads.literals.add("unless"), decided(literal.unless));
        else if ("not" in literal) (reads.literals.add("not"), known(literal.not));
        else (reads.literals.add("unlessNot"), known(literal.unlessNot));
      }
    }
  }
  for (const when of denies) {
    if ("not" in when) (reads.denyWhen.add("not"), decided(when.not));
    else (reads.denyWhen.add("condition"), known(when.condition));
  }
  return reads;
}
