import { systemsWithFixtures } from "../compile/systems-with-fixtures.ts";
import { crossCheck, formatDisagreement, type CrossCheckResult } from "../verify/cross-check.ts";
import { enginesFor, EXIT, parse, specOption, type Command } from "./common.ts";
import { progressReporter } from "./progress.ts";

const MAX_REPORTED = 20;

export const verifyCommand: Command = {
  name: "verify",
  usage: `Usage: policyc verify [<system>...] [--spec DIR] [--engine all|cedar|rego|NAME[,NAME]...] [--json]

Builds each system from its spec, generates every decision fixture and decides each one on every engine
(each engine emits, in memory, the output it reads):
the reference evaluator, cedar-wasm (in process), cedar-go, OPA, regorus (the programs \`make tools\`
builds into .tools/bin) and the embedded Rego interpreter. An engine that is not installed is skipped with
a line saying so (an error under CI=true). Any disagreement is reported with the request, each engine's answer, the policy text involved and a
command that reproduces it. Prints "verify: N passed, M failed" and exits 1 on any failure.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { ...specOption, engine: { type: "string", default: "all" }, json: { type: "boolean", default: false } });
    const started = performance.now();
    const engines = await enginesFor(values.engine!);
    const systems = await systemsWithFixtures(values.spec!, positionals);
    const results: CrossCheckResult[] = [];
    const progress = progressReporter();
    if (!values.json) console.log(`engines: ${engines.map((e) => `${e.name} ${e.version()}`).join(", ")}`);
    for (const { system, fixtures } of systems) results.push(await crossCheck(system, fixtures, engines, progress));
    // Counted per decision: each fixture decided by each engine is one check.
    const sum = (count: (r: CrossCheckResult, engine: string) => number) => results.reduce((n, r) => n + engines.reduce((m, e) => m + count(r, e.name), 0), 0);
    const failed = sum((r, engine) => r.wrong[engine] ?? 0);
    const passed = sum((r, engine) => r.decisions[engine] ?? 0) - failed;
    const seconds = (performance.now() - started) / 1000;
    if (values.json) {
      const versions = Object.fromEntries(engines.map((e) => [e.name, e.version()]));
      console.log(JSON.stringify({ passed, failed, seconds: Number(seconds.toFixed(2)), engines: versions, systems: results }, null, 2));
      return failed ? EXIT.denied : EXIT.ok;
    }
    for (const r of results) {
      for (const d of r.disagreements.slice(0, MAX_REPORTED)) console.log(formatDisagreement(r.system, d) + "\n");
      if (r.disagreements.length > MAX_REPORTED) console.log(`... and ${r.disagreements.length - MAX_REPORTED} more disagreements in ${r.system}\n`);
      console.log(`${r.system}: ${r.passed + r.failed} fixtures, ${r.failed} with a disagreement`);
      for (const engine of engines) {
        const made = r.decisions[engine.name] ?? 0;
        const wrong = r.wrong[engine.name] ?? 0;
        console.log(`  ${engine.name.padEnd(13)} ${String(made - wrong).padStart(6)} agree, ${wrong} differ, ${(r.milliseconds[engine.name]! / 1000).toFixed(2)}s`);
      }
      for (const note of r.notes) console.log(`  ${note}`);
    }
    const fixtures = results.reduce((n, r) => n + r.passed + r.failed, 0);
    console.log(`verify: ${passed} passed, ${failed} failed (${fixtures} fixtures on ${engines.length} engines, ${seconds.toFixed(2)}s)`);
    return failed ? EXIT.denied : EXIT.ok;
  },
};
