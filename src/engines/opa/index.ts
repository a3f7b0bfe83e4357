// Real OPA (`opa`, built by `make tools`): the system's bundle written to a temporary folder, checked once with
// `opa check --strict`, then every batch of requests decided by one `opa eval` (never a process per request).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Decision } from "../../eval/decide.ts";
import type { SystemIR } from "../../ir/types.ts";
import { decisionOfAllow, requestJson, type Engine, type OpenEngine } from "../engine.ts";
import { failureOf, runProgram, succeeded } from "../process.ts";
import { actionPolicyText, regoSources } from "../rego-sources.ts";
import { programEngine } from "../tools.ts";

/** Requests per `opa eval`: large enough that process start-up is noise, small enough to keep memory modest. */
const BATCH = 20_000;

export const opaEngine: Engine = programEngine({
  name: "opa",
  language: "rego",
  program: "opa",
  parseVersion: (output) => /^Version:\s*(\S+)/m.exec(output)?.[1] ?? "unknown",
  open: openOpa,
});

/** The value of the first expression of `opa eval --format json` output; undefined when there is none. */
export function evalValue(stdout: string): unknown {
  try {
    const parsed = JSON.parse(stdout) as { result?: Array<{ expressions?: Array<{ value?: unknown }> }> };
    return parsed.result?.[0]?.expressions?.[0]?.value;
  } catch {
    return undefined;
  }
}

async function openOpa(binary: string, version: string, system: SystemIR): Promise<OpenEngine> {
  const sources = regoSources(system);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `policyc-opa-${system.id}-`));
  // Inputs live beside the bundle, not in it: everything under `-b DIR` is loaded as policy or data.
  const bundle = path.join(work, "bundle");
  fs.mkdirSync(bundle);
  fs.writeFileSync(path.join(bundle, "policy.rego"), sources.policy);
  fs.writeFileSync(path.join(bundle, "data.json"), sources.data);
  const problems: string[] = [];
  const check = await runProgram(binary, ["check", "--strict", bundle]);
  const usable = succeeded(check);
  if (!usable) problems.push(failureOf(check));
  // Each request is decided with `input` replaced by it, which is how OPA decides a request it is sent.
  const query = `[allowed | some request in input; allowed := ${sources.allowRef} with input as request]`;
  let batches = 0;
  const decideBatch = async (requests: unknown[]): Promise<Decision[]> => {
    const inputFile = path.join(work, `input-${batches++}.json`);
    // A request with no JSON form is sent as null, which the policy denies as malformed.
    fs.writeFileSync(inputFile, `[${requests.map((r) => requestJson(r) ?? "null").join(",\n")}]`);
    const run = await runProgram(binary, ["eval", "--format", "json", "-d", bundle, "-i", inputFile, query]);
    fs.rmSync(inputFile, { force: true });
    const values = succeeded(run) ? evalValue(run.stdout) : undefined;
    if (Array.isArray(values) && values.length === requests.length) return values.map(decisionOfAllow);
    problems.push(succeeded(run) ? `opa eval returned ${Array.isArray(values) ? values.length : "no"} values for ${requests.length} requests` : failureOf(run));
    return requests.map(() => "deny");
  };
  return {
    name: "opa",
    async decideAll(requests) {
      if (!usable) return requests.map(() => "deny");
      const decisions: Decision[] = [];
      for (let i = 0; i < requests.length; i += BATCH) decisions.push(...(await decideBatch(requests.slice(i, i + BATCH))));
      return decisions;
    },
    policyFor: (actionId) => actionPolicyText(sources, actionId),
    get note() {
      return `opa ${version}: ${binary}, one opa eval per batch${problems.length ? `; ${problems.join("; ")}` : ""}`;
    },
    close() {
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
