// cedar-go, the Cedar team's Go implementation (independent of the Rust core inside cedar-wasm), through our
// small program tools/cedar-go (`cedar-go-decide`, built by `make tools`). It is asked exactly what cedar-wasm
// is asked (src/runtime/cedar-request.ts), a whole batch per process, one JSON line per request.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Decision } from "../../eval/decide.ts";
import { emitCedar } from "../../targets/cedar/index.ts";
import { policiesById } from "../../targets/cedar/parsed-policies.ts";
import { builderFor } from "../../runtime/cedar-request.ts";
import { requestJson, type Engine, type OpenEngine } from "../engine.ts";
import { failureOf, runProgram, succeeded } from "../process.ts";
import { programEngine } from "../tools.ts";

const PROGRAM = "cedar-go-decide";

interface Answer {
  decision?: string;
  errors?: string[];
  error?: string;
}

export const cedarGoEngine: Engine = programEngine({
  name: "cedar-go",
  language: "cedar",
  program: PROGRAM,
  async open(binary, version, system) {
    const output = emitCedar(system);
    // Read by Cedar only for a disagreement report (policyFor): splitting the set takes half a second on maestra.
    let policies: ReturnType<typeof policiesById> | undefined;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `policyc-cedar-go-${system.id}-`));
    const policyFile = path.join(work, "policies.cedar");
    fs.writeFileSync(policyFile, output.policies);
    const builder = builderFor(system);
    const problems: string[] = [];
    let errored = 0;
    const engine: OpenEngine = {
      name: "cedar-go",
      async decideAll(requests) {
        const decisions: Decision[] = requests.map(() => "deny");
        const asked: number[] = [];
        const lines: string[] = [];
        requests.forEach((raw, i) => {
          const built = builder.build(raw);
          const line = built.ok ? requestJson(built.request) : undefined;
          if (line === undefined) return;
          asked.push(i);
          lines.push(line);
        });
        if (lines.length === 0) return decisions;
        const run = await runProgram(binary, [policyFile], { input: lines.join("\n") + "\n" });
        const answers = run.stdout.split("\n").filter(Boolean);
        if (!succeeded(run) || answers.length !== lines.length) {
          problems.push(succeeded(run) ? `${answers.length} answers for ${lines.length} requests` : failureOf(run));
          return decisions;
        }
        answers.forEach((line, k) => {
          const answer = JSON.parse(line) as Answer;
          if (answer.error || answer.errors?.length) {
            if (errored++ === 0) problems.push(`first error (denied): ${answer.error ?? answer.errors!.join("; ")}`);
            return;
          }
          // As with cedar-wasm: allow only on a clean allow, since Cedar skips a policy that errors.
          if (answer.decision === "allow") decisions[asked[k]!] = "allow";
        });
        return decisions;
      },
      policyFor: (actionId) => {
        policies ??= policiesById(output.policies);
        return policies.ok ? policies.value.get(actionId)?.text : undefined;
      },
      get note() {
        return `cedar-go ${version}: ${binary}, one process per batch${errored ? `, ${errored} requests errored` : ""}${problems.length ? `; ${problems.join("; ")}` : ""}`;
      },
      close() {
        fs.rmSync(work, { recursive: true, force: true });
      },
    };
    return engine;
  },
});
