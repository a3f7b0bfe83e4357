import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSystems } from "../src/compile/load-systems.ts";
import { decide } from "../src/eval/decide.ts";
import type { SystemIR } from "../src/ir/types.ts";
import { targets } from "../src/targets/registry.ts";
import { tsTarget } from "../src/targets/ts/index.ts";
import { generateFixtures, type FixtureFile } from "../src/verify/fixtures.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSC = path.join(ROOT, "node_modules", ".bin", "tsc");
fs.mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
const dir = fs.mkdtempSync(path.join(ROOT, ".tmp", "ts-target-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface GeneratedModule {
  can(principal: unknown, action: unknown, context?: unknown, resource?: unknown): boolean;
  actions: Record<string, { path: string[]; row: string; requires: unknown }>;
  roles: Record<string, { grants: string[]; includes: string[] }>;
  permissionNames: string[];
}

let shop: SystemIR;
let fixtures: FixtureFile;
let source: string;
let generated: GeneratedModule;

/** Run the TypeScript compiler on files alone (no tsconfig) with the strictest options this repository uses. */
function typecheck(...files: string[]): Promise<{ code: number; output: string }> {
  const args = ["--ignoreConfig", "--noEmit", "--strict", "--noUncheckedIndexedAccess", "--exactOptionalPropertyTypes", "--target", "es2022", "--module", "nodenext", ...files];
  return new Promise((resolve) => {
    execFile(TSC, args, { cwd: dir, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, output: stdout + stderr });
    });
  });
}

beforeAll(async () => {
  // Only this target and the fixtures: other targets' state must not decide whether this one works.
  shop = (await loadSystems("test/golden/constructs/spec"))[0]!.system;
  fixtures = generateFixtures(shop);
  const files = await tsTarget.emit(shop, { fixtures });
  source = files[0]!.content;
  fs.writeFileSync(path.join(dir, "shop.ts"), source);
  generated = (await import(pathToFileURL(path.join(dir, "shop.ts")).href)) as GeneratedModule;
});

describe("ts target", () => {
  it("is registered after the fixtures target and writes generated/ts/<system>.ts", () => {
    const names = targets.map((t) => t.name);
    expect(names.indexOf("ts")).toBeGreaterThan(names.indexOf("fixtures"));
    const files = tsTarget.emit(shop, { fixtures });
    expect(Array.isArray(files) && files.map((f) => f.path)).toEqual(["shop.ts"]);
  });

  it("is byte-stable, self-contained and ends with one newline", () => {
    const again = tsTarget.emit(structuredClone(shop), { fixtures });
    expect(Array.isArray(again) && again[0]!.content).toBe(source);
    expect(source).not.toMatch(/^\s*import\b/m);
    expect(source).not.toMatch(/[ \t]$/m);
    expect(source.endsWith("}\n")).toBe(true);
  });

  it("type-checks under tsc --strict", async () => {
    const run = await typecheck("shop.ts");
    expect(run.output).toBe("");
    expect(run.code).toBe(0);
  });

  it("exports union types that reject an undeclared action, permission or role at compile time", async () => {
    fs.writeFileSync(
      path.join(dir, "use.ts"),
      [
        'import { can, type ActionId, type PermissionName, type RoleName } from "./shop.ts";',
        'const fine: boolean = can({ roles: ["Editor"], permissions: ["Export orders"] }, "orders.export_orders", { includesPersonalData: true }, { status: "draft" });',
        'const action: ActionId = "orders.not_an_action";',
        'const permission: PermissionName = "Edit order";',
        'const role: RoleName = "Admin";',
        'can({}, "orders.edit_an_order", {}, { status: "deleted" });',
        "export { fine, action, permission, role };",
      ].join("\n"),
    );
    const run = await typecheck("--allowImportingTsExtensions", "use.ts");
    const errors = run.output.split("\n").filter((l) => l.includes("error TS"));
    expect(errors.map((l) => l.match(/^use\.ts\((\d+),/)?.[1])).toEqual(["3", "4", "5", "6"]);
  });

  it("holds the effective requirement of every action, with permission names, and the roles' own grants", () => {
    expect(Object.keys(generated.actions)).toEqual(shop.actions.map((a) => a.id));
    expect(generated.actions["orders.edit_an_order"]).toEqual({
      path: ["Orders"],
      row: "Edit an order",
      requires: { kind: "allOf", items: [{ kind: "permission", permission: "View orders" }, { kind: "permission", permission: "Edit orders" }] },
    });
    expect(generated.roles).toEqual({
      Viewer: { grants: ["View orders"], includes: [] },
      Editor: { grants: ["Edit orders"], includes: ["Viewer"] },
      "System admin": { grants: ["Edit groups"], includes: [] },
    });
    expect(generated.permissionNames).toEqual(shop.permissions.map((p) => p.name));
    expect(source).toContain("  // Orders > Archive a draft\n  // reading: Only drafts can be archived.\n");
  });

  it("agrees with the reference evaluator on every fixture of the shop spec", () => {
    expect(fixtures.fixtures.length).toBeGreaterThan(200);
    const disagreements = fixtures.fixtures.filter((f) => {
      const r = (f.request ?? {}) as Record<string, unknown>;
      return (generated.can(r.principal, r.action, r.context, r.resource) ? "allow" : "deny") !== f.expected;
    });
    expect(disagreements.map((f) => f.id)).toEqual([]);
  });

  it("agrees on requests the fixtures do not try: nulls, inherited names, includes, undeclared groups", () => {
    const cases: Array<{ action: string; principal: unknown; context?: unknown; resource?: unknown }> = [
      { action: "orders.open", principal: { permissions: null } },
      { action: "orders.open", principal: { roles: ["Viewer"], staff: null } },
      { action: "orders.open", principal: { roles: ["Viewer"] }, context: null },
      { action: "orders.open", principal: { roles: ["Viewer"] }, resource: [] },
      { action: "toString", principal: { permissions: ["View orders"] } },
      { action: "orders.open", principal: { roles: ["toString", "constructor"] } },
      { action: "orders.edit_an_order", principal: { roles: ["Editor"] } },
      { action: "orders.export_orders", principal: { roles: ["Editor"], permissions: ["Export orders"] }, context: { includesPersonalData: true } },
      { action: "orders.export_orders", principal: { permissions: ["View orders", "Export orders", "View system tasks"], staff: true } },
      { action: "orders.export_orders", principal: { permissions: ["View orders", "Export orders", "View system tasks"] } },
      { action: "orders.archive_a_draft", principal: { roles: ["Editor"] }, resource: { status: "draft", unrelated: 1 } },
      { action: "orders.archive_a_draft", principal: { roles: ["Editor"] }, resource: { status: 3 } },
      { action: "groups.assign_a_group", principal: { roles: ["System admin", "Ad hoc group"] }, resource: { group: "Ad hoc group" } },
      { action: "groups.assign_a_group", principal: { roles: ["System admin"] }, resource: { groupPermissions: ["Edit groups"] } },
      { action: "groups.assign_a_group", principal: { roles: ["System admin"] }, resource: { groupPermissions: ["Edit groups", "View orders"] } },
      { action: "groups.grant_permissions", principal: { roles: ["System admin"] }, context: { grantedPermissions: null } },
      { action: "groups.grant_permissions", principal: { roles: ["System admin"] } },
      { action: "groups.delete_a_group", principal: { roles: ["System admin"] }, resource: { hasUsers: false } },
      { action: "help.read_help", principal: { projectUser: false } },
      { action: "help.read_help", principal: {} },
    ];
    for (const request of cases) {
      const expected = decide(shop, request).decision;
      expect(generated.can(request.principal, request.action, request.context, request.resource) ? "allow" : "deny", JSON.stringify(request)).toBe(expected);
    }
    expect(generated.can(undefined, "help.read_help")).toBe(false);
    expect(generated.can({}, 7)).toBe(false);
  });

  it("keeps role names that are also Object.prototype names as plain table entries", async () => {
    const system = structuredClone(shop);
    const editor = system.roles.find((r) => r.id === "editor")!;
    system.roles.push({ ...editor, id: "proto", name: "__proto__" }, { ...editor, id: "ctor", name: "constructor", includes: ["proto"] });
    const file = path.join(dir, "hostile.ts");
    fs.writeFileSync(file, (await tsTarget.emit(system, { fixtures }))[0]!.content);
    expect((await typecheck("hostile.ts")).output).toBe("");
    const hostile = (await import(pathToFileURL(file).href)) as GeneratedModule;
    expect(Object.keys(hostile.roles)).toEqual(["Viewer", "Editor", "System admin", "__proto__", "constructor"]);
    for (const roles of [["__proto__"], ["constructor"], ["toString"], ["hasOwnProperty", "Viewer"]]) {
      for (const action of ["orders.edit_an_order", "orders.open", "groups.open"]) {
        const request = { action, principal: { roles } };
        expect(hostile.can(request.principal, action) ? "allow" : "deny", JSON.stringify(request)).toBe(decide(system, request).decision);
      }
    }
  });
});

describe("ts target on the language constructs (never, deny rules, not, role exceptions, non-members, principal attributes, relations, defaults)", () => {
  let tracker: SystemIR;
  let trackerFixtures: FixtureFile;
  let module: GeneratedModule & { principalAttributes: Record<string, unknown>; resourceAttributes: Record<string, unknown> };

  beforeAll(async () => {
    tracker = (await loadSystems("test/golden/language/spec"))[0]!.system;
    trackerFixtures = generateFixtures(tracker);
    fs.writeFileSync(path.join(dir, "tracker.ts"), (await tsTarget.emit(tracker, { fixtures: trackerFixtures }))[0]!.content);
    module = await import(pathToFileURL(path.join(dir, "tracker.ts")).href);
  });

  it("type-checks under tsc --strict, and types the principal's attributes, ids and relations", async () => {
    fs.writeFileSync(
      path.join(dir, "use-tracker.ts"),
      [
        'import { can } from "./tracker.ts";',
        'const fine: boolean = can({ id: "u1", roles: ["Guest"], external: true, plan: "premium" }, "issues.comment", {}, { author: "u1", assignees: ["u2"], tier: "free" });',
        'can({ plan: "gold" }, "issues.comment");',
        'can({ external: "yes" }, "issues.comment");',
        'can({ id: 7 }, "issues.comment");',
        'can({}, "issues.comment", {}, { assignees: "u1" });',
        "export { fine };",
      ].join("\n"),
    );
    const run = await typecheck("--allowImportingTsExtensions", "use-tracker.ts");
    const errors = run.output.split("\n").filter((l) => l.includes("error TS"));
    expect(errors.map((l) => l.match(/^use-tracker\.ts\((\d+),/)?.[1])).toEqual(["3", "4", "5", "6"]);
  });

  it("writes deny rules, non-member rules, exceptions, enum values and defaults into its tables", () => {
    expect(module.roles["Auditor"]).toEqual({ grants: ["Read audit log"], includes: ["Maintainer"], except: ["Developer access", "Maintainer access"] });
    expect(module.principalAttributes).toEqual({ external: { kind: "flag", default: false }, plan: { kind: "enum", values: ["free", "premium"], default: "free" } });
    expect(module.resourceAttributes["author"]).toEqual({ kind: "user" });
    const close = module.actions["issues.editing.close_an_issue"] as unknown as { denies: Array<{ text: string | null }>; nonMembers?: unknown };
    expect(close.denies.map((d) => d.text)).toEqual(["An archived project is read-only", null, "Only on public or internal projects"]);
    expect(close.nonMembers).toBeUndefined();
    expect((module.actions["issues.view_an_issue"] as unknown as { nonMembers: unknown }).nonMembers).toEqual({
      kind: "condition",
      condition: { kind: "resourceIn", attribute: "visibility", values: ["public"] },
    });
  });

  it("agrees with the reference evaluator on every fixture of the tracker spec", () => {
    expect(trackerFixtures.fixtures.length).toBeGreaterThan(300);
    const disagreements = trackerFixtures.fixtures.filter((f) => {
      const r = (f.request ?? {}) as Record<string, unknown>;
      return (module.can(r.principal, r.action, r.context, r.resource) ? "allow" : "deny") !== f.expected;
    });
    expect(disagreements.map((f) => f.id)).toEqual([]);
  });

  it("decides each construct as docs/semantics.md says", () => {
    const dev = { id: "u1", roles: ["Developer"] };
    const cases: Array<[string, { action: string; principal: Record<string, unknown>; context?: unknown; resource?: unknown }, "allow" | "deny"]> = [
      ["never: no one", { action: "issues.force_push", principal: { roles: ["Maintainer"], staff: true } }, "deny"],
      ["exception: the Auditor keeps the Guest's grants", { action: "issues.view_an_issue", principal: { roles: ["Auditor"] } }, "allow"],
      ["exception: the Auditor lacks the Developer's grant", { action: "issues.editing.close_an_issue", principal: { roles: ["Auditor"] }, resource: { visibility: "public", locked: false } }, "deny"],
      ["exception: the Auditor keeps its own grants", { action: "issues.read_the_audit_log", principal: { roles: ["Auditor"] } }, "allow"],
      ["deny rule: an archived project", { action: "issues.editing.edit_an_issue", principal: dev, resource: { archived: true, locked: false } }, "deny"],
      ["deny rule: archived defaults to false, locked has no default", { action: "issues.editing.edit_an_issue", principal: dev }, "deny"],
      ["deny rule: every rule known not to hold", { action: "issues.editing.edit_an_issue", principal: dev, resource: { locked: false } }, "allow"],
      ["deny rule on not(): an undeclared visibility is unknown", { action: "issues.editing.close_an_issue", principal: dev, resource: { locked: false, visibility: "Public" } }, "deny"],
      ["deny rule on not(): public", { action: "issues.editing.close_an_issue", principal: dev, resource: { locked: false, visibility: "public" } }, "allow"],
      ["deny rule on not(): private", { action: "issues.editing.close_an_issue", principal: dev, resource: { locked: false, visibility: "private" } }, "deny"],
      ["non-member on a public project", { action: "issues.view_an_issue", principal: { projectUser: false }, resource: { visibility: "public" } }, "allow"],
      ["non-member on a private project", { action: "issues.view_an_issue", principal: { projectUser: false, roles: ["Maintainer"] }, resource: { visibility: "private" } }, "deny"],
      ["non-member without a rule", { action: "issues.comment", principal: { projectUser: false, roles: ["Maintainer"] } }, "deny"],
      ["not(principal flag): external defaults to false", { action: "issues.comment", principal: { roles: ["Guest"] } }, "allow"],
      ["not(principal flag): external", { action: "issues.comment", principal: { roles: ["Guest"], external: true } }, "deny"],
      ["principal flag of the wrong type is malformed", { action: "issues.comment", principal: { roles: ["Guest"], external: "no" } }, "deny"],
      ["principal enum: plan defaults to free", { action: "issues.use_the_premium_board", principal: { roles: ["Guest"] }, resource: { tier: "premium" } }, "deny"],
      ["principal enum and resource default: tier defaults to free", { action: "issues.use_the_premium_board", principal: { roles: ["Guest"], plan: "premium" } }, "deny"],
      ["principal enum: premium on a premium project", { action: "issues.use_the_premium_board", principal: { roles: ["Guest"], plan: "premium" }, resource: { tier: "premium" } }, "allow"],
      ["principal enum: an undeclared value holds nothing", { action: "issues.use_the_premium_board", principal: { roles: ["Guest"], plan: "gold" }, resource: { tier: "premium" } }, "deny"],
      ["relation: the author", { action: "issues.view_a_confidential_issue", principal: { id: "u1", roles: ["Guest"] }, resource: { author: "u1" } }, "allow"],
      ["relation: an assignee", { action: "issues.view_a_confidential_issue", principal: { id: "u1", roles: ["Guest"] }, resource: { assignees: ["u2", "u1"] } }, "allow"],
      ["relation: someone else's issue", { action: "issues.view_a_confidential_issue", principal: { id: "u1", roles: ["Guest"] }, resource: { author: "u2", assignees: [] } }, "deny"],
      ["relation: no id", { action: "issues.view_a_confidential_issue", principal: { roles: ["Guest"] }, resource: { author: "u1" } }, "deny"],
      ["relation: an id that is not a string is ignored", { action: "issues.view_a_confidential_issue", principal: { id: 1, roles: ["Guest"] }, resource: { author: "1" } }, "deny"],
      ["relation: users of the wrong type is malformed", { action: "issues.view_a_confidential_issue", principal: { id: "u1", roles: ["Developer"] }, resource: { assignees: "u1" } }, "deny"],
      ["onlyIf(not(flag)): during an incident a Guest may", { action: "issues.reopen_during_an_incident", principal: { roles: ["Guest"] }, context: { emergency: true } }, "allow"],
      ["onlyIf(not(flag)): otherwise a Maintainer is needed", { action: "issues.reopen_during_an_incident", principal: { roles: ["Developer"] } }, "deny"],
      ["an inherited name is not a declared attribute", { action: "issues.comment", principal: { roles: ["Guest"], constructor: 1 }, resource: { toString: "x" } }, "allow"],
    ];
    for (const [name, request, expected] of cases) {
      expect(decide(tracker, request).decision, `reference: ${name}`).toBe(expected);
      expect(module.can(request.principal, request.action, request.context, request.resource) ? "allow" : "deny", name).toBe(expected);
    }
  });
});
