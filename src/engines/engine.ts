// The one interface every engine implements: verify, decide, the runtime and serve all go through it.
import type { Decision } from "../eval/decide.ts";
import type { SystemIR } from "../ir/types.ts";

/** A decider for one system, opened once and asked many times. */
export interface OpenEngine {
  /** The engine's registry name ("opa", "cedar-go", ...). */
  name: string;
  /** Decide many requests; engines in another process answer a whole batch in one exchange. Never rejects. */
  decideAll(requests: unknown[]): Promise<Decision[]>;
  /** Decide one request synchronously: only engines that run in this process offer it. */
  decide?(request: unknown): Decision;
  /** Decide one request with the reasons for a person (what denied it, or which policy allowed it): in-process engines offer it. */
  judge?(request: unknown): Verdict;
  /** The engine's policy text for one action, shown in disagreement reports. */
  policyFor?(actionId: string): string | undefined;
  /** What ran and anything that went wrong, for a person (e.g. "opa 1.22.3 at .tools/bin/opa"). */
  readonly note?: string;
  close?(): void | Promise<void>;
}

export interface Engine {
  /** Registry name, as `--engine` spells it. */
  name: string;
  /** The language the engine runs: engines of one language share a `--engine` group name. */
  language: "ir" | "cedar" | "rego";
  /** Why the engine cannot run on this machine (its tool is not installed), or undefined when it can. */
  unavailable(): string | undefined;
  /** The engine's own version, as it reports it. */
  version(): string;
  open(system: SystemIR): Promise<OpenEngine>;
}

/** A decision and why, as the runtime and serve report it. */
export interface Verdict {
  decision: Decision;
  reasons: string[];
}

/** The decision of one `allow` value: only `true` allows. */
export const decisionOfAllow = (value: unknown): Decision => (value === true ? "allow" : "deny");

/** An engine in this process answers a batch by deciding each request in turn. */
export function batchOf(decide: (request: unknown) => Decision): (requests: unknown[]) => Promise<Decision[]> {
  return async (requests) => requests.map(decide);
}

/**
 * A request as JSON text for an engine in another process, or undefined when it has none (nested too deep for
 * JSON.stringify, say): such a request is never sent, and is denied.
 */
export function requestJson(request: unknown): string | undefined {
  try {
    return JSON.stringify(request);
  } catch {
    return undefined;
  }
}
