import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compileSpecs, type CompiledSystem } from "../src/compile/compile.ts";
import { ReferenceEvaluator } from "../src/eval/decide.ts";
import type { SystemIR } from "../src/ir/types.ts";
import { compileModules, evalRef, runTests, toJson, type RegoPolicy } from "../src/rego-interpreter/index.ts";
import { regoBundle, regoTarget, regoTests, regoTestsTarget } from "../src/targets/rego/index.ts";
import { wrapComment } from "../src/targets/rego/render.ts";
import { FIXED_RULES } from "../src/targets/rego/policy.ts";
import { layoutJson } from "../src/targets/rego/json-layout.ts";
import { conditionsOf } from "../src/ir/requirement.ts";
import { refTo, regoPaths, RuleNames } from "../src/targets/rego/identifiers.ts";
import { regoCommentText, regoString } from "../src/targets/rego/strings.ts";
import { generateFixtures } from "../src/verify/fixtures.ts";
import { loadSystems } from "../src/compile/load-systems.ts";
import { opaEngine } from "../src/engines/opa/index.ts";

const SHOP = "test/golden/constructs/spec";

/** The emitted bundle of a system and its tests as one path -> content map. */
function bundleOf(system: SystemIR, fixtures = generateFixtures(system)): Record<string, string> {
  return Object.fromEntries([...regoBundle(system), ...regoTests(system, fixtures)].map((f) => [f.path, f.content]));
}

/** The data the tests read: the bundle's data.json merged with the tests' fixtures.json (different roots). */
function testData(bundle: Record<string, string>): unknown {
  return { ...JSON.parse(bundle["data.json"]!), ...JSON.parse(bundle["fixtures.json"]!) };
}

/** The policy compiled by the embedded interpreter, with its data, ready to decide. */
function compiled(system: SystemIR, bundle = bundleOf(system)) {
  const policy = compileModules([{ path: "policy.rego", text: bundle["policy.rego"]! }]);
  const data = JSON.parse(bundle["data.json"]!) as unknown;
  const ref = regoPaths(system.id).dataRef;
  return {
    policy,
    data,
    allow: (input: unknown) => evalRef(policy, `${ref}.allow`, { data, input }) === true,
    decision: (input: unknown) => toJson(evalRef(policy, `${ref}.decision`, { data, input })!) as { allow: boolean; missing: string[] },
  };
}

let shop: CompiledSystem;
beforeAll(async () => {
  shop = (await compileSpecs(SHOP)).systems[0]!;
});

describe("rego strings", () => {
  const hostile = ['a "quoted" word', "back\\slash", "new\nline", "cr\rlf", "tab\t", "brace } and {", "# not a comment", "nul\u0000", "del\u007f", "line\u2028sep", "para\u2029sep", "next\u0085line", "lone \ud800 surrogate", "émoji 🎉"];

  it("writes literals JSON can read back to the same text, on one line", () => {
    for (const text of hostile) {
      const literal = regoString(text);
      expect(literal).not.toMatch(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/);
      // A lone surrogate cannot survive UTF-8 in any engine; every other text round-trips.
      if (!/[\ud800-\udfff]/.test(text.replace("🎉", ""))) expect(JSON.parse(literal)).toBe(text);
    }
    expect(regoString('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(regoString("a\nb")).toBe('"a\\nb"');
    expect(regoString("\u0001")).toBe('"\\u0001"');
  });

  it("keeps comment text on one line without trailing spaces", () => {
    for (const text of hostile) expect(regoCommentText(text)).not.toMatch(/[\n\r\u2028\u2029\u0085]|\s$/);
    expect(regoCommentText('Row with "quotes" and \\ backslash')).toBe('Row with "quotes" and \\ backslash');
    expect(regoCommentText("first\nallow := true  ")).toBe("first\\nallow := true");
  });

});

describe("rego identifiers", () => {
  it("writes refs bare only for identifiers that are not keywords", () => {
    expect(refTo("input.context", "includesPersonalData")).toBe("input.context.includesPersonalData");
    expect(refTo("input.context", "in")).toBe('input.context["in"]');
    expect(refTo("x", "has space")).toBe('x["has space"]');
  });

  it("puts each system in its own package and bundle roots", () => {
    expect(regoPaths("shop")).toEqual({
      segments: ["policyc", "shop"],
      packageName: "policyc.shop",
      testPackageName: "policyc.shop_test",
      dataRef: "data.policyc.shop",
      modelRef: "data.policyc.shop.model",
      roots: ["policyc/shop"],
      fixturesRef: "data.policyc_fixtures.shop",
      fixturesSegments: ["policyc_fixtures", "shop"],
    });
    expect(regoPaths("not").packageName).toBe('policyc["not"]');
  });

  it("never hands out a taken name, a keyword or a reserved name; a clash is settled by what the rule checks, not a counter", () => {
    const names = new RuleNames(["allow"]);
    const first = names.claim("allow", "one meaning");
    expect(first).toMatch(/^allow_[0-9a-f]{6}$/);
    expect(names.claim("allow", "another meaning")).toMatch(/^allow_[0-9a-f]{6}$/);
    expect(names.claim("allow", "another meaning")).toMatch(/^allow_[0-9a-f]{8}$/);
    expect(new RuleNames(["allow"]).claim("allow", "one meaning")).toBe(first);
    expect(names.claim("in")).toMatch(/^in_[0-9a-f]{6}$/);
    expect(names.claim("count")).toMatch(/^count_[0-9a-f]{6}$/);
    expect(names.claim("9lives")).toBe("r_9lives");
    expect(names.claim("a.b-c")).toBe("a_b_c");
  });

  it("wraps comments to Regal's line length between words, never leaving METADATA alone on a line", () => {
    const text = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
    const lines = wrapComment(text).split("\n");
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(110);
    expect(lines.map((l) => l.replace(/^#\s*/, "")).join(" ")).toBe(text);
    const tricky = wrapComment(`${"x".repeat(104)} METADATA`);
    expect(tricky.split("\n").some((l) => /^#\s*METADATA\s*$/.test(l))).toBe(false);
  });
});

describe("rego target output", () => {
  it("emits the bundle files of each system under its id, and its tests outside the bundle", () => {
    const files = regoTarget.emit(shop.system, { fixtures: shop.fixtures }) as Array<{ path: string }>;
    expect(files.map((f) => f.path)).toEqual(["shop/.manifest", "shop/data.json", "shop/policy.rego"]);
    const tests = regoTestsTarget.emit(shop.system, { fixtures: shop.fixtures }) as Array<{ path: string }>;
    expect(tests.map((f) => f.path)).toEqual(["shop/fixtures.json", "shop/policy_test.rego"]);
  });

  it("is byte-stable", () => {
    const again = bundleOf(shop.system, generateFixtures(shop.system));
    expect(bundleOf(shop.system, shop.fixtures)).toEqual(again);
  });

  it("lays the Rego out as opa fmt does: tabs, single blank lines, no trailing spaces, final newline", () => {
    const bundle = bundleOf(shop.system, shop.fixtures);
    for (const file of ["policy.rego", "policy_test.rego"]) {
      const text = bundle[file]!;
      expect(text).toMatch(/[^\n]\n$/);
      expect(text).not.toMatch(/[ \t]+\n/);
      expect(text).not.toMatch(/\n\n\n/);
      expect(text).not.toMatch(/^ +/m);
      expect(text).not.toMatch(/\r/);
      expect(text).toMatch(/\nimport rego\.v1\n\n/);
    }
  });

  it("is one fixed evaluator: each action's page, row and requirement are data in data.json", () => {
    const bundle = bundleOf(shop.system, shop.fixtures);
    const policy = bundle["policy.rego"]!;
    for (const action of shop.system.actions) expect(policy).not.toContain(action.id);
    const actions = JSON.parse(bundle["data.json"]!).policyc.shop.model.actions;
    expect(Object.keys(actions)).toEqual(shop.system.actions.map((a) => a.id));
    expect(actions["orders.edit_an_order"]).toEqual({
      page: "Orders",
      row: "Edit an order",
      permissions: ["Edit orders", "View orders"],
      requirement: { allOf: ["View orders", "Edit orders"], anyOf: [], clauses: [] },
    });
    expect(actions["orders.copy_an_order"].requirement).toEqual({ allOf: ["View orders"], anyOf: [], clauses: [] });
    expect(bundle["data.json"]).toContain('"row": "Row with \\"quotes\\" and \\\\ backslash"');
  });

  it("writes only the rules the system uses, so its tests can cover every line", () => {
    const policy = bundleOf(shop.system, shop.fixtures)["policy.rego"]!;
    const defined = new Set(ruleHeads(policy).filter((line) => !/^(package|import) /.test(line)).map((line) => /^(?:default )?([A-Za-z_][A-Za-z0-9_]*)/.exec(line)![1]!));
    // The shop uses none of the IR 2 constructs: its policy has none of their rules. Without non-member rules, the
    // requirement is a local of action_allowed, not a rule.
    const constructs = ["deny", "deny_lifted", "condition_known", "condition_kind_known", "condition_fails", "request_principal", "principal_id", "requirement"];
    expect([...defined].sort()).toEqual(FIXED_RULES.filter((name) => name !== "model" && !constructs.includes(name)).sort());
    const plain: SystemIR = { ...structuredClone(shop.system), contextKeys: [], resourceAttributes: [], roles: [] };
    plain.actions = plain.actions.filter((a) => conditionsOf(a.effective).length === 0);
    const small = bundleOf(plain)["policy.rego"]!;
    for (const unused of ["condition_holds", "request_context", "request_resource", "member_of", "holds_all_listed"]) expect(small).not.toContain(unused);
  });

  it("writes data.json and .manifest as JSON laid out for reviewers, under the package path", () => {
    const bundle = bundleOf(shop.system, shop.fixtures);
    const data = JSON.parse(bundle["data.json"]!);
    expect(bundle["data.json"]).toBe(layoutJson(data));
    const model = data.policyc.shop.model;
    expect(model.roles.Editor).toEqual({ id: "editor", grants: { "View orders": true, "Edit orders": true }, includes: { Viewer: true } });
    expect(model.contextKeys).toEqual({ includesPersonalData: "boolean", grantedPermissions: "stringList" });
    expect(model.resourceAttributes).toEqual({ status: "string", hasUsers: "boolean", group: "string", groupPermissions: "stringList" });
    const manifest = JSON.parse(bundle[".manifest"]!);
    expect(manifest).toEqual({ revision: expect.stringMatching(/^[0-9a-f]{16}$/), roots: ["policyc/shop"], rego_version: 1 });
    // The revision is a hash of the bundle's content: any change to the policy or data gives another.
    const changed: SystemIR = structuredClone(shop.system);
    changed.permissions[0]!.name += " (renamed)";
    expect(JSON.parse(bundleOf(changed)[".manifest"]!).revision).not.toBe(manifest.revision);
  });

  it("groups the fixtures into one test per action plus the request shapes", () => {
    const tests = bundleOf(shop.system, shop.fixtures)["policy_test.rego"]!;
    expect(tests).toMatch(/^package policyc\.shop_test$/m);
    expect(tests.match(/^test_[a-z_]+ if \{$/gm)).toHaveLength(shop.system.actions.length + 1);
    const fixtures = JSON.parse(bundleOf(shop.system, shop.fixtures)["fixtures.json"]!).policyc_fixtures.shop as Record<string, unknown[]>;
    expect(Object.values(fixtures).flat()).toHaveLength(shop.fixtures.count);
    expect(Object.keys(fixtures)).toEqual([...shop.system.actions.map((a) => a.id), "request shapes"]);
  });
});

/** Lines of a generated policy that start a rule or a comment, stripped of what may legitimately vary. */
function ruleHeads(policy: string): string[] {
  return policy
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("\t") && !line.startsWith("#") && !line.startsWith("}") && !line.startsWith("]"));
}

describe("rego target against the reference evaluator (embedded interpreter)", () => {
  let shopPolicy: ReturnType<typeof compiled>;
  beforeAll(() => {
    shopPolicy = compiled(shop.system, bundleOf(shop.system, shop.fixtures));
  });

  it("decides every fixture of the shop spec as expected", () => {
    const wrong = shop.fixtures.fixtures.filter((f) => (shopPolicy.allow(f.request) ? "allow" : "deny") !== f.expected);
    expect(wrong.map((f) => f.id)).toEqual([]);
  });

  it("passes its own generated unit tests", () => {
    const bundle = bundleOf(shop.system, shop.fixtures);
    const policy: RegoPolicy = compileModules([
      { path: "policy.rego", text: bundle["policy.rego"]! },
      { path: "policy_test.rego", text: bundle["policy_test.rego"]! },
    ]);
    const results = runTests(policy, { data: testData(bundle) });
    expect(results.length).toBe(shop.system.actions.length + 1);
    expect(results.filter((r) => !r.passed)).toEqual([]);
  });

  it("denies malformed requests by itself, exactly as the reference evaluator", () => {
    const reference = new ReferenceEvaluator(shop.system);
    const action = "help.read_help";
    const requests: unknown[] = [
      "help.read_help",
      42,
      null,
      [],
      {},
      { action },
      { action, principal: "me" },
      { action, principal: [] },
      { action, principal: null },
      { action: null, principal: {} },
      { action: ["help.read_help"], principal: {} },
      { action, principal: {} },
      { action, principal: { permissions: null, roles: null, staff: null, projectUser: null }, resource: null, context: null },
      { action, principal: { permissions: "View orders" } },
      { action, principal: { permissions: [1] } },
      { action, principal: { roles: {} } },
      { action, principal: { staff: "true" } },
      { action, principal: { projectUser: 0 } },
      { action, principal: { projectUser: false } },
      { action, principal: {}, resource: [] },
      { action, principal: {}, context: "x" },
      { action, principal: {}, context: { includesPersonalData: null } },
      { action, principal: {}, context: { includesPersonalData: "yes" } },
      { action, principal: {}, context: { grantedPermissions: [true] } },
      { action, principal: {}, context: { undeclared: "anything" } },
      { action, principal: {}, resource: { status: 1 } },
      { action, principal: {}, resource: { status: null } },
      { action, principal: {}, resource: { hasUsers: "false" } },
      { action, principal: {}, resource: { group: ["Viewer"] } },
      { action, principal: {}, resource: { groupPermissions: "Edit groups" } },
      { action, principal: {}, resource: { undeclared: 1 } },
      { action: "help.read_help.not_declared", principal: {} },
      { action: "orders.archive_a_draft", principal: { roles: ["Editor"] }, resource: { status: "draft" } },
      { action: "orders.archive_a_draft", principal: { roles: ["Editor"] }, resource: { status: "live" } },
      { action: "groups.assign_a_group", principal: { roles: ["System admin", "Not declared"] }, resource: { group: "Not declared" } },
      { action: "groups.assign_a_group", principal: { roles: ["System admin"] }, resource: { group: "Viewer" } },
      { action: "groups.assign_a_group", principal: { roles: ["System admin"] }, resource: { groupPermissions: [] } },
      { action: "groups.grant_permissions", principal: { roles: ["System admin"] }, context: {} },
      { action: "groups.grant_permissions", principal: { roles: ["System admin"] }, context: { grantedPermissions: ["Edit groups", "Nope"] } },
    ];
    for (const request of requests) {
      expect({ request, allow: shopPolicy.allow(request) }).toEqual({ request, allow: reference.decide(request).decision === "allow" });
    }
  });

  it("agrees with the reference evaluator on random, often malformed, requests", () => {
    const reference = new ReferenceEvaluator(shop.system);
    const names = [...shop.system.permissions.map((p) => p.name), "Not declared"];
    const roles = [...shop.system.roles.map((r) => r.name), "Not declared"];
    const anyJson = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string(), fc.constant([]), fc.constant({}));
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.oneof(arb, anyJson), { nil: undefined, freq: 3 });
    const request = fc.record(
      {
        action: fc.oneof(fc.constantFrom(...shop.system.actions.map((a) => a.id)), anyJson),
        principal: fc.oneof(
          fc.record(
            {
              permissions: maybe(fc.subarray(names)),
              roles: maybe(fc.subarray(roles)),
              staff: maybe(fc.boolean()),
              projectUser: maybe(fc.boolean()),
            },
            { requiredKeys: [] },
          ),
          anyJson,
        ),
        resource: maybe(
          fc.record(
            {
              status: maybe(fc.constantFrom("draft", "live", "archived", "gone")),
              hasUsers: maybe(fc.boolean()),
              group: maybe(fc.constantFrom(...roles)),
              groupPermissions: maybe(fc.subarray(names)),
            },
            { requiredKeys: [] },
          ),
        ),
        context: maybe(
          fc.record({ includesPersonalData: maybe(fc.boolean()), grantedPermissions: maybe(fc.subarray(names)) }, { requiredKeys: [] }),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(request, (r) => {
        const json = JSON.parse(JSON.stringify(r)) as unknown;
        expect(shopPolicy.allow(json)).toBe(reference.decide(json).decision === "allow");
      }),
      { numRuns: 1500, seed: 20261123 },
    );
  });

  it("explains a denial with the permissions the action mentions that the principal lacks", () => {
    expect(shopPolicy.decision({ action: "orders.edit_an_order", principal: { roles: ["Viewer"] } })).toEqual({ allow: false, missing: ["Edit orders"] });
    expect(shopPolicy.decision({ action: "orders.edit_an_order", principal: { roles: ["Editor"] } })).toEqual({ allow: true, missing: [] });
    expect(shopPolicy.decision({ action: "orders.edit_an_order", principal: "nobody" })).toEqual({ allow: false, missing: [] });
    const reference = new ReferenceEvaluator(shop.system);
    // Sound with respect to the reference: every smallest missing set is within what the policy names.
    for (const fixture of shop.fixtures.fixtures) {
      const { allow, missing } = shopPolicy.decision(fixture.request);
      if (allow) continue;
      for (const option of reference.decide(fixture.request).missingOptions) expect(missing).toEqual(expect.arrayContaining(option));
    }
  });

  it("keeps hostile spec strings inside their literals and comments: the policy's rules and decisions do not change", () => {
    const hostileName = 'Evil "x" \\ }\n# allow := true\nallow := true';
    const system: SystemIR = structuredClone(shop.system);
    system.title = "METADATA";
    system.permissions[0]!.name = hostileName;
    system.permissions[1]!.name = "tab\there\u2028and } {";
    system.roles[0]!.name = 'Role "} \n allow := true';
    for (const action of system.actions) {
      action.row = `${action.row}\n}\nallow := true # "`;
      action.path = [...action.path, "METADATA\ndefault allow := true"];
      action.note = "line one\r\nallow := true";
      action.rowRequirement = "METADATA";
    }
    const bundle = bundleOf(system);
    expect(ruleHeads(bundle["policy.rego"]!)).toEqual(ruleHeads(bundleOf(shop.system, shop.fixtures)["policy.rego"]!));
    expect(bundle["policy.rego"]).not.toMatch(/^allow := true/m);
    // Only the template's own two annotation blocks (allow and decision) open with METADATA.
    expect(bundle["policy.rego"]!.match(/^#\s*METADATA\s*$/gm)).toHaveLength(2);
    const hostile = compiled(system, bundle);
    const fixtures = generateFixtures(system);
    const wrong = fixtures.fixtures.filter((f) => (hostile.allow(f.request) ? "allow" : "deny") !== f.expected);
    expect(wrong.map((f) => f.id)).toEqual([]);
    const results = runTests(compileModules([{ path: "policy.rego", text: bundle["policy.rego"]! }, { path: "policy_test.rego", text: bundle["policy_test.rego"]! }]), {
      data: testData(bundle),
    });
    expect(results.filter((r) => !r.passed)).toEqual([]);
  });
});

/** The systems that use the IR 2 constructs: the golden case and one that reads every condition every way. */
const CONSTRUCT_SPECS = ["test/golden/language/spec", "test/specs/rego-negations"];

describe("rego target: the IR 2 constructs", () => {
  const systems: Record<string, { system: SystemIR; fixtures: ReturnType<typeof generateFixtures>; bundle: Record<string, string> }> = {};
  beforeAll(async () => {
    for (const dir of CONSTRUCT_SPECS) {
      for (const { system } of await loadSystems(dir)) {
        const fixtures = generateFixtures(system);
        systems[system.id] = { system, fixtures, bundle: bundleOf(system, fixtures) };
      }
    }
  });
  const model = (id: string) => JSON.parse(systems[id]!.bundle["data.json"]!).policyc[id].model;

  it("writes them as data: no one, deny rules, non-member clauses, negations, relations, defaults, role exceptions", () => {
    const tracker = model("tracker");
    expect(tracker.actions["issues.force_push"].requirement).toEqual({ allOf: [], anyOf: [[]], clauses: [] });
    expect(tracker.actions["issues.view_an_issue"].nonMembers).toEqual({ allOf: [], anyOf: [], clauses: [[{ condition: { resourceIn: "visibility", values: ["public"] } }]] });
    expect(tracker.actions["issues.editing.close_an_issue"].denies).toEqual([
      { when: { condition: { resourceFlag: "archived", value: true } }, text: "An archived project is read-only" },
      { when: { condition: { resourceFlag: "locked", value: true } } },
      { when: { not: { resourceIn: "visibility", values: ["public", "internal"] } }, text: "Only on public or internal projects" },
    ]);
    expect(tracker.actions["issues.comment"].requirement.clauses).toContainEqual([{ not: { principalFlag: "external", value: true } }]);
    expect(tracker.actions["issues.reopen_during_an_incident"].requirement.clauses).toContainEqual([{ unlessNot: { contextFlag: "emergency" } }, { permission: "Maintainer access" }]);
    expect(tracker.actions["issues.view_a_confidential_issue"].requirement.clauses[0]).toEqual([
      { permission: "Developer access" },
      { condition: { principalIs: "author" } },
      { condition: { principalAmong: "assignees" } },
    ]);
    // An Auditor includes Maintainer but takes neither Developer nor Maintainer access from it; it still is one.
    expect(tracker.roles.Auditor).toEqual({ id: "auditor", grants: { "Guest access": true, "Read audit log": true }, includes: { Guest: true, Developer: true, Maintainer: true } });
    expect(tracker.resourceDefaults).toEqual({ tier: "free", archived: false });
    expect(tracker.principalAttributes).toEqual({ external: "boolean", plan: "string" });
    expect(tracker.principalDefaults).toEqual({ external: false, plan: "free" });
    expect(tracker.resourceAttributes).toMatchObject({ author: "string", assignees: "stringList" });
    // Declared enum values are data only where a negation or a deny rule asks whether a value is declared.
    expect(model("negations").resourceEnums).toEqual({ stage: ["draft", "live"], size: ["small", "large"] });
    expect(model("negations").principalEnums).toEqual({ region: ["eu", "us"] });
    // The tracker's one negated enum is a deny rule "when not", lifted only when the condition holds: no values needed.
    expect(tracker.resourceEnums).toBeUndefined();
    expect(tracker.principalEnums).toBeUndefined();
  });

  it("lets a deny rule win in the policy itself, and defines every rule of the template somewhere", () => {
    const policy = systems.tracker!.bundle["policy.rego"]!;
    expect(policy).toMatch(/^allow if \{\n\tnot deny\n\taction_allowed\n\tvalid_request\n\}$/m);
    expect(policy).toMatch(/^deny if \{$/m);
    const defined = new Set(
      Object.values(systems)
        .flatMap(({ bundle }) => ruleHeads(bundle["policy.rego"]!))
        .filter((line) => !/^(package|import) /.test(line))
        .map((line) => /^(?:default )?([A-Za-z_][A-Za-z0-9_]*)/.exec(line)![1]!),
    );
    expect(FIXED_RULES.filter((name) => name !== "model" && !defined.has(name))).toEqual(["member_of", "holds_all_listed"].filter((name) => !defined.has(name)));
  });

  it("decides every fixture as the reference evaluator does and passes its own generated tests (embedded interpreter)", () => {
    for (const { system, fixtures, bundle } of Object.values(systems)) {
      const policy = compiled(system, bundle);
      const wrong = fixtures.fixtures.filter((f) => (policy.allow(f.request) ? "allow" : "deny") !== f.expected);
      expect(wrong.map((f) => f.id), system.id).toEqual([]);
      const results = runTests(compileModules([{ path: "policy.rego", text: bundle["policy.rego"]! }, { path: "policy_test.rego", text: bundle["policy_test.rego"]! }]), {
        data: testData(bundle),
      });
      expect(results.filter((r) => !r.passed), system.id).toEqual([]);
    }
  });

  /** Requests around the negations system: every attribute omitted, of its kind, of an undeclared value, or of another type. */
  function negationRequests(system: SystemIR): fc.Arbitrary<unknown> {
    const names = [...system.permissions.map((p) => p.name), "Not declared"];
    const roles = [...system.roles.map((r) => r.name), "Not declared"];
    const wrong = fc.oneof(fc.constant(null), fc.integer(), fc.constant({}));
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.oneof({ weight: 6, arbitrary: arb }, { weight: 1, arbitrary: wrong }), { nil: undefined, freq: 2 });
    const ids = fc.constantFrom("user-1", "user-2");
    return fc.record(
      {
        action: fc.constantFrom(...system.actions.map((a) => a.id)),
        principal: fc.record(
          {
            id: fc.option(fc.oneof(ids, fc.integer()), { nil: undefined }),
            permissions: maybe(fc.subarray(names)),
            roles: maybe(fc.subarray(roles)),
            staff: maybe(fc.boolean()),
            projectUser: maybe(fc.boolean()),
            contractor: maybe(fc.boolean()),
            region: maybe(fc.constantFrom("eu", "us", "mars")),
            trusted: maybe(fc.boolean()),
          },
          { requiredKeys: [] },
        ),
        resource: fc.record(
          {
            stage: maybe(fc.constantFrom("draft", "live", "gone")),
            size: maybe(fc.constantFrom("small", "large", "huge")),
            frozen: maybe(fc.boolean()),
            archived: maybe(fc.boolean()),
            team: maybe(fc.constantFrom(...roles)),
            needs: maybe(fc.subarray(names)),
            owner: maybe(ids),
            editors: maybe(fc.subarray(["user-1", "user-2"])),
          },
          { requiredKeys: [] },
        ),
        context: fc.record({ urgent: maybe(fc.boolean()), granting: maybe(fc.subarray(names)) }, { requiredKeys: [] }),
      },
      { requiredKeys: ["action", "principal"] },
    ).map((r) => JSON.parse(JSON.stringify(r)) as unknown);
  }

  it("agrees with the reference evaluator on random requests that omit, mistype or misname what conditions read", () => {
    const { system, bundle } = systems.negations!;
    const policy = compiled(system, bundle);
    const reference = new ReferenceEvaluator(system);
    fc.assert(
      fc.property(negationRequests(system), (request) => {
        expect(policy.allow(request)).toBe(reference.decide(request).decision === "allow");
      }),
      { numRuns: 3000, seed: 20261130 },
    );
  });

  it("leaves `missing` empty when a deny rule denies, and lists what a project user lacks otherwise", () => {
    const { system, bundle } = systems.tracker!;
    const policy = compiled(system, bundle);
    const edit = { action: "issues.editing.edit_an_issue", principal: { roles: ["Guest"] }, resource: { locked: false } };
    expect(policy.decision(edit)).toEqual({ allow: false, missing: ["Developer access"] });
    expect(policy.decision({ ...edit, resource: {} })).toEqual({ allow: false, missing: [] });
    expect(policy.decision({ ...edit, principal: { roles: ["Developer"] } })).toEqual({ allow: true, missing: [] });
  });

  const opa = opaEngine.unavailable() ? undefined : opaEngine;
  it.skipIf(!opa)(`decides a crafted request set like the reference on OPA${opa ? "" : " (skipped: opa is not installed; run make tools)"}`, async () => {
    for (const { system } of Object.values(systems)) {
      const reference = new ReferenceEvaluator(system);
      const requests = fc.sample(system.id === "negations" ? negationRequests(system) : fc.constantFrom(...systems[system.id]!.fixtures.fixtures.map((f) => f.request)), {
        numRuns: 1500,
        seed: 7,
      });
      const engine = await opa!.open(system);
      const decisions = await engine.decideAll(requests);
      await engine.close?.();
      const wrong = requests.filter((request, i) => decisions[i] !== reference.decision(request));
      expect(wrong, system.id).toEqual([]);
    }
  });
});
