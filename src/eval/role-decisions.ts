import type { ActionIR, SystemIR } from "../ir/types.ts";
import type { Decision, ReferenceEvaluator } from "./decide.ts";
import { checkRequest } from "./request.ts";

const decided = new WeakMap<SystemIR, Map<string, Decision[]>>();

/**
 * Each role's decision on an action (in the spec's order of roles) for a principal of that role alone, nothing else
 * stated. The fixtures' role requests and the docs' role matrix both ask every one of them (200,000 at 10,000
 * actions): decided once per system, by whichever asks first. The request is checked once and given each role in
 * turn, since the evaluator keeps no request.
 */
export function roleAloneDecisions(evaluator: ReferenceEvaluator, action: ActionIR): readonly Decision[] {
  let bySystem = decided.get(evaluator.system);
  if (!bySystem) decided.set(evaluator.system, (bySystem = new Map()));
  let decisions = bySystem.get(action.id);
  if (decisions) return decisions;
  const checked = checkRequest(evaluator.system, { action: action.id, principal: { roles: [] } });
  if (!checked.ok) {
    decisions = evaluator.system.roles.map(() => "deny");
  } else {
    const request = { ...checked.request };
    decisions = evaluator.system.roles.map((role) => {
      request.roles = [role.name];
      return evaluator.checkedDecision(request);
    });
  }
  bySystem.set(action.id, decisions);
  return decisions;
}
