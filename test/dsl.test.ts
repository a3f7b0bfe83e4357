import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildSystem } from "../src/compile/build-system.ts";
import { loadSpec } from "../src/compile/load-specs.ts";
import { defineSystem } from "../src/dsl/system-builder.ts";
import { SpecErrors } from "../src/ir/errors.ts";
import type { ActionIR, Requirement, SystemIR } from "../src/ir/types.ts";

const THIS_FILE = "test/dsl.test.ts";
const source = fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");

/** The 1-based line of this file that carries `// @marker`, and the column where `callee` starts on it. */
function at(marker: string, callee?: string): { file: string; line: number; column?: number } {
  const lines = source.flatMap((text, i) => (text.endsWith(`// @${marker}`) ? [i + 1] : []));
  expect(lines, `marker @${marker}`).toHaveLength(1);
  const line = lines[0]!;
  return callee === undefined ? { file: THIS_FILE, line } : { file: THIS_FILE, line, column: source[line - 1]!.indexOf(callee) + 1 };
}

const perm = (permission: string): Requirement => ({ kind: "permission", permission });
const staffGate: Requirement = { kind: "condition", condition: { kind: "principalStaff" } };

// One system that uses every construct of the DSL; the tests below read its IR.
const shop = defineSystem({ // @system
  id: "dsl_shop",
  title: "DSL shop",
  document: "dsl.test.ts",
  permissions: {
    "View orders": { description: "See the order list." }, // @perm-view
    "Edit orders": { aliases: ["Edit order"] },
    "Export orders": { since: "20.11" },
    "Export personal data": { note: "Personal data is name, email, phone." },
    "View system tasks": { staffOnly: true, internal: true },
    "Manage groups": { id: "groups_admin" },
  },
  roles: {
    Admin: { includes: ["Editor"], system: true, internal: true, description: "Everything." }, // @role-admin
    Viewer: { grants: ["View orders"] },
    Editor: { grants: ["Edit orders"], includes: ["Viewer"] }, // @role-editor
  },
  context: {
    includesPersonalData: { description: "The export includes personal data." }, // @ctx
    granted: { kind: "permissionList", description: "Permissions being granted." },
  },
  resource: {
    status: { kind: "enum", values: ["draft", "live", "archived"], description: "Order status." },
    locked: { kind: "flag", description: "The order is locked." },
    group: { kind: "roleName", description: "The group acted on." }, // @attr-group
    groupPermissions: { kind: "permissionList", description: "Every permission of the group." },
  },
});
const { all, any, none, anyUser, onlyIf, require, ctx, staff, resourceIn, resourceIs, memberOf, holdsAll } = shop.req;

shop.area("Orders", { open: "View orders", openText: "View orders" }, (orders) => { // @area-orders
  orders.action("Edit an order", "Edit orders"); // @action-edit
  orders.action("Export orders", all("Export orders", onlyIf(ctx("includesPersonalData"), "Export personal data")));
  orders.action("Export or edit", any("Export orders", "Edit orders"));
  orders.action("Copy an order", none());
  orders.action("Nested all", all("Edit orders", all("Export orders", "Export personal data")));
  orders.action("Read the order's notes!", none(), { id: "notes", text: "None — View orders is enough", note: "The page is enough." });
  orders.section("Bulk", { open: all("Edit orders", "Export orders"), openText: "Edit orders + Export orders", note: "Bulk tools." }, (bulk) => { // @section-bulk
    bulk.section("Export", { id: "exports" }, (exports) => {
      exports.action("Export everything", "Export personal data"); // @action-deep
    });
  });
});
shop.area("Help", {}, (help) => {
  help.action("Read help", anyUser());
});
shop.area("Conditions", {}, (c) => {
  c.action("Flag", require(ctx("includesPersonalData")));
  c.action("Staff", require(staff()));
  c.action("Status", require(resourceIn("status", "draft", "live")));
  c.action("Unlocked", require(resourceIs("locked", false)));
  c.action("Member", require(memberOf("group")));
  c.action("Granting", require(holdsAll("context", "granted")));
  c.action("Group permissions", require(holdsAll("resource", "groupPermissions")));
  c.action("Several", all(require(resourceIn("status", "live")), onlyIf(resourceIs("locked", true), "Manage groups"), require(ctx("includesPersonalData"))));
});
shop.area("Staff tools", { open: "View system tasks" }, (tools) => {
  tools.action("Run a task", "Edit orders");
  tools.action("Any task", any("View system tasks", "Manage groups"));
  tools.action("Maybe a task", onlyIf(ctx("includesPersonalData"), "View system tasks"));
});

const ir: SystemIR = buildSystem(shop);
const action = (id: string): ActionIR => {
  const found = ir.actions.find((a) => a.id === id);
  expect(found, id).toBeDefined();
  return found!;
};

describe("catalogue", () => {
  it("lowers permissions: ids from names or given, defaults, flags, since and notes", () => {
    expect(ir.permissions.map(({ source, ...p }) => p)).toEqual([
      { id: "view_orders", name: "View orders", description: "See the order list.", staffOnly: false, internal: false, since: null, aliases: [], note: null },
      { id: "edit_orders", name: "Edit orders", description: "", staffOnly: false, internal: false, since: null, aliases: ["Edit order"], note: null },
      { id: "export_orders", name: "Export orders", description: "", staffOnly: false, internal: false, since: "20.11", aliases: [], note: null },
      { id: "export_personal_data", name: "Export personal data", description: "", staffOnly: false, internal: false, since: null, aliases: [], note: "Personal data is name, email, phone." },
      { id: "view_system_tasks", name: "View system tasks", description: "", staffOnly: true, internal: true, since: null, aliases: [], note: null },
      { id: "groups_admin", name: "Manage groups", description: "", staffOnly: false, internal: false, since: null, aliases: [], note: null },
    ]);
  });

  it("lowers roles: grants and includes become ids, including roles declared later", () => {
    expect(ir.roles.map(({ source, ...r }) => r)).toEqual([
      { id: "admin", name: "Admin", description: "Everything.", grants: [], includes: ["editor"], except: [], system: true, internal: true },
      { id: "viewer", name: "Viewer", description: "", grants: ["view_orders"], includes: [], except: [], system: false, internal: false },
      { id: "editor", name: "Editor", description: "", grants: ["edit_orders"], includes: ["viewer"], except: [], system: false, internal: false },
    ]);
  });

  it("lowers context keys (flag by default) and resource attributes (enum values kept in order)", () => {
    expect(ir.contextKeys.map(({ source, ...k }) => k)).toEqual([
      { key: "includesPersonalData", kind: "flag", description: "The export includes personal data." },
      { key: "granted", kind: "permissionList", description: "Permissions being granted." },
    ]);
    expect(ir.resourceAttributes.map(({ source, ...a }) => a)).toEqual([
      { name: "status", kind: "enum", values: ["draft", "live", "archived"], default: null, description: "Order status." },
      { name: "locked", kind: "flag", values: [], default: null, description: "The order is locked." },
      { name: "group", kind: "roleName", values: [], default: null, description: "The group acted on." },
      { name: "groupPermissions", kind: "permissionList", values: [], default: null, description: "Every permission of the group." },
    ]);
  });

  it("keeps the system's own fields", () => {
    expect(ir).toMatchObject({ irVersion: 2, id: "dsl_shop", title: "DSL shop", document: "dsl.test.ts" });
  });
});

describe("requirement constructs", () => {
  it("a bare name is a permission leaf", () => {
    expect(action("orders.edit_an_order").requires).toEqual(perm("edit_orders"));
  });

  it("all() is allOf, any() is anyOf, bare names inside become leaves", () => {
    expect(action("orders.export_or_edit").requires).toEqual({ kind: "anyOf", items: [perm("export_orders"), perm("edit_orders")] });
    expect(action("orders.nested_all").requires).toEqual({ kind: "allOf", items: [perm("edit_orders"), { kind: "allOf", items: [perm("export_orders"), perm("export_personal_data")] }] });
  });

  it("onlyIf(ctx, name) is onlyIf with a contextFlag condition", () => {
    expect(action("orders.export_orders").requires).toEqual({
      kind: "allOf",
      items: [perm("export_orders"), { kind: "onlyIf", condition: { kind: "contextFlag", key: "includesPersonalData" }, then: perm("export_personal_data") }],
    });
  });

  it("none() is an empty allOf: nothing beyond the pages above", () => {
    expect(action("orders.copy_an_order").requires).toEqual({ kind: "allOf", items: [] });
    expect(action("orders.copy_an_order").effective).toEqual(perm("view_orders"));
  });

  it("anyUser() is anyUser, and stays anyUser where no page is above", () => {
    expect(action("help.read_help").requires).toEqual({ kind: "anyUser" });
    expect(action("help.read_help").effective).toEqual({ kind: "anyUser" });
  });

  it.each([
    ["conditions.flag", { kind: "contextFlag", key: "includesPersonalData" }, ["includesPersonalData"], []],
    ["conditions.staff", { kind: "principalStaff" }, [], []],
    ["conditions.status", { kind: "resourceIn", attribute: "status", values: ["draft", "live"] }, [], ["status"]],
    ["conditions.unlocked", { kind: "resourceFlag", attribute: "locked", value: false }, [], ["locked"]],
    ["conditions.member", { kind: "memberOfRole", attribute: "group" }, [], ["group"]],
    ["conditions.granting", { kind: "holdsAllListed", from: "context", key: "granted" }, ["granted"], []],
    ["conditions.group_permissions", { kind: "holdsAllListed", from: "resource", key: "groupPermissions" }, [], ["groupPermissions"]],
  ])("require(%s) lowers to its condition (no source position left in the IR)", (id, condition, contextKeys, resourceAttributes) => {
    const a = action(id);
    expect(a.requires).toEqual({ kind: "condition", condition });
    expect(a.effective).toEqual(a.requires);
    expect(a.contextKeys).toEqual(contextKeys);
    expect(a.resourceAttributes).toEqual(resourceAttributes);
  });

  it("lists the context keys and resource attributes an action reads, sorted and once each", () => {
    const a = action("conditions.several");
    expect(a.contextKeys).toEqual(["includesPersonalData"]);
    expect(a.resourceAttributes).toEqual(["locked", "status"]);
  });

  it("row options: id, document text and note; the id is otherwise the row's slug", () => {
    expect(action("orders.notes")).toMatchObject({ row: "Read the order's notes!", rowRequirement: "None — View orders is enough", note: "The page is enough." });
    expect(action("orders.edit_an_order")).toMatchObject({ rowRequirement: null, note: null });
  });
});

describe("sections", () => {
  it("nested sections form a page tree with ids from titles or given ids", () => {
    expect(ir.pages.filter((p) => p.id.startsWith("orders")).map(({ source, ...p }) => p)).toEqual([
      { id: "orders", title: "Orders", parent: null, open: perm("view_orders"), openText: "View orders", note: null },
      { id: "orders.bulk", title: "Bulk", parent: "orders", open: { kind: "allOf", items: [perm("edit_orders"), perm("export_orders")] }, openText: "Edit orders + Export orders", note: "Bulk tools." },
      { id: "orders.bulk.exports", title: "Export", parent: "orders.bulk", open: null, openText: null, note: null },
    ]);
  });

  it("an action inherits every open requirement above it, outermost first, flattened", () => {
    const deep = action("orders.bulk.exports.export_everything");
    expect(deep.path).toEqual(["Orders", "Bulk", "Export"]);
    expect(deep.page).toBe("orders.bulk.exports");
    expect(deep.requires).toEqual(perm("export_personal_data"));
    expect(deep.effective).toEqual({ kind: "allOf", items: [perm("view_orders"), perm("edit_orders"), perm("export_orders"), perm("export_personal_data")] });
    expect(action("orders.nested_all").effective).toEqual({
      kind: "allOf",
      items: [perm("view_orders"), perm("edit_orders"), perm("export_orders"), perm("export_personal_data")],
    });
  });

  it("a page with an open requirement gets an Open action; a page without one does not", () => {
    expect(action("orders.open")).toMatchObject({ row: "Open", rowRequirement: "View orders", requires: { kind: "allOf", items: [] }, effective: perm("view_orders") });
    expect(action("orders.bulk.open").effective).toEqual({ kind: "allOf", items: [perm("view_orders"), perm("edit_orders"), perm("export_orders")] });
    expect(ir.actions.some((a) => a.id === "orders.bulk.exports.open" || a.id === "help.open" || a.id === "conditions.open")).toBe(false);
  });

  it("keeps actions in declaration order, each page's actions before its subpages'", () => {
    expect(ir.actions.map((a) => a.id).slice(0, 10)).toEqual([
      "orders.open",
      "orders.edit_an_order",
      "orders.export_orders",
      "orders.export_or_edit",
      "orders.copy_an_order",
      "orders.nested_all",
      "orders.notes",
      "orders.bulk.open",
      "orders.bulk.exports.export_everything",
      "help.read_help",
    ]);
  });
});

describe("staffOnly lowering", () => {
  it("gates a staff-only permission with principalStaff in the effective requirement only", () => {
    const page = ir.pages.find((p) => p.id === "staff_tools")!;
    expect(page.open).toEqual(perm("view_system_tasks"));
    expect(action("staff_tools.run_a_task").requires).toEqual(perm("edit_orders"));
    expect(action("staff_tools.run_a_task").effective).toEqual({ kind: "allOf", items: [perm("view_system_tasks"), staffGate, perm("edit_orders")] });
    expect(action("staff_tools.open").effective).toEqual({ kind: "allOf", items: [perm("view_system_tasks"), staffGate] });
  });

  it("gates inside anyOf and onlyIf without touching other permissions", () => {
    expect(action("staff_tools.any_task").requires).toEqual({ kind: "anyOf", items: [perm("view_system_tasks"), perm("groups_admin")] });
    expect(action("staff_tools.any_task").effective).toEqual({
      kind: "allOf",
      items: [perm("view_system_tasks"), staffGate, { kind: "anyOf", items: [{ kind: "allOf", items: [perm("view_system_tasks"), staffGate] }, perm("groups_admin")] }],
    });
    expect(action("staff_tools.maybe_a_task").effective).toEqual({
      kind: "allOf",
      items: [perm("view_system_tasks"), staffGate, { kind: "onlyIf", condition: { kind: "contextFlag", key: "includesPersonalData" }, then: { kind: "allOf", items: [perm("view_system_tasks"), staffGate] } }],
    });
  });

  it("leaves actions without staff-only permissions ungated", () => {
    for (const a of ir.actions.filter((x) => !x.id.startsWith("staff_tools.") && x.id !== "conditions.staff")) {
      expect(JSON.stringify(a.effective), a.id).not.toContain("principalStaff");
    }
  });
});

describe("source positions", () => {
  it("the system, its areas, sections and actions point at the lines of this file that declared them", () => {
    expect(ir.source).toEqual(at("system", "defineSystem("));
    expect(ir.pages.find((p) => p.id === "orders")!.source).toEqual(at("area-orders", "area("));
    expect(ir.pages.find((p) => p.id === "orders.bulk")!.source).toEqual(at("section-bulk", "section("));
    expect(action("orders.edit_an_order").source).toEqual(at("action-edit", "action("));
    expect(action("orders.bulk.exports.export_everything").source).toEqual(at("action-deep", "action("));
    // The Open action of a page is declared by the page.
    expect(action("orders.open").source).toEqual(at("area-orders", "area("));
  });

  it("catalogue entries point at their keys, even when an earlier line mentions the name", () => {
    expect(ir.permissions[0]!.source).toEqual(at("perm-view", '"View orders"'));
    // "Editor" is named in Admin's includes two lines above its own entry.
    expect(ir.roles.find((r) => r.name === "Editor")!.source).toEqual(at("role-editor", "Editor:"));
    expect(ir.roles.find((r) => r.name === "Admin")!.source).toEqual(at("role-admin", "Admin:"));
    expect(ir.contextKeys[0]!.source).toEqual(at("ctx", "includesPersonalData:"));
    expect(ir.resourceAttributes.find((a) => a.name === "group")!.source).toEqual(at("attr-group", "group:"));
  });

  it("declarations from one line in a loop or a helper each point at it, and two calls on one line (one expression) at their columns", () => {
    const looped = defineSystem({ id: "looped", title: "Looped", document: "dsl.test.ts", permissions: { "View orders": {} } });
    looped.area("Orders", {}, (orders) => {
      for (const row of ["A", "B"]) orders.action(row, "View orders"); // @loop
      const declare = (row: string) => orders.action(row, "View orders"); // @helper
      declare("C");
      declare("D");
      orders.action("E", "View orders").action("F", "View orders"); // @same-line
    });
    const sources = Object.fromEntries(buildSystem(looped).actions.map((a) => [a.row, a.source]));
    const sameLine = at("same-line", "action(");
    expect(sources).toMatchObject({
      A: at("loop", "action("),
      B: at("loop", "action("),
      C: at("helper", "action("),
      D: at("helper", "action("),
      E: sameLine,
      F: { ...sameLine, column: source[sameLine.line - 1]!.lastIndexOf("action(") + 1 },
    });
  });

  it("requirement helpers point at the spec line, whether called directly, through all or any, or by a builtin (Array.map)", () => {
    const req = defineSystem({ id: "reqs", title: "Reqs", document: "dsl.test.ts", permissions: { "View orders": {} } }).req;
    const listed = req.all("View orders"); // @req-all
    const chosen = req.any("View orders"); // @req-any
    const flag = req.not(req.staff()); // @req-not
    const [mapped] = [0].map(req.none); // @req-map
    expect(listed.at).toEqual(at("req-all", "all("));
    expect(listed.kind === "allOf" && listed.items[0]!.at).toEqual(at("req-all", "all("));
    expect(chosen.at).toEqual(at("req-any", "any("));
    expect(flag.at).toEqual(at("req-not", "not("));
    expect(flag.kind === "not" && (flag.condition as { at?: unknown }).at).toEqual(at("req-not", "staff("));
    expect(mapped!.at).toMatchObject(at("req-map"));
  });

  it("a spec loaded where Error.prepareStackTrace is not a function (its whole stack formatted) gets the same positions", async () => {
    const spec = "test/golden/constructs/spec/shop.ts";
    const expected = buildSystem((await loadSpec(spec)).builder);
    const host = Error.prepareStackTrace;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    let loaded: Awaited<ReturnType<typeof loadSpec>>;
    try {
      loaded = await loadSpec(spec);
    } finally {
      Error.prepareStackTrace = host;
    }
    const ir = buildSystem(loaded.builder);
    expect(ir).toEqual(expected);
    const line = fs.readFileSync(spec, "utf8").split("\n").findIndex((text) => text.includes('orders.action("Export orders"')) + 1;
    expect(ir.actions.find((a) => a.id === "orders.export_orders")!.source).toMatchObject({ file: spec, line });
  });

  it("an error in an in-memory system points at the offending call", () => {
    const bad = defineSystem({ id: "bad", title: "Bad", document: "dsl.test.ts", permissions: { "View orders": {} } });
    bad.area("Orders", {}, (orders) => {
      orders.action("Edit", bad.req.any()); // @empty-any
    });
    expect(() => buildSystem(bad)).toThrow(SpecErrors);
    try {
      buildSystem(bad);
    } catch (error) {
      expect((error as SpecErrors).errors.map((e) => [e.code, e.at])).toEqual([["empty-requirement", at("empty-any", "any(")]]);
    }
  });
});

describe("the types catch what the IR check would", () => {
  it("misspelt names in grants, includes, requirements and condition keys are type errors (tsc checks this file)", () => {
    const typed = defineSystem({
      id: "typed",
      title: "Typed",
      document: "dsl.test.ts",
      permissions: { "View orders": {} },
      roles: {
        // @ts-expect-error "View order" is not a declared permission.
        Viewer: { grants: ["View order"] },
        // @ts-expect-error "Viewers" is not a declared role.
        Clerk: { includes: ["Viewers"] },
      },
      context: { includesPersonalData: { description: "flag" }, granted: { kind: "permissionList", description: "list" } },
      resource: { status: { kind: "enum", values: ["draft"], description: "enum" }, locked: { kind: "flag", description: "flag" } },
    });
    typed.area("Orders", {}, (orders) => {
      // @ts-expect-error "View order" is not a declared permission.
      orders.action("View", "View order");
      // @ts-expect-error "includesPersonalDta" is not a declared context flag.
      orders.action("Flag", typed.req.require(typed.req.ctx("includesPersonalDta")));
      // @ts-expect-error "granted" is a permission list, not a flag.
      orders.action("List as flag", typed.req.require(typed.req.ctx("granted")));
      // @ts-expect-error "locked" is a flag, not an enum.
      orders.action("Flag as enum", typed.req.require(typed.req.resourceIn("locked", "true")));
      // @ts-expect-error "status" is an enum, not a flag.
      orders.action("Enum as flag", typed.req.require(typed.req.resourceIs("status", true)));
      // @ts-expect-error "locked" is a flag, not a role name.
      orders.action("Flag as group", typed.req.require(typed.req.memberOf("locked")));
    });
    // The same mistakes, run anyway, are caught by the IR check.
    let codes: string[] = [];
    try {
      buildSystem(typed);
    } catch (error) {
      codes = (error as SpecErrors).errors.map((e) => e.code);
    }
    expect(codes.sort()).toEqual([
      "unknown-context-key",
      "unknown-context-key",
      "unknown-permission",
      "unknown-permission",
      "unknown-resource-attribute",
      "unknown-resource-attribute",
      "unknown-resource-attribute",
      "unknown-role",
    ]);
  });

  const TYPO_SPEC = "test/specs/typo/permission-typo.ts";

  it("the typo spec, run anyway, fails with unknown-permission at the typo's line", async () => {
    // Node's own stack formatting applies tsx's source maps; vitest's replacement does not (see validation.test.ts).
    const vitestFormatter = Error.prepareStackTrace;
    Reflect.deleteProperty(Error, "prepareStackTrace");
    const loaded = await loadSpec(TYPO_SPEC).finally(() => (Error.prepareStackTrace = vitestFormatter));
    const lines = fs.readFileSync(TYPO_SPEC, "utf8").split("\n");
    const typoLine = lines.findIndex((l) => l.includes('"Edit order")')) + 1;
    expect(() => buildSystem(loaded.builder)).toThrow(`${TYPO_SPEC}:${typoLine}:`);
  });

  it("tsc rejects the typo spec without its @ts-expect-error, naming the misspelt permission; accepts it with", async () => {
    const text = fs.readFileSync(TYPO_SPEC, "utf8");
    expect(text).toContain("// @ts-expect-error");
    const without = text
      .split("\n")
      .filter((l) => !l.includes("@ts-expect-error"))
      .join("\n");
    const typoLine = without.split("\n").findIndex((l) => l.includes('"Edit order")')) + 1;
    // Inside the package (so `policyc` resolves to itself) but outside tsconfig's include, and ignored by git.
    fs.mkdirSync(".tmp", { recursive: true });
    const dir = fs.mkdtempSync(path.resolve(".tmp", "typo-"));
    try {
      const check = async (name: string, content: string) => {
        fs.mkdirSync(path.join(dir, name), { recursive: true });
        fs.writeFileSync(path.join(dir, name, "spec.ts"), content);
        fs.writeFileSync(path.join(dir, name, "tsconfig.json"), JSON.stringify({ extends: path.resolve("tsconfig.json"), include: [], files: ["spec.ts"] }));
        try {
          await promisify(execFile)(process.execPath, [path.resolve("node_modules/typescript/bin/tsc"), "--noEmit", "-p", path.join(dir, name, "tsconfig.json")]);
          return { code: 0, output: "" };
        } catch (error) {
          const e = error as { code: number; stdout: string; stderr: string };
          return { code: e.code, output: e.stdout + e.stderr };
        }
      };
      const [broken, fine] = await Promise.all([check("without", without), check("with", text)]);
      expect(fine).toEqual({ code: 0, output: "" });
      expect(broken.code).not.toBe(0);
      expect(broken.output).toMatch(new RegExp(`spec\\.ts\\(${typoLine},\\d+\\): error TS\\d+: .*"Edit order"`));
      expect(broken.output.trim().split("\n")).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("exemptions from the pages' open requirements", () => {
  const spec = defineSystem({
    id: "exempt",
    title: "Exempt",
    document: "dsl.test.ts",
    permissions: { "Open area": {}, "Open page": {}, "Open direct": {}, Act: {} },
  });
  spec.area("Area", { id: "area", open: "Open area" }, (area) => {
    area.section("Page", { id: "page", open: "Open page" }, (page) => {
      page.action("Inherits", "Act", { id: "inherits" });
      page.action("Exempt", "Act", { id: "exempt", inherit: false });
    });
    area.section("Direct", { id: "direct", open: "Open direct", inherit: false }, (direct) => {
      direct.action("Inside", "Act", { id: "inside" });
    });
  });
  const system = buildSystem(spec);
  const action = (id: string) => system.actions.find((a) => a.id === id)!;
  const perm = (permission: string): Requirement => ({ kind: "permission", permission });

  it("an action inherits every page's open requirement, outermost first, and names those pages", () => {
    expect(action("area.page.inherits").effective).toEqual({ kind: "allOf", items: [perm("open_area"), perm("open_page"), perm("act")] });
    expect(action("area.page.inherits").opensFrom).toEqual(["area", "area.page"]);
  });

  it("an action with inherit: false needs only its own requirement", () => {
    expect(action("area.page.exempt").effective).toEqual(perm("act"));
    expect(action("area.page.exempt").opensFrom).toEqual([]);
  });

  it("a section with inherit: false keeps its own open requirement and drops those above it", () => {
    expect(action("area.direct.open").effective).toEqual(perm("open_direct"));
    expect(action("area.direct.inside").effective).toEqual({ kind: "allOf", items: [perm("open_direct"), perm("act")] });
    expect(action("area.direct.inside").opensFrom).toEqual(["area.direct"]);
  });
});
