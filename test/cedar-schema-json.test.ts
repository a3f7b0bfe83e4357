import { checkParseEntities, schemaToJson, type SchemaJson } from "@cedar-policy/cedar-wasm/nodejs";
import { describe, expect, it } from "vitest";
import { defineSystem } from "../src/index.ts";
import { buildSystem } from "../src/compile/build-system.ts";
import { exampleEntities, staticEntities, type CedarEntity } from "../src/targets/cedar/entities.ts";
import { explicitSchemaJson, renderSchema, schemaJson } from "../src/targets/cedar/schema.ts";
import { cedarMessages, entityProblems } from "../src/targets/cedar/validate.ts";
import { cedarCorpus } from "./support/cedar-corpus.ts";

// The compile writes schema.cedarschema.json from schemaJson, not from Cedar's conversion of schema.cedarschema:
// the two must stay one schema, whatever either template or builder says.
const corpus = await cedarCorpus();

describe("schemaJson is Cedar's own conversion of the rendered schema", () => {
  it("covers the seeds, examples, goldens and a few dozen fuzzed specs", () => {
    expect(corpus.length).toBeGreaterThan(40);
  });
  it.each(corpus)("$name", ({ system }) => {
    const converted = schemaToJson(renderSchema(system));
    if (converted.type === "failure") throw new Error(converted.errors.map((e) => e.message).join("\n"));
    expect(schemaJson(system)).toStrictEqual(explicitSchemaJson(converted.json));
  });
  it("leaves to Cedar a schema with text it cannot read back", () => {
    const spec = defineSystem({ id: "lone", title: "Lone \ud800 surrogate", document: "test", permissions: { P: {} }, roles: { R: { grants: ["P"] } } });
    spec.area("Area", {}, (area) => area.action("Do", "P"));
    expect(schemaJson(buildSystem(spec))).toBeUndefined();
  });
});

describe("the entities check leaves the schema's actions out (entityProblems)", () => {
  const full = (schema: SchemaJson<string>, entities: CedarEntity[]) => checkParseEntities({ entities, schema });
  it.each(corpus)("$name: the same verdict as against the whole schema", ({ system }) => {
    const schema = schemaJson(system)!;
    const entities = [...staticEntities(system), ...exampleEntities(system)];
    expect(full(schema, entities).type).toBe("success");
    expect(entityProblems(schema, entities)).toEqual([]);
  });
  it("names the same problem as the whole schema would", () => {
    const system = corpus[0]!.system;
    const schema = schemaJson(system)!;
    const [user, resource] = exampleEntities(system);
    const wrong = [{ ...user!, attrs: { staff: "yes" } }, resource!];
    const answer = full(schema, wrong);
    if (answer.type !== "failure") throw new Error("a user whose staff is a string conforms");
    expect(entityProblems(schema, wrong)).toEqual([`entities.json does not conform to the schema: ${cedarMessages(answer.errors)}`]);
  });
});
