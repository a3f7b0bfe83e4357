// policyc/runtime: what an application imports to decide at runtime. It reads a system's compiled output (the
// files `policyc compile` wrote), never the spec, and loads none of the compiler's dependencies (typescript,
// ts-morph, handlebars, tsx); cedar-wasm is loaded only when the Cedar engine is chosen.
import type { PolicyRequest } from "../eval/request.ts";
import { cedarEntitiesFor, type CedarRequestResult } from "./cedar-request.ts";
import type { CompiledSystem } from "./compiled.ts";
import { toOpaInput as opaInputFor, type OpaInput } from "./opa-input.ts";

export { compiledSystemIds, loadCompiledSystem, loadCompiledSystems, type CompiledSystem } from "./compiled.ts";
export { createAuthorizer, parseEngineChoice, type Authorizer, type AuthorizerOptions, type EngineChoice, type TypedRequest, type Verdict } from "./authorizer.ts";
export { translateEvaluation, type AuthzenEvaluation, type AuthzenSubject, type AuthzenResource, type AuthzenAction, type Translation } from "./authzen.ts";
export { parseDirectory, readDirectory, type Directory, type DirectorySubject, type DirectoryResource } from "./directory.ts";
export { RuntimeError, type RuntimeErrorCode } from "./errors.ts";
export { checkRequest, type PolicyRequest, type CheckedRequest, type RequestCheck } from "../eval/request.ts";
export type { CedarRequest, CedarRequestResult } from "./cedar-request.ts";
export type { OpaInput } from "./opa-input.ts";
export type { SystemIR } from "../ir/types.ts";
export type { Decision } from "../eval/decide.ts";

/** The OPA Data API call for a request: its path and body (`{"input": request}`). */
export function toOpaInput(system: CompiledSystem, request: PolicyRequest): OpaInput {
  return opaInputFor(system.ir, request);
}

/**
 * The Cedar request and entities the Cedar engines build for a request (request checks, aliases, roles), or why
 * it has none: a malformed request or an unknown action is denied without asking Cedar.
 */
export function toCedarRequest(system: CompiledSystem, request: unknown): CedarRequestResult {
  return cedarEntitiesFor(system.ir, request);
}
