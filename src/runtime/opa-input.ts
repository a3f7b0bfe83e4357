// A request as OPA is asked it: the body of a Data API call (`POST /v1/data/policyc/<system>/decision`).
import { requestJson } from "../engines/engine.ts";
import type { PolicyRequest } from "../eval/request.ts";
import { decisionUrl } from "../engines/opa-http/index.ts";
import type { SystemIR } from "../ir/types.ts";

export interface OpaInput {
  /** The Data API path of the system's decision document (`allow` and `missing`). */
  path: string;
  /** The request body: the request itself is OPA's `input`, exactly as `policyc verify` gives it to `opa eval`. */
  body: { input: PolicyRequest };
}

/**
 * The OPA form of a request. The emitted Rego checks the request's shape itself (docs/semantics.md), so the
 * request is passed as it is; only a value with no JSON form (a cycle, a BigInt) is refused, as OPA could not read it.
 */
export function toOpaInput(system: SystemIR, request: PolicyRequest): OpaInput {
  const json = requestJson(request);
  if (json === undefined) throw new TypeError("the request has no JSON form, so OPA cannot be asked it");
  return { path: decisionUrl(system, ""), body: { input: JSON.parse(json) as PolicyRequest } };
}
