// The role × action matrix of a role-shaped system: what each role alone may do, as the document's own table would
// show it. Decided by the reference evaluator from the IR, so it cannot drift from what the engines decide.
import { ReferenceEvaluator } from "../../eval/decide.ts";
import { roleAloneDecisions } from "../../eval/role-decisions.ts";
import { checkRequest, type CheckedRequest } from "../../eval/request.ts";
import type { ActionIR, SystemIR } from "../../ir/types.ts";

/** A cell: allowed with nothing stated, allowed only for some context or resource, or never for the role alone. */
export type MatrixCell = "allow" | "conditional" | "deny";

/** Above this many combinations of an action's context and resource values, only the request stating none is tried. */
const MAX_SITUATIONS = 512;

/** For each action, for each role: what a principal holding only that role may do. */
export function roleActionMatrix(system: SystemIR, actions: ActionIR[]): Map<string, MatrixCell[]> {
  const evaluator = new ReferenceEvaluator(system);
  const roleLists = system.roles.map((role) => [role.name]);
  // The situations of an action depend only on the keys it reads: built and checked once per set of keys, then
  // given each action and each role in turn (the evaluator keeps no request). The first situation states nothing:
  // its decisions are the roles' alone, which the fixtures ask too.
  const situationsByReads = new Map<string, CheckedRequest[]>();
  const out = new Map<string, MatrixCell[]>();
  for (const action of actions) {
    const reads = JSON.stringify([action.contextKeys, action.resourceAttributes, action.principalAttributes]);
    let situations = situationsByReads.get(reads);
    if (!situations) situationsByReads.set(reads, (situations = checkedSituations(system, situationsOf(system, action).slice(1))));
    for (const situation of situations) situation.action = action.id;
    const alone = roleAloneDecisions(evaluator, action);
    out.set(action.id, roleLists.map((roles, i) => (alone[i] === "allow" ? "allow" : conditionalCell(evaluator, situations, roles))));
  }
  return out;
}

/** A role's cell when the role alone is not allowed: allowed in some situation, or in none. */
function conditionalCell(evaluator: ReferenceEvaluator, situations: CheckedRequest[], roles: string[]): MatrixCell {
  for (const situation of situations) {
    situation.roles = roles;
    if (evaluator.checkedDecision(situation) === "allow") return "conditional";
  }
  return "deny";
}

/** The situations' requests, checked as `decision` checks them, with no action or roles yet; a malformed one (denied) left out. */
function checkedSituations(system: SystemIR, situations: Situation[]): CheckedRequest[] {
  return situations.flatMap(({ principal, ...rest }) => {
    const checked = checkRequest(system, { action: "", principal: { roles: [], ...principal }, ...rest });
    return checked.ok ? [checked.request] : [];
  });
}

type Situation = { principal?: Record<string, unknown>; context?: Record<string, unknown>; resource?: Record<string, unknown> };

/** What sets one value of a situation (a module function: a named closure made per action costs a call to name it). */
function setter(where: "principal" | "context" | "resource", key: string, value: unknown): (s: Situation) => void {
  return (s) => {
    s[where] = { ...s[where], [key]: value };
  };
}

/** The user a relation names in the matrix: the principal is the resource's user, or one of its users. */
const MATRIX_USER = "the user";

/**
 * Every combination of the values the action's conditions, deny rules and non-member rule read: flags on, each enum
 * value, each resource flag, each role named, the principal's attributes, the principal being the resource's user.
 */
function situationsOf(system: SystemIR, action: ActionIR): Situation[] {
  const choices: Array<Array<(s: Situation) => void>> = [];
  for (const key of action.contextKeys) {
    const declared = system.contextKeys.find((k) => k.key === key);
    if (declared?.kind === "flag") choices.push([() => {}, setter("context", key, true)]);
  }
  for (const name of action.resourceAttributes) {
    const declared = system.resourceAttributes.find((a) => a.name === name);
    if (declared?.kind === "flag") choices.push([() => {}, setter("resource", name, true), setter("resource", name, false)]);
    if (declared?.kind === "enum") choices.push([() => {}, ...declared.values.map((v) => setter("resource", name, v))]);
    if (declared?.kind === "roleName") choices.push([() => {}, ...system.roles.map((r) => setter("resource", name, r.name))]);
    if (declared?.kind === "user" || declared?.kind === "users") {
      const related = setter("resource", name, declared.kind === "user" ? MATRIX_USER : [MATRIX_USER]);
      choices.push([() => {}, (s) => (setter("principal", "id", MATRIX_USER)(s), related(s))]);
    }
  }
  for (const name of action.principalAttributes) {
    const declared = system.principalAttributes.find((a) => a.name === name);
    if (declared?.kind === "flag") choices.push([() => {}, setter("principal", name, true), setter("principal", name, false)]);
    if (declared?.kind === "enum") choices.push([() => {}, ...declared.values.map((v) => setter("principal", name, v))]);
  }
  const count = choices.reduce((n, c) => n * c.length, 1);
  if (count > MAX_SITUATIONS) return [];
  let situations: Situation[] = [{}];
  for (const options of choices) {
    situations = situations.flatMap((s) =>
      options.map((apply) => {
        const next: Situation = { ...s };
        apply(next);
        return next;
      }),
    );
  }
  return situations;
}
