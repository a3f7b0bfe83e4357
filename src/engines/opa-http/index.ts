// OPA running as a server (`opa run --server` with the system's bundle loaded), asked over its Data API.
// Not in the cross-check's registry: it decides with whatever policy the server holds, which policyc did not load.
import type { Decision } from "../../eval/decide.ts";
import type { SystemIR } from "../../ir/types.ts";
import { regoPaths } from "../../targets/rego/identifiers.ts";
import { requestJson, type OpenEngine, type Verdict } from "../engine.ts";

export interface OpaHttpOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8181`. */
  url: string;
  /** Milliseconds to wait for one answer before denying (default 5,000). */
  timeoutMs?: number;
}

/** The Data API URL of a system's `decision` document. */
export function decisionUrl(system: SystemIR, base: string): string {
  const segments = regoPaths(system.id).segments.map(encodeURIComponent).join("/");
  return `${base.replace(/\/+$/, "")}/v1/data/${segments}/decision`;
}

/** What a decision document says: allowed only on `allow: true`; `missing` names what the principal lacks. */
function verdictOf(result: unknown): Verdict {
  const document = typeof result === "object" && result !== null ? (result as { allow?: unknown; missing?: unknown }) : undefined;
  if (!document) return { decision: "deny", reasons: ["opa returned no decision (is the system's policy loaded?)"] };
  if (document.allow === true) return { decision: "allow", reasons: ["allowed by the Rego policy"] };
  const missing = Array.isArray(document.missing) ? document.missing.filter((m): m is string => typeof m === "string") : [];
  return { decision: "deny", reasons: missing.length ? [`missing: ${missing.join(", ")}`] : ["denied by the Rego policy"] };
}

/**
 * An engine over an OPA server. One request is one POST of `{"input": request}` to the Data API; a batch is one
 * POST to the Query API deciding every request with `input` replaced by it, as `opa eval` does for verify. A
 * network error, a timeout or an error status denies, with the reason.
 */
export function openOpaHttp(
  system: SystemIR,
  options: OpaHttpOptions,
): OpenEngine & { judgeAsync(request: unknown): Promise<Verdict>; judgeAllAsync(requests: unknown[]): Promise<Verdict[]> } {
  const url = decisionUrl(system, options.url);
  const queryUrl = `${options.url.replace(/\/+$/, "")}/v1/query`;
  const decisionRef = `${regoPaths(system.id).dataRef}.decision`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  let failure: string | null = null;
  const judgeAsync = async (request: unknown): Promise<Verdict> => {
    const input = requestJson(request);
    if (input === undefined) return { decision: "deny", reasons: ["the request has no JSON form"] };
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"input":${input}}`,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`opa answered HTTP ${response.status}: ${text.slice(0, 500)}`);
      return verdictOf((JSON.parse(text) as { result?: unknown }).result);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failure ??= message;
      return { decision: "deny", reasons: [`opa at ${options.url} failed: ${message}`] };
    }
  };
  const judgeAllAsync = async (requests: unknown[]): Promise<Verdict[]> => {
    if (requests.length <= 1) return Promise.all(requests.map(judgeAsync));
    // A request with no JSON form is sent as null, which the policy denies as malformed.
    const inputs = `[${requests.map((r) => requestJson(r) ?? "null").join(",")}]`;
    const query = `decisions := [d | some request in input; d := ${decisionRef} with input as request]`;
    try {
      const response = await fetch(queryUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"query":${JSON.stringify(query)},"input":${inputs}}`,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`opa answered HTTP ${response.status}: ${text.slice(0, 500)}`);
      const decisions = (JSON.parse(text) as { result?: Array<{ decisions?: unknown }> }).result?.[0]?.decisions;
      if (!Array.isArray(decisions) || decisions.length !== requests.length) throw new Error(`opa returned ${Array.isArray(decisions) ? decisions.length : "no"} decisions for ${requests.length} requests`);
      return decisions.map(verdictOf);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failure ??= message;
      return requests.map(() => ({ decision: "deny", reasons: [`opa at ${options.url} failed: ${message}`] }));
    }
  };
  return {
    name: "opa-http",
    judgeAsync,
    judgeAllAsync,
    async decideAll(requests): Promise<Decision[]> {
      return (await judgeAllAsync(requests)).map((v) => v.decision);
    },
    get note() {
      return `opa server at ${options.url}${failure ? `; a request failed and was denied: ${failure}` : ""}`;
    },
  };
}
