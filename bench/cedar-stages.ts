// Where the Cedar target's time goes, step by step, for a synthetic system (in its own process).
// Usage: node --import tsx bench/cedar-stages.ts <actions>
// The steps are those of src/targets/cedar (emitCedar, then checkOutput), timed one by one; the Cedar calls
// (format, parse, validate) are each one pass of Cedar's parser over every policy. Prints one JSON line.
import { checkParseEntities, checkParseSchema, policySetTextToParts, schemaToJson } from "@cedar-policy/cedar-wasm/nodejs";
import { buildSystem } from "../src/compile/build-system.ts";
import { exampleEntities, staticEntities } from "../src/targets/cedar/entities.ts";
import { formatCedar } from "../src/targets/cedar/format.ts";
import { renderPolicies } from "../src/targets/cedar/policies.ts";
import { renderSchema } from "../src/targets/cedar/schema.ts";
import { checkOutput, policiesById, strictValidation } from "../src/targets/cedar/validate.ts";
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
const formattedPolicies = time("format (Cedar formatter, chunked)", () => formatCedar(rendered.policies.map((p) => p.text)));
if (!formattedPolicies.ok) throw new Error(formattedPolicies.problem);
const formatted = { text: `${rendered.header}\n${formattedPolicies.policies.join("\n\n")}\n` };
const schema = time("render schema", () => renderSchema(system));
const entities = [...staticEntities(system), ...exampleEntities(system)];
// checkOutput is timed whole, then its parts one by one (each repeats its Cedar calls, warm by then).
time("checkOutput (all of the below)", () => checkOutput({ schema, policies: formatted.text, entities }));
const json = time("  schema to JSON", () => schemaToJson(schema));
if (json.type === "failure") throw new Error("schema");
time("  schema check", () => checkParseSchema(json.json));
time("  split the policy set (policySetTextToParts)", () => policySetTextToParts(formatted.text));
const parsed = time("  read every policy's @id and scope (split + policyToJson each)", () => policiesById(formatted.text));
if (!parsed.ok) throw new Error(parsed.problem);
time("  strict validation (narrowed schemas, 16 policies a call)", () => strictValidation(json.json, parsed.value));
time("  entities check", () => checkParseEntities({ entities, schema: json.json }));
console.log(JSON.stringify({ actions: system.actions.length, policyBytes: formatted.text.length, steps }));
