import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { IR_VALIDATOR_FILE, irValidatorSource } from "../tools/ir-validator.ts";
import { irSchemaErrors } from "../src/ir/schema.ts";
import { loadSystems } from "../src/compile/load-systems.ts";

describe("the IR's precompiled JSON Schema validator (src/ir/schema-validator.generated.ts)", () => {
  it("is what ajv compiles from irSchema today (re-run `npm run generate:ir-validator` after a schema change)", () => {
    expect(fs.readFileSync(IR_VALIDATOR_FILE, "utf8")).toBe(irValidatorSource());
  });

  it("accepts a compiled system and reports what breaks the schema, with its path", async () => {
    const system = (await loadSystems("test/golden/constructs/spec"))[0]!.system;
    expect(irSchemaErrors(system)).toEqual([]);
    const broken = structuredClone(system) as unknown as { title: unknown; actions: Array<Record<string, unknown>> };
    broken.title = 7;
    broken.actions[0]!.row = "";
    delete broken.actions[1]!.effective;
    const errors = irSchemaErrors(broken);
    expect(errors).toContain("/title must be string");
    expect(errors.some((e) => e.startsWith("/actions/1 must have required property 'effective'"))).toBe(true);
  });
});
