// The Rego engine: decides with the emitted bundle. Real OPA when an `opa` binary is on PATH, otherwise the
// embedded interpreter (src/rego-interpreter). Any failure denies; nothing here throws at a caller.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Decision } from "../../eval/decide.ts";
import type { SystemIR } from "../../ir/types.ts";
import { compileModules, evalRef, RegoObject, type RegoPolicy, type RegoValue } from "../../rego-interpreter/index.ts";
import { regoBundle, regoPaths, renderPolicy } from "../../targets/rego/index.ts";
import { renderData } from "../../targets/rego/data.ts";
import type { Engine, OpenEngine } from "../engines.ts";
import { generateFixtures } from "../fixtures.ts";
import { evalValue, failureOf, findOpa, runOpa, succeeded, type OpaBinary } from "../opa.ts";

export const regoEngine: Engine = {
  name: "rego",
  async open(system) {
    const opa = findOpa();
    return opa ? openWithOpa(system, opa) : openEmbedded(system);
  },
};

/** The decision of one `allow` value: only `true` allows. */
const decisionOf = (value: unknown): Decision => (value === true ? "allow" : "deny");

/** The policy text of one action (its comment, rule and helper rules), for disagreement reports. */
export function actionPolicyText(policy: string, actionId: string): string | undefined {
  const blocks = policy.split("\n\n");
  const start = blocks.findIndex((b) => b.startsWith(`# Action ${actionId} (`));
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < blocks.length && !blocks[end]!.startsWith("# Action ")) end++;
  return blocks.slice(start, end).join("\n\n").trimEnd();
}

/** A JSON document as interpreter values, converted once here instead of on every evaluation. */
function regoDocument(json: unknown): RegoValue {
  if (Array.isArray(json)) return json.map(regoDocument);
  if (json !== null && typeof json === "object") return RegoObject.fromPairs(Object.entries(json).map(([k, v]) => [k, regoDocument(v)]));
  return json as RegoValue;
}

/** The embedded interpreter: the policy compiled once, each request one evaluation of `allow`. */
function openEmbedded(system: SystemIR): OpenEngine {
  const policyText = renderPolicy(system);
  const query = `${regoPaths(system.id).dataRef}.allow`;
  const data = regoDocument(JSON.parse(renderData(system)));
  let compiled: RegoPolicy | undefined;
  let failure: string | undefined;
  try {
    compiled = compileModules([{ path: "policy.rego", text: policyText }]);
  } catch (error) {
    failure = `the embedded evaluator rejected policy.rego: ${(error as Error).message}`;
  }
  let errors = 0;
  let firstError = "";
  return {
    name: "rego",
    decide(request) {
      if (!compiled) return "deny";
      try {
        return decisionOf(evalRef(compiled, query, { data, input: request }));
      } catch (error) {
        if (errors++ === 0) firstError = (error as Error).message;
        return "deny";
      }
    },
    policyFor: (actionId) => actionPolicyText(policyText, actionId),
    get note() {
      const problems = [failure, errors ? `${errors} evaluation errors (denied), first: ${firstError}` : undefined].filter(Boolean);
      return `rego: embedded evaluator (opa not on PATH)${problems.length ? `; ${problems.join("; ")}` : ""}`;
    },
  };
}

/**
 * Real OPA: the bundle (with policy_test.rego from fresh fixtures) written to a temporary directory, checked
 * once with `opa check --strict`, its unit tests run once with `opa test`, then `opa eval` per request, or one
 * `opa eval` for a whole batch through `decideAll`.
 */
function openWithOpa(system: SystemIR, opa: OpaBinary): OpenEngine {
  const policyText = renderPolicy(system);
  const query = `${regoPaths(system.id).dataRef}.allow`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `policyc-rego-${system.id}-`));
  // The input files live beside the bundle, not in it: everything under `-d DIR` is loaded as policy or data.
  const bundle = path.join(work, "bundle");
  const inputFile = path.join(work, "input.json");
  const problems: string[] = [];
  let usable = false;
  try {
    for (const file of regoBundle(system, generateFixtures(system))) {
      fs.mkdirSync(path.dirname(path.join(bundle, file.path)), { recursive: true });
      fs.writeFileSync(path.join(bundle, file.path), file.content);
    }
    const check = runOpa(opa.path, ["check", "--strict", bundle]);
    usable = succeeded(check);
    if (!usable) problems.push(failureOf(check));
    const tests = runOpa(opa.path, ["test", bundle]);
    if (!succeeded(tests)) problems.push(failureOf(tests));
  } catch (error) {
    problems.push(`could not write the bundle: ${(error as Error).message}`);
  }
  let evalFailures = 0;
  const evaluate = (input: unknown, evalQuery: string): unknown => {
    const text = JSON.stringify(input);
    if (text === undefined) return undefined;
    fs.writeFileSync(inputFile, text);
    const run = runOpa(opa.path, ["eval", "--format", "json", "-d", bundle, "-i", inputFile, evalQuery], 600_000);
    if (!succeeded(run)) {
      if (evalFailures++ === 0) problems.push(failureOf(run));
      return undefined;
    }
    return evalValue(run.stdout);
  };
  return {
    name: "rego",
    decide(request) {
      if (!usable) return "deny";
      try {
        return decisionOf(evaluate(request, query));
      } catch {
        return "deny";
      }
    },
    decideAll(requests) {
      if (!usable) return requests.map(() => "deny");
      try {
        // One process for the batch: the input is the list of requests, each decided with `input` replaced by it.
        // Written without `some ... in` so that OPA 0.x parses the query too.
        const values = evaluate(requests, `[allowed | request := input[_]; allowed := ${query} with input as request]`);
        if (Array.isArray(values) && values.length === requests.length) return values.map(decisionOf);
        problems.push(`opa eval of the batch returned ${Array.isArray(values) ? `${values.length} values for ${requests.length} requests` : "no array"}`);
      } catch (error) {
        problems.push(`opa eval of the batch failed: ${(error as Error).message}`);
      }
      return requests.map(() => "deny");
    },
    policyFor: (actionId) => actionPolicyText(policyText, actionId),
    get note() {
      return `rego: opa ${opa.version} at ${opa.path}${problems.length ? `; ${problems.join("; ")}` : ""}`;
    },
    close() {
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
