// Where the Cedar target's time goes, step by step, for a synthetic system (in its own process).
// Usage: node --import tsx bench/cedar-stages.ts <actions>
// The steps are those of src/targets/cedar (cedarOutput: render, format, then checkRendered), timed one by one in
// this thread, in wall and CPU seconds. Prints one JSON line.

// As `policyc compile` does, before cedar-wasm loads (see that module).
import "../src/targets/cedar/liftoff-only.ts";
import { buildSystem } from "../src/compile/build-system.ts";
import { exampleEntities, staticEntities } from "../src/targets/cedar/entities.ts";
import { formatCedar } from "../src/targets/cedar/format.ts";
import { renderPolicies } from "../src/targets/cedar/policies.ts";
import { renderSchema, schemaJson } from "../src/targets/cedar/schema.ts";
import { entityProblems, soleActionOfText, strictValidation } from "../src/targets/cedar/validate.ts";
import { syntheticSystem } from "./synthetic.ts";

const actions = Number(process.argv[2] ?? 1000);
const system = buildSystem(syntheticSystem(actions));
const steps: Record<string, number> = {};
/** CPU seconds of each step too: on a shared machine they vary less than wall time. */
const cpu: Record<string, number> = {};
const time = <T>(name: string, work: () => T): T => {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(startedCpu);
  steps[name] = Number(((performance.now() - started) / 1000).toFixed(3));
  cpu[name] = Number(((used.user + used.system) / 1e6).toFixed(3));
  return result;
};

const rendered = time("render policies (handlebars)", () => renderPolicies(system));
const formatted = time("format (policy-layout.ts; Cedar formatter for the rest)", () => formatCedar(rendered.policies.map((p) => p.text)));
if (!formatted.ok) throw new Error(formatted.problem);
const schema = time("render schema", () => renderSchema(system));
const json = time("schema's JSON form (from the IR)", () => schemaJson(system));
if (!json) throw new Error("the schema's JSON form cannot be built from the IR");
const policies = time("read each policy's action from its text", () =>
  rendered.policies.map((p, i) => ({ id: p.id, text: formatted.policies[i]!, soleAction: soleActionOfText(json, formatted.policies[i]!) })),
);
const validation = time("strict validation (schema parsed in two parts; narrowed schemas: one action per declaration for the forbid, 16 policies a call)", () => strictValidation(json, policies));
if (!validation.ok) throw new Error(validation.problem);
const entities = [...staticEntities(system), ...exampleEntities(system)];
time("entities check (without the schema's actions)", () => entityProblems(json, entities));
const total = (record: Record<string, number>) => Number(Object.values(record).reduce((a, b) => a + b, 0).toFixed(3));
console.log(JSON.stringify({ actions: system.actions.length, steps, cpu, total: { wall: total(steps), cpu: total(cpu) } }));
