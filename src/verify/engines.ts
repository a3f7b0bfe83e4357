import type { SystemIR } from "../ir/types.ts";
import { ReferenceEvaluator, type Decision } from "../eval/decide.ts";
import { cedarEngine } from "./engines/cedar.ts";
import { regoEngine } from "./engines/rego.ts";

/** A decider for one system, opened once and asked many times. */
export interface OpenEngine {
  name: string;
  decide(request: unknown): Decision;
  /** Decide many requests at once, where an engine is faster that way (e.g. one `opa eval` for a batch). */
  decideAll?(requests: unknown[]): Decision[];
  /** The engine's policy text for one action, shown in disagreement reports. */
  policyFor?(actionId: string): string | undefined;
  /** What ran, for a person (e.g. "rego: embedded evaluator (opa not on PATH)"). */
  note?: string;
  close?(): void;
}

export interface Engine {
  name: string;
  open(system: SystemIR): Promise<OpenEngine>;
}

export const referenceEngine: Engine = {
  name: "reference",
  async open(system) {
    const evaluator = new ReferenceEvaluator(system);
    return { name: "reference", decide: (request) => evaluator.decision(request) };
  },
};

/** Every engine the cross-check runs, in report order. */
export const allEngines: Engine[] = [referenceEngine, cedarEngine, regoEngine];

/** The engines a `--engine` choice names ("all" or one engine's name); undefined for an unknown name. */
export function selectEngines(choice: string): Engine[] | undefined {
  if (choice === "all") return allEngines;
  const engine = allEngines.find((e) => e.name === choice);
  return engine ? [engine] : undefined;
}
