// Authorizers: one system's compiled output and one engine, asked for decisions with their reasons. The engines
// are the ones verify cross-checks (src/engines/), opened on the files `policyc compile` wrote.
import type { OpenEngine, Verdict } from "../engines/engine.ts";
import { referenceEngine } from "../engines/reference/index.ts";
import { openOpaHttp } from "../engines/opa-http/index.ts";
import type { PolicyRequest } from "../eval/request.ts";
import type { SystemIR } from "../ir/types.ts";
import type { CompiledSystem } from "./compiled.ts";
import { RuntimeError } from "./errors.ts";

export type { Verdict } from "../engines/engine.ts";

/** Which engine decides: the reference evaluator, Cedar (cedar-wasm, in process) or an OPA server at a URL. */
export type EngineChoice = "reference" | "cedar" | { opa: string; timeoutMs?: number };

/**
 * A request typed by a system's generated TS module (`generated/ts/<system>.ts`): pass its `ActionId`,
 * `PermissionName` and `RoleName` to have a misspelt id caught by the compiler.
 */
export type TypedRequest<A extends string = string, P extends string = string, R extends string = string> = PolicyRequest & {
  action: A;
  principal: PolicyRequest["principal"] & { permissions?: P[]; roles?: R[] };
};

export interface Authorizer<A extends string = string, P extends string = string, R extends string = string> {
  /** The engine's registry name: "reference", "cedar-wasm" or "opa-http". */
  readonly engine: string;
  readonly system: SystemIR;
  /** The policy revision decided with (see CompiledSystem.revision). */
  readonly revision: string;
  /** One decision and why. Never rejects: an engine failure is a deny with the failure as its reason. */
  decide(request: TypedRequest<A, P, R>): Promise<Verdict>;
  /** Many decisions, in order: an OPA server is asked them in one call. */
  decideAll(requests: Array<TypedRequest<A, P, R>>): Promise<Verdict[]>;
  close(): Promise<void>;
}

export interface AuthorizerOptions {
  system: CompiledSystem;
  engine: EngineChoice;
}

/** An engine choice as the command line spells it: `reference`, `cedar` or `opa=URL`. */
export function parseEngineChoice(text: string): EngineChoice {
  if (text === "reference" || text === "cedar") return text;
  const opa = /^opa=(https?:\/\/.+)$/.exec(text);
  if (opa) return { opa: opa[1]! };
  throw new RuntimeError("invalid-engine", `unknown engine "${text}": choose reference, cedar or opa=http://HOST:PORT`);
}

export function engineLabel(choice: EngineChoice): string {
  return typeof choice === "string" ? (choice === "cedar" ? "cedar-wasm" : choice) : "opa-http";
}

/** Open an authorizer. Cedar's files are preparsed here, once; cedar-wasm is loaded only when Cedar is chosen. */
export async function createAuthorizer<A extends string = string, P extends string = string, R extends string = string>(
  options: AuthorizerOptions,
): Promise<Authorizer<A, P, R>> {
  const { system, engine } = options;
  const ir = system.ir;
  let judge: (request: unknown) => Promise<Verdict>;
  let judgeAll: (requests: unknown[]) => Promise<Verdict[]> = (requests) => Promise.all(requests.map(judge));
  let opened: OpenEngine;
  if (engine === "reference" || engine === "cedar") {
    if (engine === "reference") opened = await referenceEngine.open(ir);
    else {
      const { openPreparsedCedar } = await import("../engines/cedar-wasm/preparsed.ts");
      try {
        opened = openPreparsedCedar(ir, system.cedar());
      } catch (error) {
        if (error instanceof RuntimeError) throw error;
        throw new RuntimeError("compiled-output-invalid", `the Cedar files do not load: ${(error as Error).message}`, system.dir);
      }
    }
    const inProcess = opened.judge!;
    judge = async (request) => inProcess(request);
  } else if (typeof engine === "object" && engine !== null && typeof engine.opa === "string") {
    const opa = openOpaHttp(ir, { url: engine.opa, ...(engine.timeoutMs ? { timeoutMs: engine.timeoutMs } : {}) });
    opened = opa;
    judge = opa.judgeAsync;
    judgeAll = opa.judgeAllAsync;
  } else {
    throw new RuntimeError("invalid-engine", `unknown engine ${JSON.stringify(engine)}: choose "reference", "cedar" or { opa: URL }`);
  }
  return {
    engine: opened.name,
    system: ir,
    revision: system.revision(),
    decide: (request) => judge(request),
    decideAll: (requests) => judgeAll(requests),
    async close() {
      await opened.close?.();
    },
  };
}
