// The reference evaluator (src/eval) as an engine: every fixture's expected decision comes from it.
import { ReferenceEvaluator } from "../../eval/decide.ts";
import { batchOf, type Engine } from "../engine.ts";

export const referenceEngine: Engine = {
  name: "reference",
  language: "ir",
  unavailable: () => undefined,
  version: () => "policyc",
  async open(system) {
    const evaluator = new ReferenceEvaluator(system);
    const decide = (request: unknown) => evaluator.decision(request);
    const judge = (request: unknown) => {
      const result = evaluator.decide(request);
      return { decision: result.decision, reasons: result.decision === "allow" ? ["the effective requirement holds"] : result.reasons };
    };
    return { name: "reference", decide, judge, decideAll: batchOf(decide) };
  },
};
