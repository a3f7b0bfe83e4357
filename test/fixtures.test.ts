import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { loadSystems } from "../src/compile/load-systems.ts";
import { decide, ReferenceEvaluator } from "../src/eval/decide.ts";
import { checkRequest } from "../src/eval/request.ts";
import { appendFixtureLines } from "../src/verify/fixture-json.ts";
import { TextBuilder } from "../src/targets/text-builder.ts";
import { fixtureSchemaErrors } from "../src/verify/fixture-schema.ts";
import { EXHAUSTIVE_SYSTEM_LIMIT, generateFixtures, type Fixture } from "../src/verify/fixtures.ts";
import { buildSystem } from "../src/compile/build-system.ts";
import { syntheticSystem } from "../bench/synthetic.ts";

const [shop] = await loadSystems("test/golden/constructs/spec");
const system = shop!.system;
const fixtures = generateFixtures(system);

describe("decision fixtures", () => {
  it("match their JSON Schema, and the committed seed fixtures do too", () => {
    expect(fixtureSchemaErrors(fixtures)).toEqual([]);
    for (const name of ["maestra", "maestro"]) {
      const file = JSON.parse(fs.readFileSync(`generated/fixtures/${name}.json`, "utf8"));
      expect(fixtureSchemaErrors(file)).toEqual([]);
      expect(file.count).toBe(file.fixtures.length);
    }
  });

  it("rejects a file whose fixture lacks an expected decision", () => {
    const broken = { ...fixtures, fixtures: [{ ...fixtures.fixtures[0]!, expected: "maybe" }] };
    expect(fixtureSchemaErrors(broken).join("\n")).toMatch(/expected/);
  });

  it("carry the reference evaluator's decision", () => {
    for (const f of fixtures.fixtures) expect(decide(system, f.request).decision).toBe(f.expected);
  });

  it("enumerate every subset of the mentioned permissions with each condition on and off, for a small action", () => {
    // orders.export_orders mentions 5 permissions and reads includesPersonalData and principal.staff: 2^5 * 2 * 2.
    const exhaustive = fixtures.fixtures.filter((f) => f.action === "orders.export_orders" && f.kind === "exhaustive");
    expect(exhaustive).toHaveLength(2 ** 5 * 2 * 2);
    expect(new Set(exhaustive.map((f) => JSON.stringify(f.request))).size).toBe(exhaustive.length);
    expect(exhaustive.some((f) => f.expected === "allow")).toBe(true);
    expect(exhaustive.some((f) => f.expected === "deny")).toBe(true);
  });

  it("include role-granted, alias and fail-closed request cases", () => {
    expect(fixtures.fixtures.filter((f) => f.kind === "role").length).toBe(system.actions.length * system.roles.length);
    expect(fixtures.fixtures.some((f) => f.kind === "alias" && f.expected === "allow")).toBe(true);
    const shapes = fixtures.fixtures.filter((f) => f.kind === "request");
    expect(shapes.find((f) => f.id.includes("unknown action"))?.expected).toBe("deny");
    expect(shapes.find((f) => f.id.includes("not a project user"))?.expected).toBe("deny");
    expect(shapes.filter((f) => f.id.includes("wrong type")).every((f) => f.expected === "deny")).toBe(true);
  });

  it("are byte-stable across runs", () => {
    expect(JSON.stringify(generateFixtures(system))).toBe(JSON.stringify(fixtures));
  });

  it("are written as JSON.stringify writes them, from the requests encoded while generating or encoded again", () => {
    const lines = (list: Fixture[]) => {
      const out = new TextBuilder();
      appendFixtureLines(out, list, "  ");
      return out.text();
    };
    const expected = (list: Fixture[]) => list.map((f) => `  ${JSON.stringify(f)}`).join(",\n");
    expect(lines(fixtures.fixtures)).toBe(expected(fixtures.fixtures));
    // A copy of the list, and one whose first fixture was replaced by a plain one, are written alike.
    expect(lines([...fixtures.fixtures])).toBe(expected(fixtures.fixtures));
    const replaced = [{ ...(JSON.parse(JSON.stringify(fixtures.fixtures[0])) as Fixture), request: { action: "x", principal: { permissions: ['a "quoted", name'] } } }, ...fixtures.fixtures.slice(1)];
    expect(lines(replaced)).toBe(expected(replaced));
    expect(lines([])).toBe("");
  });

  it("ask the evaluator for missing permissions as decide reports them", () => {
    const evaluator = new ReferenceEvaluator(system);
    for (const f of fixtures.fixtures) {
      const checked = checkRequest(system, f.request);
      expect(checked.ok ? evaluator.checkedMissingOptions(checked.request) : []).toEqual(decide(system, f.request).missingOptions);
    }
  });
});

describe("decision fixtures of a large system", () => {
  // 1,000 actions of 64 requests each: far above the limit, so its actions get covering sets and role boundaries.
  const large = buildSystem(syntheticSystem(1000));
  const file = generateFixtures(large);

  it("are written as JSON.stringify writes them, the covering requests' permission lists encoded again", () => {
    const out = new TextBuilder();
    appendFixtureLines(out, file.fixtures, "");
    expect(out.text()).toBe(file.fixtures.map((f) => JSON.stringify(f)).join(",\n"));
  });

  it("cover each action instead of enumerating it, with the reference's decisions", () => {
    expect(file.coveredActions).toBe(large.actions.length - file.exhaustiveActions);
    expect(file.count).toBeLessThan(EXHAUSTIVE_SYSTEM_LIMIT * 2);
    for (const f of file.fixtures.filter((_, i) => i % 97 === 0)) expect(decide(large, f.request).decision).toBe(f.expected);
    for (const action of large.actions.filter((_, i) => i % 50 === 1)) {
      const own = file.fixtures.filter((f) => f.action === action.id && f.kind !== "role");
      expect(own.some((f) => f.expected === "allow") && own.some((f) => f.expected === "deny"), action.id).toBe(true);
    }
  });

  it("ask each role at least once, and every role where an action's decision changes from the role before", () => {
    const roleFixtures = file.fixtures.filter((f) => f.kind === "role");
    const asked = new Set(roleFixtures.map((f) => (f.request as { principal: { roles: string[] } }).principal.roles[0]));
    expect([...asked].sort()).toEqual(large.roles.map((r) => r.name).sort());
    for (const action of large.actions.filter((_, i) => i % 100 === 3)) {
      const decisions = large.roles.map((r) => decide(large, { action: action.id, principal: { roles: [r.name] }, resource: {}, context: {} }).decision);
      const kept = new Set(roleFixtures.filter((f) => f.action === action.id).map((f) => (f.request as { principal: { roles: string[] } }).principal.roles[0]));
      decisions.forEach((d, i) => {
        if (i === 0 || d !== decisions[i - 1]) expect(kept.has(large.roles[i]!.name), `${action.id} ${large.roles[i]!.name}`).toBe(true);
      });
    }
  });
});
