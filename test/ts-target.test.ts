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
