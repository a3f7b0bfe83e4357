// regorus, Microsoft's Rust Rego interpreter (no rule indexing), through our small program tools/regorus
// (`regorus-decide`, built by `make tools`). It loads policy.rego and data.json exactly as shipped, with
// regorus's own limits on line length and file size, and decides a whole batch per process.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Decision } from "../../eval/decide.ts";
import { decisionOfAllow, requestJson, type Engine, type OpenEngine } from "../engine.ts";
import { failureOf, runProgram, succeeded } from "../process.ts";
import { actionPolicyText, regoSources } from "../rego-sources.ts";
import { programEngine } from "../tools.ts";

const PROGRAM = "regorus-decide";

/** One answer line of regorus-decide. */
export interface RegorusAnswer {
  value?: unknown;
  undefined?: true;
  error?: string;
}

/** Evaluate rules with regorus over the given files; one answer per query, or why the run failed. */
export async function evaluateWithRegorus(binary: string, files: { policies: string[]; data?: string }, queries: Array<{ rule: string; input?: unknown }>): Promise<{ ok: true; answers: RegorusAnswer[] } | { ok: false; problem: string }> {
  const args = [...(files.data ? ["--data", files.data] : []), ...files.policies];
  // An input with no JSON form is sent as null, which the policy denies as malformed.
  const input = queries.map((q) => `{"rule": ${JSON.stringify(q.rule)}${q.input === undefined ? "" : `, "input": ${requestJson(q.input) ?? "null"}`}}`).join("\n") + "\n";
  const run = await runProgram(binary, args, { input });
  if (!succeeded(run)) return { ok: false, problem: failureOf(run) };
  const answers = run.stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line) as RegorusAnswer);
  if (answers.length !== queries.length) return { ok: false, problem: `regorus answered ${answers.length} of ${queries.length} queries` };
  return { ok: true, answers };
}

export const regorusEngine: Engine = programEngine({
  name: "regorus",
  language: "rego",
  program: PROGRAM,
  async open(binary, version, system) {
    const sources = regoSources(system);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `policyc-regorus-${system.id}-`));
    const files = { policies: [path.join(work, "policy.rego")], data: path.join(work, "data.json") };
    fs.writeFileSync(files.policies[0]!, sources.policy);
    fs.writeFileSync(files.data, sources.data);
    const problems: string[] = [];
    let errored = 0;
    const engine: OpenEngine = {
      name: "regorus",
      async decideAll(requests) {
        const result = await evaluateWithRegorus(binary, files, requests.map((input) => ({ rule: sources.allowRef, input })));
        if (!result.ok) {
          problems.push(result.problem);
          return requests.map(() => "deny");
        }
        return result.answers.map((answer): Decision => {
          if (answer.error && errored++ === 0) problems.push(`first error (denied): ${answer.error}`);
          return decisionOfAllow(answer.value);
        });
      },
      policyFor: (actionId) => actionPolicyText(sources, actionId),
      get note() {
        return `regorus ${version}: ${binary}, one process per batch${errored ? `, ${errored} evaluations errored` : ""}${problems.length ? `; ${problems.join("; ")}` : ""}`;
      },
      close() {
        fs.rmSync(work, { recursive: true, force: true });
      },
    };
    return engine;
  },
});
