import { describe, expect, it } from "vitest";
import { loadSystems } from "../src/compile/load-systems.ts";
import type { Requirement, SystemIR } from "../src/ir/types.ts";
import { crossCheck, formatDisagreement } from "../src/verify/cross-check.ts";
import type { Engine } from "../src/engines/engine.ts";
import { referenceEngine } from "../src/engines/reference/index.ts";
import { loadAllEngines } from "../src/engines/registry.ts";
import { generateFixtures } from "../src/verify/fixtures.ts";

// A disagreement is made on purpose: Cedar and Rego are compiled from a copy of the shop system in which one
// action also needs "Export orders", while the fixtures carry the original system's decisions.
const [loaded] = await loadSystems("test/golden/constructs/spec");
const system = loaded!.system;
const fixtures = generateFixtures(system);
const tampered: SystemIR = structuredClone(system);
const action = tampered.actions.find((a) => a.id === "orders.edit_an_order")!;
const extra: Requirement = { kind: "permission", permission: "export_orders" };
action.effective = { kind: "allOf", items: [action.effective, extra] };

const allEngines = (await loadAllEngines()).filter((e) => !e.unavailable());
const onTampered = (engine: Engine): Engine => ({ ...engine, open: () => engine.open(tampered) });
const engines = [referenceEngine, ...allEngines.filter((e) => e.name !== "reference").map(onTampered)];

describe("the cross-check", () => {
  it("passes every fixture when the engines are compiled from the same system", async () => {
    const result = await crossCheck(system, fixtures, allEngines);
    expect(result.failed).toBe(0);
    expect(result.passed).toBe(fixtures.count);
    expect(Object.keys(result.decisions)).toEqual(allEngines.map((e) => e.name));
    expect(Object.values(result.wrong)).toEqual(allEngines.map(() => 0));
  });

  it("fails on a disagreement with a report a person can act on and reproduce", async () => {
    const result = await crossCheck(system, fixtures, engines);
    expect(result.failed).toBeGreaterThan(0);
    expect(result.disagreements.every((d) => d.fixture.action === "orders.edit_an_order")).toBe(true);
    const first = result.disagreements[0]!;
    expect(first.answers).toEqual(Object.fromEntries(engines.map((e) => [e.name, e.name === "reference" ? "allow" : "deny"])));

    const report = formatDisagreement("shop", first);
    expect(report).toContain("DISAGREEMENT");
    expect(report).toContain("action orders.edit_an_order");
    for (const engine of engines.slice(1)) expect(report).toMatch(new RegExp(`${engine.name}\\s*: deny\\s+<-- differs`));
    expect(report).toContain("policyc decide shop --requests - --engine all");
    // The engines' own policy text for the action is quoted, so the reviewer sees the lines involved.
    for (const engine of engines.slice(1)) expect(report).toMatch(new RegExp(`${engine.name} policy:\n(\\s+\\| .*\n)*\\s+\\| .*orders\\.edit_an_order`));

    // The request printed is exactly the fixture's, and deciding it again gives the same answers.
    const printed = JSON.parse(/ {2}request: (.*)/.exec(report)![1]!);
    expect(printed).toEqual(first.fixture.request);
    for (const engine of engines) {
      const open = await engine.open(system);
      expect(await open.decideAll([printed]), engine.name).toEqual([first.answers[engine.name]]);
      await open.close?.();
    }
  });
});
