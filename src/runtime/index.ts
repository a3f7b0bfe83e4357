// What an application imports as "policyc/runtime": deciding requests against a compiled system's IR, with none
// of the compiler's dependencies. A first cut (the reference evaluator); the runtime proper grows here.
export { decide, ReferenceEvaluator } from "../eval/decide.ts";
export type { Decision, DecisionResult } from "../eval/decide.ts";
export type { PolicyRequest } from "../eval/request.ts";
export type { SystemIR } from "../ir/types.ts";
