// What the data of a system asks the fixed evaluator: which literal kinds its clauses use, which conditions must be
// decided and which must also be known to be decided. policy.rego defines only those rules (so its tests can cover
// every line) and data.json carries only the declarations they read.
import type { Clauses, ConditionData, ConditionLiteral, Literal, RequirementData } from "./clauses.ts";

/** A condition's kind as data.json writes it: its first key. */
export type ConditionKey =
  | "contextFlag" | "staff" | "resourceIn" | "resourceFlag" | "memberOf" | "holdsAllListedInContext" | "holdsAllListedInResource"
  | "principalFlag" | "principalIn" | "principalIs" | "principalAmong";

export type LiteralKind = "permission" | "condition" | "unless" | "not" | "unlessNot";

export interface ClauseReads {
  literals: Set<LiteralKind>;
  /** Conditions `condition_holds` decides (every condition read, negated or not). */
  holds: Set<ConditionKey>;
  /** Conditions `condition_known` decides: those read negated, and those of deny rules that are not. */
  known: Set<ConditionKey>;
  /** How deny rules are written: `condition` (deny when it holds or is unknown) or `not` (when it does not hold). */
  denyWhen: Set<"condition" | "not">;
  /** Some choice among permissions is empty: a "No one". */
  never: boolean;
  /** Some requirement has a choice among permissions (`anyOf`), or clauses of other literals (`clauses`). */
  anyOf: boolean;
  clauses: boolean;
  /** The enum attributes whose known-ness is read, which needs their declared values. */
  knownEnums: { resource: Set<string>; principal: Set<string> };
}

export const conditionKey = (c: ConditionData): ConditionKey => Object.keys(c)[0] as ConditionKey;

const literalKind = (literal: Literal): LiteralKind => Object.keys(literal)[0] as LiteralKind;

export function clauseReads(requirements: RequirementData[], denies: ConditionLiteral[]): ClauseReads {
  const reads: ClauseReads = {
    literals: new Set(),
    holds: new Set(),
    known: new Set(),
    denyWhen: new Set(),
    never: requirements.some((r) => r.anyOf.some((names) => names.length === 0)),
    anyOf: requirements.some((r) => r.anyOf.length > 0),
    clauses: requirements.some((r) => r.clauses.length > 0),
    knownEnums: { resource: new Set(), principal: new Set() },
  };
  const decided = (c: ConditionData) => reads.holds.add(conditionKey(c));
  const known = (c: ConditionData) => {
    decided(c);
    reads.known.add(conditionKey(c));
    if ("resourceIn" in c) reads.knownEnums.resource.add(c.resourceIn);
    if ("principalIn" in c) reads.knownEnums.principal.add(c.principalIn);
  };
  for (const clause of requirements.flatMap((r): Clauses => r.clauses)) {
    for (const literal of clause) {
      reads.literals.add(literalKind(literal));
      if ("condition" in literal) decided(literal.condition);
      if ("unless" in literal) decided(literal.unless);
      if ("not" in literal) known(literal.not);
      if ("unlessNot" in literal) known(literal.unlessNot);
    }
  }
  for (const when of denies) {
    // "when c" is lifted when c is known not to hold; "when not c" when c holds.
    if ("not" in when) decided(when.not);
    else known(when.condition);
    reads.denyWhen.add("not" in when ? "not" : "condition");
  }
  return reads;
}

/** What a system's actions read: their requirements, non-member clauses and deny rules. */
export function actionReads(actions: Array<{ requirement: RequirementData; nonMembers?: RequirementData; denies?: Array<{ when: ConditionLiteral }> }>): ClauseReads {
  return clauseReads(
    actions.flatMap((a) => [a.requirement, ...(a.nonMembers ? [a.nonMembers] : [])]),
    actions.flatMap((a) => (a.denies ?? []).map((rule) => rule.when)),
  );
}
