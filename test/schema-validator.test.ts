import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { FIXTURE_VALIDATOR_FILE, fixtureValidatorSource, IR_CHECK_FILE, IR_VALIDATOR_FILE, irCheckSource, irValidatorSource } from "../tools/schema-validators.ts";
import { validate as matchesIrSchema } from "../src/ir/schema-check.generated.ts";
import { irSchemaErrors } from "../src/ir/schema.ts";
import { loadSystems } from "../src/compile/load-systems.ts";

describe("the precompiled JSON Schema validators (src/ir/schema-check.generated.ts, src/ir/schema-validator.generated.ts, src/verify/fixture-schema-validator.generated.ts)", () => {
  it("are what ajv compiles from irSchema and fixtureFileSchema today (re-run `npm run generate:validators` after a schema change)", () => {
    expect(fs.readFileSync(IR_VALIDATOR_FILE, "utf8")).toBe(irValidatorSource());
    expect(fs.readFileSync(IR_CHECK_FILE, "utf8")).toBe(irCheckSource());
    expect(fs.readFileSync(FIXTURE_VALIDATOR_FILE, "utf8")).toBe(fixtureValidatorSource());
  });

  it("the check discriminating oneOf branches by kind rejects what the schema rejects", async () => {
    const system = (await loadSystems("test/golden/constructs/spec"))[0]!.system;
    expect(matchesIrSchema(system)).toBe(true);
    const requirements: unknown[] = [
      { kind: "permission" },
      { kind: "permission", permission: "p", items: [] },
      { kind: "allOf", items: [{ kind: "anyUser", extra: 1 }] },
      { kind: "sometimes" },
      { kind: 3 },
      { permission: "p" },
      { kind: "onlyIf", condition: { kind: "not", condition: { kind: "not", condition: { kind: "principalStaff" } } }, then: { kind: "anyUser" } },
      { kind: "condition", condition: { kind: "resourceIn", attribute: "a", values: [] } },
      "anyUser",
    ];
    for (const requirement of requirements) {
      const broken = structuredClone(system) as unknown as { actions: Array<Record<string, unknown>> };
      broken.actions[0]!.requires = requirement;
      expect(irSchemaErrors(broken), JSON.stringify(requirement)).not.toEqual([]);
      expect(matchesIrSchema(broken), JSON.stringify(requirement)).toBe(false);
    }
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
