import { expect, it } from "vitest";
import { ReferenceEvaluator } from "../src/eval/decide.ts";
import { roleAloneDecisions } from "../src/eval/role-decisions.ts";
import { cedarCorpus } from "./support/cedar-corpus.ts";

it("decides each role alone on each action as a request naming only that role is decided, once per system", async () => {
  for (const { name, system } of await cedarCorpus()) {
    const evaluator = new ReferenceEvaluator(system);
    for (const action of system.actions) {
      const decisions = roleAloneDecisions(evaluator, action);
      const expected = system.roles.map((role) => evaluator.decision({ action: action.id, principal: { roles: [role.name] } }));
      expect(decisions, `${name}: ${action.id}`).toEqual(expected);
      // Asked again, by another evaluator of the same system (the docs' matrix has its own): the same answers, not decided again.
      expect(roleAloneDecisions(new ReferenceEvaluator(system), action)).toBe(decisions);
    }
  }
});
