import { compileSpecs } from "../compile/compile.ts";
import { crossCheck, formatDisagreement, type CrossCheckResult } from "../verify/cross-check.ts";
import { enginesFor, EXIT, parse, specOption, type Command } from "./common.ts";
import { progressReporter } from "./progress.ts";

const MAX_REPORTED = 20;

export const verifyCommand: Command = {
  name: "verify",
  summary: "cross-check every fixture on the reference evaluator, Cedar and Rego",
  usage: `Usage: policyc verify [<system>...] [--spec DIR] [--engine all|reference|cedar|rego] [--json]

Compiles the specs in memory, generates every decision fixture and decides each one on every engine:
the reference evaluator, Cedar (cedar-wasm) and Rego (opa when on PATH, else the embedded evaluator).
Any disagreement is reported with the request, each engine's answer, the policy text involved and a
command that reproduces it. Prints "verify: N passed, M failed" and exits 1 on any failure.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { ...specOption, engine: { type: "string", default: "all" }, json: { type: "boolean", default: false } });
    const started = performance.now();
    const engines = await enginesFor(values.engine!);
    const compilation = await compileSpecs(values.spec!, positionals);
    const results: CrossCheckResult[] = [];
    const progress = progressReporter();
    for (const { system, fixtures } of compilation.systems) results.push(await crossCheck(system, fixtures, engines, progress));
    const passed = results.reduce((n, r) => n + r.passed, 0);
    const failed = results.reduce((n, r) => n + r.failed, 0);
    const seconds = (performance.now() - started) / 1000;
    if (values.json) {
      console.log(JSON.stringify({ passed, failed, seconds: Number(seconds.toFixed(2)), systems: results }, null, 2));
      return failed ? EXIT.denied : EXIT.ok;
    }
    for (const r of results) {
      for (const d of r.disagreements.slice(0, MAX_REPORTED)) console.log(formatDisagreement(r.system, d) + "\n");
      if (r.disagreements.length > MAX_REPORTED) console.log(`... and ${r.disagreements.length - MAX_REPORTED} more disagreements in ${r.system}\n`);
      const rates = Object.entries(r.milliseconds)
        .map(([engine, ms]) => `${engine} ${r.decisions[engine]} in ${(ms / 1000).toFixed(2)}s`)
        .join(", ");
      console.log(`${r.system}: ${r.passed + r.failed} fixtures, ${r.failed} failed (${rates})`);
      for (const note of r.notes) console.log(`  ${note}`);
    }
    console.log(`verify: ${passed} passed, ${failed} failed (${seconds.toFixed(2)}s)`);
    return failed ? EXIT.denied : EXIT.ok;
  },
};
