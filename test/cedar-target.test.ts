import { checkParsePolicySet, isAuthorized, policySetTextToParts, policyToJson, type AuthorizationAnswer } from "@cedar-policy/cedar-wasm/nodejs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSystem } from "../src/compile/build-system.ts";
import { loadSystems } from "../src/compile/load-systems.ts";
import { defineSystem } from "../src/index.ts";
import type { SystemIR } from "../src/ir/types.ts";
import type { CedarEntity } from "../src/targets/cedar/entities.ts";
import { cedarTarget, emitCedar } from "../src/targets/cedar/index.ts";
import { formatCedar } from "../src/targets/cedar/format.ts";
import { attributeAccess, attributeTest, cedarComment, cedarString, namespaceFor } from "../src/targets/cedar/identifiers.ts";
import { checkOutput } from "../src/targets/cedar/validate.ts";
import { TargetError } from "../src/targets/target.ts";
import { cedarWasmEngine as cedarEngine, decisionOf } from "../src/engines/cedar-wasm/index.ts";
import { cedarEntitiesFor, requestEntities } from "../src/runtime/cedar-request.ts";
import type { OpenEngine } from "../src/engines/engine.ts";
import { generateFixtures } from "../src/verify/fixtures.ts";
import { checkRequest } from "../src/eval/request.ts";

const SHOP = "test/golden/constructs/spec";
const INJECTED = 'a" || true || "b';
const MULTILINE = "line one\nline two \\ } brace";

/** The annotation `@id` of a one-policy text, as Cedar parses it. */
function parsedId(text: string): string | undefined {
  const json = policyToJson(text);
  if (json.type === "failure") throw new Error(json.errors.map((e) => e.message).join("\n"));
  return json.json.annotations?.id;
}

function files(system: SystemIR): Record<string, string> {
  return Object.fromEntries((cedarTarget.emit(system, { fixtures: generateFixtures(system) }) as Array<{ path: string; content: string }>).map((f) => [f.path, f.content]));
}

/** A system whose names and row text try to break out of Cedar string literals and comments. */
function injectionSystem(): SystemIR {
  const spec = defineSystem({
    id: "inject",
    title: `Injection ${INJECTED}\n}`,
    document: "test/cedar-target.test.ts",
    permissions: {
      [INJECTED]: { description: "Breaks out of a naive string literal." },
      [MULTILINE]: {},
      Plain: {},
    },
    roles: {
      [`Role ${INJECTED}`]: { grants: [INJECTED] },
      [`Outer\n${INJECTED}`]: { grants: ["Plain"], includes: [`Role ${INJECTED}`] },
    },
    context: { granted: { kind: "permissionList", description: `List ${INJECTED}` } },
    resource: {
      status: { kind: "enum", values: [`x" || true || "`, "ok\\"], description: "Status\nwith a line break." },
      group: { kind: "roleName", description: "A group." },
    },
  });
  const { all, require, resourceIn, memberOf, holdsAll } = spec.req;
  spec.area(`Area ${INJECTED}`, {}, (area) => {
    area.action(`Do ${INJECTED}\n// permit (principal, action, resource);`, INJECTED, { note: `Note ${INJECTED}\r\n}` });
    area.action("Needs the multi-line permission", all(MULTILINE, require(resourceIn("status", `x" || true || "`))));
    area.action("Member of the group", require(memberOf("group")));
    area.action("Grant listed permissions", all("Plain", require(holdsAll("context", "granted"))));
  });
  return buildSystem(spec);
}

describe("Cedar identifiers", () => {
  it("escapes string literals with Cedar's escapes", () => {
    expect(cedarString('say "hi" \\ now')).toBe('"say \\"hi\\" \\\\ now"');
    expect(cedarString("a\nb\rc\td\0e")).toBe('"a\\nb\\rc\\td\\0e"');
    expect(cedarString("bell\u0007 sep\u2028 é ✓")).toBe('"bell\\u{7} sep\\u{2028} é ✓"');
    expect(cedarString(INJECTED)).toBe('"a\\" || true || \\"b"');
  });

  it("round-trips every string through Cedar's parser", () => {
    const text = fc.oneof(fc.string({ unit: "binary" }), fc.array(fc.constantFrom('"', "\\", "\n", "\r", "\t", "\0", "0", "'", "}", "u{41}", "\u2028", "é")).map((a) => a.join("")));
    fc.assert(
      fc.property(text, (value) => {
        expect(parsedId(`@id(${cedarString(value)})\npermit (principal, action, resource);`)).toBe(value);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a comment on one line whatever the text holds", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        const text = `// ${cedarComment(value)}\n@id("x")\npermit (principal, action, resource);`;
        const parts = policySetTextToParts(text);
        expect(parts.type === "success" && parts.policies.length).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it("quotes attribute names that are not plain identifiers", () => {
    expect(attributeAccess("resource", "status")).toBe("resource.status");
    expect(attributeAccess("resource", "in")).toBe('resource["in"]');
    expect(attributeTest("context", "has")).toBe('context has "has"');
  });

  it("derives a PascalCase namespace that shadows no built-in type", () => {
    expect(namespaceFor("maestra")).toBe("Maestra");
    expect(namespaceFor("my_shop")).toBe("MyShop");
    expect(namespaceFor("string")).toBe("StringSystem");
  });
});

describe("Cedar target on the shop spec", () => {
  let shop: SystemIR;
  let output: Record<string, string>;
  beforeAll(async () => {
    shop = (await loadSystems(SHOP))[0]!.system;
    output = files(shop);
  });

  it("writes the schema, policies, entities and a README per system", () => {
    const policyFiles = [`not-a-project-user`, ...shop.actions.map((a) => a.id)].map((id) => `shop/policies/${id}.cedar`);
    expect(Object.keys(output).sort()).toEqual(
      ["shop/README.md", "shop/entities.json", "shop/examples.json", "shop/policies.cedar", "shop/policies/manifest.json", ...policyFiles, "shop/schema.cedarschema", "shop/schema.cedarschema.json"].sort(),
    );
    for (const content of Object.values(output)) expect(content.endsWith("\n")).toBe(true);
    expect(output["shop/schema.cedarschema"]).toContain("namespace Shop {");
  });

  it("passes Cedar's strict validation, and the entities conform to the schema", () => {
    const entities = JSON.parse(output["shop/entities.json"]!);
    expect(checkOutput({ schema: output["shop/schema.cedarschema"]!, policies: output["shop/policies.cedar"]!, entities })).toEqual([]);
  });

  it("reports what Cedar rejects: a policy reading an undeclared attribute, an entity of the wrong shape", () => {
    const schema = output["shop/schema.cedarschema"]!;
    const entities = JSON.parse(output["shop/entities.json"]!) as CedarEntity[];
    const policies = output["shop/policies.cedar"]! + '@id("bad")\npermit (principal, action, resource) when { resource.colour == "red" };\n';
    expect(checkOutput({ schema, policies, entities }).join("\n")).toMatch(/policy bad fails strict validation/);
    const wrongUser = { uid: { type: "Shop::User", id: "u" }, attrs: { staff: "yes", projectUser: true }, parents: [] };
    expect(checkOutput({ schema, policies: output["shop/policies.cedar"]!, entities: [...entities, wrongUser] }).join("\n")).toMatch(/entities.json does not conform/);
  });

  it("is Cedar's formatter output, keeping every @id and the document's row text", () => {
    const policies = output["shop/policies.cedar"]!;
    const manifest = JSON.parse(output["shop/policies/manifest.json"]!) as { policies: Array<{ file: string }> };
    const each = manifest.policies.map((p) => output[`shop/policies/${p.file}`]!.replace(/\n$/, ""));
    expect(formatCedar(each)).toEqual({ ok: true, policies: each });
    expect(policies.endsWith(`\n${each.join("\n\n")}\n`)).toBe(true);
    const parts = policySetTextToParts(policies);
    if (parts.type !== "success") throw new Error("policies do not parse");
    expect(parts.policies.map(parsedId).sort()).toEqual(["not-a-project-user", ...shop.actions.map((a) => a.id)].sort());
    expect(policies).toContain("// Orders › Archive a draft\n// Note: Only drafts can be archived.\n@id(\"orders.archive_a_draft\")");
    expect(policies).toContain('// Orders › Row with "quotes" and \\ backslash');
    expect(policies).toContain('principal in Shop::Permission::"Odd \\"quoted\\" \\\\ name }"');
  });

  it("is byte-stable across emits of equal IR", () => {
    expect(files(structuredClone(shop))).toEqual(output);
  });

  it("decides every fixture as the reference evaluator does", async () => {
    const fixtures = generateFixtures(shop).fixtures;
    const engine = await cedarEngine.open(shop);
    const disagreements = fixtures.filter((f) => engine.decide!(f.request) !== f.expected).map((f) => f.id);
    expect(disagreements).toEqual([]);
    expect(fixtures.length).toBeGreaterThan(200);
    expect(fixtures.filter((f) => f.expected === "allow").length).toBeGreaterThan(20);
  });

  it("decides as Cedar does on the whole written policy set, schema and entities", async () => {
    // The engine preparses, per action, only the policies whose scope admits it; this asks the plain API.
    const engine = await cedarEngine.open(shop);
    const schema = output["shop/schema.cedarschema"]!;
    const policies = output["shop/policies.cedar"]!;
    const written = JSON.parse(output["shop/entities.json"]!) as CedarEntity[];
    const shared = written.filter((e) => e.uid.type !== "Shop::User");
    for (const fixture of generateFixtures(shop).fixtures) {
      const built = cedarEntitiesFor(shop, fixture.request);
      if (!built.ok) continue;
      const own = built.request.entities.filter((e) => e.uid.type === "Shop::User" || e.uid.type === "Shop::Resource");
      const answer = isAuthorized({ ...built.request, entities: [...own, ...shared], schema, policies: { staticPolicies: policies }, validateRequest: true });
      expect([fixture.id, decisionOf(answer)]).toEqual([fixture.id, engine.decide!(fixture.request)]);
    }
  });
});

describe("Cedar entities builder", () => {
  let shop: SystemIR;
  let engine: OpenEngine;
  beforeAll(async () => {
    shop = (await loadSystems(SHOP))[0]!.system;
    engine = await cedarEngine.open(shop);
  });
  const decide = (request: unknown) => engine.decide!(request);

  it("lets roles grant permissions inside Cedar, through included roles", () => {
    // Editor grants Edit orders and includes Viewer, which grants View orders: both are needed.
    expect(decide({ action: "orders.edit_an_order", principal: { roles: ["Editor"] } })).toBe("allow");
    expect(decide({ action: "orders.edit_an_order", principal: { roles: ["Viewer"] } })).toBe("deny");
    expect(decide({ action: "orders.edit_an_order", principal: { roles: ["Viewer"], permissions: ["Edit orders"] } })).toBe("allow");
  });

  it("counts membership of a role through included roles, and of undeclared roles the principal is given", () => {
    const assign = (roles: string[], group: string) => decide({ action: "groups.assign_a_group", principal: { roles, permissions: ["Edit groups"] }, resource: { group } });
    expect(assign(["Editor"], "Viewer")).toBe("allow");
    expect(assign(["Viewer"], "Editor")).toBe("deny");
    expect(assign(["Night shift"], "Night shift")).toBe("allow");
    expect(assign(["Editor"], "Night shift")).toBe("deny");
  });

  it("builds the user, the resource and only the roles the user's roles reach", () => {
    const checked = checkRequest(shop, {
      action: "groups.assign_a_group",
      principal: { permissions: ["Edit groups", "Not declared", "Edit groups"], roles: ["Editor", "Night shift"], staff: true },
      resource: { group: "Viewer", groupPermissions: ["View orders", "Not declared"], status: "draft", undeclared: 1 },
    });
    if (!checked.ok) throw new Error(checked.problem);
    const [user, resource, ...roles] = requestEntities(shop, checked.request);
    expect(user).toEqual({
      uid: { type: "Shop::User", id: "anonymous" },
      // Editor grants "Edit orders" and includes Viewer ("View orders"); the undeclared role grants nothing.
      attrs: { staff: true, projectUser: true, heldPermissions: ["Edit groups", "Edit orders", "View orders"].map((id) => ({ __entity: { type: "Shop::Permission", id } })) },
      parents: [
        { type: "Shop::Permission", id: "Edit groups" },
        { type: "Shop::Role", id: "Editor" },
        { type: "Shop::Role", id: "Night shift" },
      ],
    });
    expect(resource!.attrs).toEqual({
      status: "draft",
      group: { __entity: { type: "Shop::Role", id: "Viewer" } },
      groupPermissions: [{ __entity: { type: "Shop::Permission", id: "View orders" } }, { __entity: { type: "Shop::Permission", id: "Not declared" } }],
    });
    expect(roles.map((r) => r.uid.id)).toEqual(["Editor", "Viewer"]);
  });

  it("gives the full Cedar request for a person, and none for malformed requests or unknown actions", () => {
    const shown = cedarEntitiesFor(shop, { action: "groups.grant_permissions", principal: {}, context: { grantedPermissions: ["Edit orders"] } });
    expect(shown.ok && shown.request.action).toEqual({ type: "Shop::Action", id: "groups.grant_permissions" });
    expect(shown.ok && shown.request.context).toEqual({ grantedPermissions: [{ __entity: { type: "Shop::Permission", id: "Edit orders" } }] });
    expect(cedarEntitiesFor(shop, { action: "nope", principal: {} })).toEqual({ ok: false, problem: 'unknown action "nope"' });
    // A list of many undeclared names keeps only the first of them: one already means "not every one is held".
    const flood = cedarEntitiesFor(shop, { action: "groups.grant_permissions", principal: {}, context: { grantedPermissions: ["Made up 1", "Edit order", "Made up 2", "Made up 3"] } });
    expect(flood.ok && flood.request.context).toEqual({
      grantedPermissions: [{ __entity: { type: "Shop::Permission", id: "Edit orders" } }, { __entity: { type: "Shop::Permission", id: "Made up 1" } }],
    });
    // principal.id names the Cedar principal (and the user entity); an id that is not a string names no one.
    const alice = cedarEntitiesFor(shop, { action: "help.read_help", principal: { id: "alice@example.com" } });
    expect(alice.ok && [alice.request.principal, alice.request.entities[0]!.uid]).toEqual([{ type: "Shop::User", id: "alice@example.com" }, { type: "Shop::User", id: "alice@example.com" }]);
    const numbered = cedarEntitiesFor(shop, { action: "help.read_help", principal: { id: 7 } });
    expect(numbered.ok && numbered.request.principal).toEqual({ type: "Shop::User", id: "anonymous" });
    expect(cedarEntitiesFor(shop, { action: "help.read_help", principal: { staff: "yes" } }).ok).toBe(false);
  });

  it("denies malformed requests, unknown actions and Cedar errors without throwing", () => {
    expect(decide({ action: "help.read_help", principal: {} })).toBe("allow");
    expect(decide({ action: "help.read_help", principal: {}, context: { includesPersonalData: "yes" } })).toBe("deny");
    expect(decide({ action: "help.read_help", principal: { projectUser: false } })).toBe("deny");
    expect(decide({ action: "help.nothing", principal: {} })).toBe("deny");
    expect(decide(null)).toBe("deny");
    const failure: AuthorizationAnswer = { type: "failure", errors: [], warnings: [] };
    expect(decisionOf(failure)).toBe("deny");
    const erroredAllow: AuthorizationAnswer = {
      type: "success",
      warnings: [],
      response: { decision: "allow", diagnostics: { reason: ["x"], errors: [{ policyId: "not-a-project-user", error: { message: "boom", help: null, code: null, url: null, severity: null } }] } },
    };
    expect(decisionOf(erroredAllow)).toBe("deny");
  });
});

describe("Cedar target against injection", () => {
  let system: SystemIR;
  beforeAll(() => {
    system = injectionSystem();
  });

  it("keeps hostile names inside their literals and comments", () => {
    const { policies, schema } = emitCedar(system);
    expect(policies).toContain('principal in Inject::Permission::"a\\" || true || \\"b"');
    expect(policies).toContain('Inject::Permission::"line one\\nline two \\\\ } brace"');
    expect(policies).toContain('["x\\" || true || \\""].contains(resource.status)');
    expect(policies).toContain("// Area a\" || true || \"b › Do a\" || true || \"b\\u{a}// permit (principal, action, resource);");
    expect(policies).toContain("// Note: Note a\" || true || \"b\\u{d}\\u{a}}");
    expect(schema).toContain('@doc("Status\\nwith a line break. One of: x\\" || true || \\", ok\\\\.")');
    // Exactly one forbid and one permit per action: nothing leaked out of a comment or a literal.
    const parts = policySetTextToParts(policies);
    expect(parts.type === "success" && parts.policies.length).toBe(system.actions.length + 1);
  });

  it("still decides every fixture as the reference evaluator does", async () => {
    const engine = await cedarEngine.open(system);
    const fixtures = generateFixtures(system).fixtures;
    expect(fixtures.filter((f) => engine.decide!(f.request) !== f.expected).map((f) => f.id)).toEqual([]);
    const action = system.actions.find((a) => a.row.startsWith("Do "))!.id;
    expect(engine.decide!({ action, principal: { permissions: ["Plain"] } })).toBe("deny");
    expect(engine.decide!({ action, principal: { permissions: ["a", "b", "true"] } })).toBe("deny");
    expect(engine.decide!({ action, principal: { roles: [`Outer\n${INJECTED}`] } })).toBe("allow");
    const grant = system.actions.find((a) => a.row === "Grant listed permissions")!.id;
    expect(engine.decide!({ action: grant, principal: { permissions: ["Plain", INJECTED] }, context: { granted: [INJECTED, "Plain"] } })).toBe("allow");
    expect(engine.decide!({ action: grant, principal: { permissions: ["Plain"] }, context: { granted: [INJECTED] } })).toBe("deny");
    expect(engine.decide!({ action: grant, principal: { permissions: ["Plain"] }, context: { granted: ["a"] } })).toBe("deny");
  });
});

describe("Cedar target errors", () => {
  it("fails the compile with Cedar's message when Cedar rejects the output", async () => {
    const shop = structuredClone((await loadSystems(SHOP))[0]!.system);
    // A lone surrogate has no UTF-8 form, so no Cedar string literal can hold it.
    shop.permissions[0]!.name = "broken \ud800";
    expect(() => emitCedar(shop)).toThrow(TargetError);
    expect(() => emitCedar(shop)).toThrow(/cedar target, system shop: .*/s);
    expect(checkParsePolicySet({ staticPolicies: `permit (principal, action, resource) when { ${cedarString("\ud800")} == "" };` }).type).toBe("failure");
  });
});
