// The inputs of the engine comparison for one system, written once so that every engine's measurement (each in
// its own process, bench/engine-latency.ts) reads the same compiled output and decides the same requests.
// Usage: node --import tsx bench/engine-inputs.ts <actions | spec file> <dir>
// Writes into <dir>: ir.json, cedar/ (schema and policies, as `policyc compile` writes them), rego/ (policy.rego
// and data.json, the bundle), requests.jsonl (one `{"request", "expected"}` a line: every decision fixture, or an
// evenly spaced sample of SAMPLE of them) and about.json. Prints about.json.
import fs from "node:fs";
import path from "node:path";
import { buildSystem } from "../src/compile/build-system.ts";
import { loadSpec } from "../src/compile/load-specs.ts";
import { regoSources } from "../src/engines/rego-sources.ts";
import { emitCedar } from "../src/targets/cedar/index.ts";
import { generateFixtures } from "../src/verify/fixtures.ts";
import { syntheticSystem } from "./synthetic.ts";

/** Requests per system: every fixture of the seeds (2,373 and 238), a sample of the synthetic systems' (81,788 and more). */
const SAMPLE = 2400;

const [subject = "spec/maestra.ts", dir = "bench-inputs"] = process.argv.slice(2);
const system = buildSystem(/^\d+$/.test(subject) ? syntheticSystem(Number(subject)) : (await loadSpec(subject)).builder);
const fixtures = generateFixtures(system).fixtures;
const step = Math.max(1, fixtures.length / SAMPLE);
const sample = Array.from({ length: Math.min(SAMPLE, fixtures.length) }, (_, i) => fixtures[Math.floor(i * step)]!);

const write = (file: string, content: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), content);
};
const cedar = emitCedar(system);
const rego = regoSources(system);
write("ir.json", JSON.stringify(system));
write("cedar/schema.cedarschema", cedar.schema);
write("cedar/policies.cedar", cedar.policies);
write("rego/policy.rego", rego.policy);
write("rego/data.json", rego.data);
write("requests.jsonl", sample.map((f) => JSON.stringify({ request: f.request, expected: f.expected })).join("\n") + "\n");
const about = { system: system.id, actions: system.actions.length, fixtures: fixtures.length, requests: sample.length, allowed: sample.filter((f) => f.expected === "allow").length, allowRef: rego.allowRef };
write("about.json", JSON.stringify(about));
console.log(JSON.stringify(about));
