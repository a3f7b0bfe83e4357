import { ReferenceEvaluator } from "../eval/decide.ts";
import { requestWarnings } from "../eval/request-warnings.ts";
import { enginesFor, EXIT, loadSystem, parse, readJsonFile, specOption, UsageError, type Command } from "./common.ts";

export const decideCommand: Command = {
  name: "decide",
  usage: `Usage: policyc decide <system> --requests FILE [--engine NAME[,NAME]...] [--json] [--spec DIR]

FILE (or - for standard input) holds a JSON array of requests:
  {"action": ID, "principal": {"permissions": [NAME...], "roles": [NAME...], "staff": bool, "projectUser": bool},
   "resource": {...}, "context": {...}}
An omitted context key means the condition is off; a principal is a user of the project unless
"projectUser": false. Prints one result per request:
  {"action", "decision": "allow"|"deny", "engines": {ENGINE: decision}, "missing": [NAME...]}
--engine names engines (reference, cedar-wasm, cedar-go, opa, regorus, rego-embedded), languages (cedar,
rego: their engines installed here) or all; the default is reference.
A request that is probably a mistake (unknown role, permission, key or enum value) gets a warning on stderr with
a "did you mean"; its decision is unchanged (an unknown name grants nothing). --strict makes such a warning an
error: nothing is decided and the exit code is 2.
Exit code 0 when every request is allowed by every engine, 1 when any is denied or engines disagree.`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      ...specOption,
      requests: { type: "string" },
      engine: { type: "string", default: "reference" },
      json: { type: "boolean", default: false },
      strict: { type: "boolean", default: false },
    });
    if (!values.requests) throw new UsageError("--requests FILE is required");
    const system = await loadSystem(values.spec!, positionals[0]);
    const requests = readJsonFile(values.requests);
    if (!Array.isArray(requests)) throw new UsageError(`${values.requests} must hold a JSON array of requests`);
    const warnings = requests.map((r) => requestWarnings(system, r));
    const warningLines = warnings.flatMap((list, i) => list.map((w) => `request ${i + 1}: ${w.path}: ${w.message}`));
    if (values.strict && warningLines.length) {
      for (const line of warningLines) console.error(`policyc: error: ${line}`);
      console.error("policyc: --strict: nothing decided; correct the requests or drop --strict");
      return EXIT.usage;
    }
    for (const line of warningLines) console.error(`policyc: warning: ${line}`);
    const selected = await enginesFor(values.engine!);
    const deciders = await Promise.all(selected.map((e) => e.open(system)));
    const answers = await Promise.all(deciders.map((d) => d.decideAll(requests)));
    const reference = new ReferenceEvaluator(system);
    let allAllowed = true;
    const results = [];
    for (const [i, request] of requests.entries()) {
      const ref = reference.decide(request);
      const decisions: Record<string, string> = {};
      deciders.forEach((decider, k) => (decisions[decider.name] = answers[k]![i]!));
      const values = Object.values(decisions);
      const agreed = values.every((d) => d === values[0]);
      const decision = agreed ? values[0]! : "disagree";
      if (decision !== "allow") allAllowed = false;
      results.push({ action: ref.action, decision, engines: decisions, missing: ref.missing, reasons: ref.reasons, warnings: warnings[i]! });
    }
    if (values.json) console.log(JSON.stringify(results, null, 2));
    else {
      for (const r of results) {
        const engines = Object.entries(r.engines).map(([k, v]) => `${k}=${v}`).join(" ");
        console.log(`${r.decision.toUpperCase()} ${r.action || "(no action)"}  [${engines}]`);
        for (const reason of r.reasons) console.log(`  ${reason}`);
        if (r.missing.length) console.log(`  missing: ${r.missing.join(", ")}`);
      }
    }
    for (const decider of deciders) await decider.close?.();
    for (const decider of deciders) if (decider.note) console.error(decider.note);
    return allAllowed ? EXIT.ok : EXIT.denied;
  },
};
