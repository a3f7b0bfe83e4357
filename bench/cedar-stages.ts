// Where the Cedar target's time goes, step by step, for a synthetic system (in its own process).
// Usage: node --import tsx bench/cedar-stages.ts <actions>
// The steps are those of src/targets/cedar (emitCedar: render, format, then checkRendered), timed one by one in
// this thread; the Cedar calls (format, validate) are each one pass of Cedar's parser over every policy. Prints one JSON line.
import { schemaToJson } from "@cedar-policy/cedar-wasm/nodejs";
import { buildSystem } from "../src/compile/build-system.ts";
import { exampleEntities, staticEntities } from "../src/targets/cedar/entities.ts";
import { formatCedar } from "../src/targets/cedar/format.ts";
import { renderPolicies } from "../src/targets/cedar/policies.ts";
import { renderSchema } from "../src/targets/cedar/schema.ts";
import { checkedSchema, entityProblems, soleActionOfText, strictValidation } from "../src/targets/cedar/validate.ts";
import { syntheticSystem } from "./synthetic.ts";

const actions = Number(process.argv[2] ?? 1000);
const system = buildSystem(syntheticSystem(actions));
const steps: Record<string, number> = {};
const time = <T>(name: string, work: () => T): T => {
  const started = performance.now();
  const result = work();
  steps[name] = Number(((performance.now() - started) / 1000).toFixed(3));
  return result;
};

const rendered = time("render policies (handlebars)", () => renderPolicies(system));
const formatted = time("format (Cedar formatter, chunked)", () => formatCedar(rendered.policies.map((p) => p.text)));
if (!formatted.ok) throw new Error(formatted.problem);
const schema = time("render schema", () => renderSchema(system));
const json = time("schema to JSON", () => schemaToJson(schema));
if (json.type === "failure") throw new Error("schema");
const checked = time("schema check", () => checkedSchema(json.json));
if (!checked.ok) throw new Error(checked.problem);
const policies = time("read each policy's action from its text", () =>
  rendered.policies.map((p, i) => ({ id: p.id, text: formatted.policies[i]!, soleAction: soleActionOfText(checked.value, formatted.policies[i]!) })),
);
time("strict validation (narrowed schemas, 16 policies a call)", () => strictValidation(checked.value, policies));
const entities = [...staticEntities(system), ...exampleEntities(system)];
time("entities check", () => entityProblems(checked.value, entities));
console.log(JSON.stringify({ actions: system.actions.length, steps }));
