// The size of one system's generated Rego bundle (policy.rego, data.json) and of its tests (policy_test.rego).
// Usage: node --import tsx bench/rego-size.ts <spec file>
// How fast each Rego engine decides is measured beside the other engines by bench/engine-latency.ts.
// Prints one JSON line.
import { buildSystem } from "../src/compile/build-system.ts";
import { loadSpec } from "../src/compile/load-specs.ts";
import { regoBundle, regoTests, renderPolicy } from "../src/targets/rego/index.ts";
import { generateFixtures } from "../src/verify/fixtures.ts";

const specFile = process.argv[2] ?? "spec/maestra.ts";
const system = buildSystem((await loadSpec(specFile)).builder);
const files = [...regoBundle(system), ...regoTests(system, generateFixtures(system))];
const sizeOf = (name: string) => {
  const content = files.find((f) => f.path === name)!.content;
  return { bytes: Buffer.byteLength(content), lines: content.split("\n").length - 1 };
};
const rules = renderPolicy(system)
  .split("\n")
  .filter((l) => /^[a-z_][a-z0-9_]*(\([^)]*\))?( contains .*)? (if|:=)/.test(l)).length;
console.log(JSON.stringify({ system: system.id, actions: system.actions.length, size: { policy: { ...sizeOf("policy.rego"), rules }, data: sizeOf("data.json"), tests: sizeOf("policy_test.rego") } }));
