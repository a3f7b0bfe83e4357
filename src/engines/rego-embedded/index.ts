// The embedded Rego interpreter (src/rego-interpreter) as an engine: the zero-install fallback, reading only
// the emitted policy.rego and data.json. Any failure denies; nothing here throws at a caller.
import type { Decision } from "../../eval/decide.ts";
import type { SystemIR } from "../../ir/types.ts";
import { compileModules, evalRef, RegoObject, type RegoPolicy, type RegoValue } from "../../rego-interpreter/index.ts";
import { actionPolicyText, regoSources } from "../rego-sources.ts";
import { batchOf, decisionOfAllow, type Engine, type OpenEngine } from "../engine.ts";

export const regoEmbeddedEngine: Engine = {
  name: "rego-embedded",
  language: "rego",
  unavailable: () => undefined,
  version: () => "policyc",
  open: async (system) => openEmbedded(system),
};

/** A JSON document as interpreter values, converted once here instead of on every evaluation. */
function regoDocument(json: unknown): RegoValue {
  if (Array.isArray(json)) return json.map(regoDocument);
  if (json !== null && typeof json === "object") return RegoObject.fromPairs(Object.entries(json).map(([k, v]) => [k, regoDocument(v)]));
  return json as RegoValue;
}

/** The embedded interpreter: the policy compiled once, each request one evaluation of `allow`. */
function openEmbedded(system: SystemIR): OpenEngine {
  const sources = regoSources(system);
  const policyText = sources.policy;
  const query = sources.allowRef;
  const data = regoDocument(JSON.parse(sources.data));
  let compiled: RegoPolicy | undefined;
  let failure: string | undefined;
  try {
    compiled = compileModules([{ path: "policy.rego", text: policyText }]);
  } catch (error) {
    failure = `the embedded evaluator rejected policy.rego: ${(error as Error).message}`;
  }
  let errors = 0;
  let firstError = "";
  const decide = (request: unknown): Decision => {
    if (!compiled) return "deny";
    try {
      return decisionOfAllow(evalRef(compiled, query, { data, input: request }));
    } catch (error) {
      if (errors++ === 0) firstError = (error as Error).message;
      return "deny";
    }
  };
  return {
    name: "rego-embedded",
    decide,
    decideAll: batchOf(decide),
    policyFor: (actionId) => actionPolicyText(sources, actionId),
    get note() {
      const problems = [failure, errors ? `${errors} evaluation errors (denied), first: ${firstError}` : undefined].filter(Boolean);
      return `rego-embedded: the embedded interpreter in process${problems.length ? `; ${problems.join("; ")}` : ""}`;
    },
  };
}

