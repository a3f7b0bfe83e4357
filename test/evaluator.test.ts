import { describe, expect, it } from "vitest";
import { buildSystem } from "../src/compile/build-system.ts";
import { defineSystem } from "../src/dsl/system-builder.ts";
import { decide, ReferenceEvaluator } from "../src/eval/decide.ts";

const spec = defineSystem({
  id: "eval_shop",
  title: "Evaluator shop",
  document: "evaluator.test.ts",
  permissions: {
    "View orders": {},
    "Edit orders": {},
    "Export orders": {},
    "Export personal data": {},
    "Approve refunds": {},
    "Issue refunds": {},
    "Manage groups": {},
    "View system tasks": { staffOnly: true },
  },
  roles: {
    Viewer: { grants: ["View orders"] },
    Editor: { grants: ["Edit orders"], includes: ["Viewer"] },
    Manager: { grants: ["Export orders"], includes: ["Editor"] },
  },
  context: {
    includesPersonalData: { description: "The export includes personal data." },
    granted: { kind: "permissionList", description: "Permissions being granted." },
  },
  resource: {
    status: { kind: "enum", values: ["draft", "live"], description: "Order status." },
    locked: { kind: "flag", description: "The order is locked." },
    group: { kind: "roleName", description: "The group acted on." },
    groupPermissions: { kind: "permissionList", description: "Every permission of the group." },
  },
});
const { all, any, anyUser, onlyIf, require, ctx, resourceIn, resourceIs, memberOf, holdsAll } = spec.req;

spec.area("Orders", { open: "View orders" }, (orders) => {
  orders.action("Edit an order", "Edit orders");
  orders.action("Export orders", all("Export orders", onlyIf(ctx("includesPersonalData"), "Export personal data")));
  orders.action("Refund", any(all("Approve refunds", "Issue refunds"), "Manage groups"));
  orders.action("Refund step", any("Approve refunds", "Issue refunds"));
  orders.action("Archive a draft", all("Edit orders", require(resourceIn("status", "draft"))));
  orders.action("Unlock", all("Edit orders", require(resourceIs("locked", true))));
  orders.section("Bulk", { open: "Export orders" }, (bulk) => {
    bulk.section("Export", { open: any("Export personal data", "Manage groups") }, (page) => {
      page.action("Export all", "Edit orders");
    });
  });
});
spec.area("Groups", { open: "Manage groups" }, (groups) => {
  groups.action("Assign", any(require(memberOf("group")), require(holdsAll("resource", "groupPermissions"))));
  groups.action("Grant", require(holdsAll("context", "granted")));
});
spec.area("Help", {}, (help) => {
  help.action("Read help", anyUser());
});
spec.area("Tasks", {}, (tasks) => {
  tasks.action("Run a task", "View system tasks");
});

const system = buildSystem(spec);
const ask = (action: string, principal: Record<string, unknown>, extra: Record<string, unknown> = {}) => decide(system, { action, principal, ...extra });
const allowed = (action: string, principal: Record<string, unknown>, extra?: Record<string, unknown>) => ask(action, principal, extra).decision === "allow";

describe("decisions", () => {
  it("allows when the page's open requirement and the row's requirement both hold", () => {
    expect(ask("orders.edit_an_order", { permissions: ["View orders", "Edit orders"] })).toEqual({
      action: "orders.edit_an_order",
      decision: "allow",
      reasons: [],
      missing: [],
      missingOptions: [],
    });
    expect(allowed("orders.edit_an_order", { permissions: ["Edit orders"] })).toBe(false);
    expect(allowed("orders.edit_an_order", { permissions: ["View orders"] })).toBe(false);
  });

  it("expands roles through includes, transitively, and mixes them with direct permissions", () => {
    expect(allowed("orders.edit_an_order", { roles: ["Editor"] })).toBe(true);
    expect(allowed("orders.edit_an_order", { roles: ["Viewer"] })).toBe(false);
    expect(allowed("orders.export_orders", { roles: ["Manager"] })).toBe(true);
    expect(allowed("orders.bulk.export.export_all", { roles: ["Manager"], permissions: ["Manage groups"] })).toBe(true);
  });

  it("applies onlyIf only when its condition holds; an omitted flag is off", () => {
    const p = { permissions: ["View orders", "Export orders"] };
    expect(allowed("orders.export_orders", p)).toBe(true);
    expect(allowed("orders.export_orders", p, { context: { includesPersonalData: false } })).toBe(true);
    expect(allowed("orders.export_orders", p, { context: { includesPersonalData: true } })).toBe(false);
    expect(allowed("orders.export_orders", { permissions: [...p.permissions, "Export personal data"] }, { context: { includesPersonalData: true } })).toBe(true);
  });

  it("reads resource conditions; an omitted attribute satisfies none", () => {
    const p = { roles: ["Editor"] };
    expect(allowed("orders.archive_a_draft", p, { resource: { status: "draft" } })).toBe(true);
    expect(allowed("orders.archive_a_draft", p, { resource: { status: "live" } })).toBe(false);
    expect(allowed("orders.archive_a_draft", p, { resource: { status: "unheard of" } })).toBe(false);
    expect(allowed("orders.archive_a_draft", p)).toBe(false);
    expect(allowed("orders.unlock", p, { resource: { locked: true } })).toBe(true);
    expect(allowed("orders.unlock", p, { resource: { locked: false } })).toBe(false);
    expect(allowed("orders.unlock", p)).toBe(false);
  });

  it("memberOfRole: the named role is one of the principal's, declared or not, or included by one of its declared roles", () => {
    const p = { permissions: ["Manage groups"] };
    expect(allowed("groups.assign", { ...p, roles: ["Editor"] }, { resource: { group: "Editor" } })).toBe(true);
    expect(allowed("groups.assign", { ...p, roles: ["Manager"] }, { resource: { group: "Viewer" } })).toBe(true);
    expect(allowed("groups.assign", { ...p, roles: ["Viewer"] }, { resource: { group: "Editor" } })).toBe(false);
    expect(allowed("groups.assign", { ...p, roles: ["Night shift"] }, { resource: { group: "Night shift" } })).toBe(true);
    expect(allowed("groups.assign", { ...p, roles: ["Night shift"] }, { resource: { group: "Day shift" } })).toBe(false);
    expect(allowed("groups.assign", { ...p, roles: ["Editor"] })).toBe(false);
  });

  it("holdsAllListed: every listed name is a declared permission the principal holds; an omitted context list is empty, an omitted resource list fails", () => {
    const p = { permissions: ["Manage groups"], roles: ["Editor"] };
    expect(allowed("groups.grant", p)).toBe(true);
    expect(allowed("groups.grant", p, { context: { granted: [] } })).toBe(true);
    expect(allowed("groups.grant", p, { context: { granted: ["View orders", "Edit orders"] } })).toBe(true);
    expect(allowed("groups.grant", p, { context: { granted: ["Export orders"] } })).toBe(false);
    expect(allowed("groups.grant", p, { context: { granted: ["Not a permission"] } })).toBe(false);
    expect(allowed("groups.assign", p, { resource: { groupPermissions: ["View orders"] } })).toBe(true);
    expect(allowed("groups.assign", p, { resource: { groupPermissions: [] } })).toBe(true);
    expect(allowed("groups.assign", p, { resource: { groupPermissions: ["Export orders"] } })).toBe(false);
    expect(allowed("groups.assign", p)).toBe(false);
  });

  it("anyUser allows every project user, even one with nothing", () => {
    expect(allowed("help.read_help", {})).toBe(true);
  });
});

describe("who is asking", () => {
  it("names the system does not declare grant nothing: permissions and roles are matched exactly", () => {
    expect(ask("orders.edit_an_order", { permissions: ["view orders", "Edit orders ", "Edit orders"] })).toMatchObject({ decision: "deny", missing: ["View orders"] });
    expect(allowed("orders.edit_an_order", { roles: ["editor", "Editors"] })).toBe(false);
    expect(allowed("orders.edit_an_order", { roles: ["editor", "Editor"] })).toBe(true);
  });

  it("a principal that is not a user of the project is denied everything, even anyUser and holding every role", () => {
    for (const action of system.actions) {
      const result = ask(action.id, { roles: ["Manager"], permissions: system.permissions.map((p) => p.name), staff: true, projectUser: false });
      expect(result, action.id).toEqual({ action: action.id, decision: "deny", reasons: ["the principal is not a user of the project"], missing: [], missingOptions: [] });
    }
    expect(allowed("help.read_help", { projectUser: true })).toBe(true);
  });

  it("a staff-only permission counts only for staff, and no permission can stand in for being staff", () => {
    expect(allowed("tasks.run_a_task", { permissions: ["View system tasks"], staff: true })).toBe(true);
    expect(allowed("tasks.run_a_task", { permissions: ["View system tasks"], staff: false })).toBe(false);
    const denied = ask("tasks.run_a_task", { permissions: ["View system tasks"] });
    expect(denied).toEqual({ action: "tasks.run_a_task", decision: "deny", reasons: ["needs View system tasks + [principal is staff]"], missing: [], missingOptions: [] });
    expect(allowed("tasks.run_a_task", { staff: true })).toBe(false);
    expect(ask("tasks.run_a_task", { staff: true }).missing).toEqual(["View system tasks"]);
  });
});

describe("explanations", () => {
  it("reasons name each page whose open requirement fails, outermost first, then the row", () => {
    expect(ask("orders.bulk.export.export_all", {}).reasons).toEqual([
      'to open "Orders": needs View orders',
      'to open "Bulk": needs Export orders',
      'to open "Export": needs Export personal data or Manage groups',
      'to do "Export all": needs Edit orders',
    ]);
    expect(ask("orders.bulk.export.export_all", { roles: ["Editor"] }).reasons).toEqual(['to open "Bulk": needs Export orders', 'to open "Export": needs Export personal data or Manage groups']);
    expect(ask("orders.bulk.export.export_all", { roles: ["Manager"] }).reasons).toEqual(['to open "Export": needs Export personal data or Manage groups']);
  });

  it("missingOptions are every smallest set that would allow, names sorted; missing is the first", () => {
    const result = ask("orders.bulk.export.export_all", {});
    expect(result.missingOptions).toEqual([
      ["Edit orders", "Export orders", "Export personal data", "View orders"],
      ["Edit orders", "Export orders", "Manage groups", "View orders"],
    ]);
    expect(result.missing).toEqual(result.missingOptions[0]);
    expect(ask("orders.bulk.export.export_all", { roles: ["Manager"] }).missingOptions).toEqual([["Export personal data"], ["Manage groups"]]);
  });

  it("only the smallest sets are offered, measured against what the principal already holds", () => {
    // Approve + Issue (two) loses to Manage groups (one) for someone holding neither...
    expect(ask("orders.refund", { roles: ["Viewer"] }).missingOptions).toEqual([["Manage groups"]]);
    // ...but ties with it for someone who already approves.
    expect(ask("orders.refund", { roles: ["Viewer"], permissions: ["Approve refunds"] }).missingOptions).toEqual([["Issue refunds"], ["Manage groups"]]);
    expect(ask("orders.refund_step", { roles: ["Viewer"] }).missingOptions).toEqual([["Approve refunds"], ["Issue refunds"]]);
  });

  it("missing follows the request's conditions", () => {
    const p = { permissions: ["View orders"] };
    expect(ask("orders.export_orders", p).missing).toEqual(["Export orders"]);
    expect(ask("orders.export_orders", p, { context: { includesPersonalData: true } }).missing).toEqual(["Export orders", "Export personal data"]);
  });

  it("missing is empty when no permission can help (a condition on the request fails)", () => {
    const result = ask("orders.archive_a_draft", { roles: ["Editor"] }, { resource: { status: "live" } });
    expect(result).toMatchObject({ decision: "deny", missing: [], missingOptions: [] });
    expect(result.reasons).toEqual(['to do "Archive a draft": needs Edit orders + [resource status is draft]']);
    expect(ask("orders.archive_a_draft", {}, { resource: { status: "draft" } }).missing).toEqual(["Edit orders", "View orders"]);
  });

  it("an unknown action is denied with a reason", () => {
    expect(ask("orders.not_there", { roles: ["Manager"] })).toEqual({ action: "orders.not_there", decision: "deny", reasons: ['unknown action "orders.not_there"'], missing: [], missingOptions: [] });
    expect(new ReferenceEvaluator(system).action("orders.not_there")).toBeUndefined();
  });
});

describe("malformed requests are denied, whatever they ask", () => {
  const everything = system.permissions.map((p) => p.name);
  const base = () => ({ action: "help.read_help", principal: { permissions: everything, roles: ["Manager"], staff: true, projectUser: true }, resource: {}, context: {} });

  it("the well-formed base request is allowed, and undeclared keys are ignored", () => {
    expect(decide(system, base()).decision).toBe("allow");
    const extra = base() as Record<string, unknown> & ReturnType<typeof base>;
    extra.principal = { ...extra.principal, department: 7 } as typeof extra.principal;
    extra.resource = { colour: 1, status: "draft" };
    extra.context = { undeclared: "yes", includesPersonalData: true };
    extra.tenant = ["x"];
    expect(decide(system, extra).decision).toBe("allow");
  });

  const cases: Array<[string, (r: any) => unknown, string]> = [
    ["the request is null", () => null, "the request must be a JSON object"],
    ["the request is an array", (r) => [r], "the request must be a JSON object"],
    ["the request is a string", () => "help.read_help", "the request must be a JSON object"],
    ["action is missing", (r) => ({ ...r, action: undefined }), '"action" must be a string'],
    ["action is a number", (r) => ({ ...r, action: 7 }), '"action" must be a string'],
    ["principal is missing", (r) => ({ ...r, principal: undefined }), '"principal" must be an object'],
    ["principal is null", (r) => ({ ...r, principal: null }), '"principal" must be an object'],
    ["principal is an array", (r) => ({ ...r, principal: [] }), '"principal" must be an object'],
    ["permissions is a string", (r) => ({ ...r, principal: { ...r.principal, permissions: "View orders" } }), '"principal.permissions" must be an array of strings'],
    ["permissions holds a number", (r) => ({ ...r, principal: { ...r.principal, permissions: ["View orders", 1] } }), '"principal.permissions" must be an array of strings'],
    ["permissions is null", (r) => ({ ...r, principal: { ...r.principal, permissions: null } }), '"principal.permissions" must be an array of strings'],
    ["roles is a string", (r) => ({ ...r, principal: { ...r.principal, roles: "Manager" } }), '"principal.roles" must be an array of strings'],
    ["roles holds an object", (r) => ({ ...r, principal: { ...r.principal, roles: [{ name: "Manager" }] } }), '"principal.roles" must be an array of strings'],
    ["staff is a string", (r) => ({ ...r, principal: { ...r.principal, staff: "true" } }), '"principal.staff" must be a boolean'],
    ["staff is null", (r) => ({ ...r, principal: { ...r.principal, staff: null } }), '"principal.staff" must be a boolean'],
    ["projectUser is 1", (r) => ({ ...r, principal: { ...r.principal, projectUser: 1 } }), '"principal.projectUser" must be a boolean'],
    ["projectUser is null", (r) => ({ ...r, principal: { ...r.principal, projectUser: null } }), '"principal.projectUser" must be a boolean'],
    ["resource is a string", (r) => ({ ...r, resource: "order" }), '"resource" must be an object'],
    ["resource is an array", (r) => ({ ...r, resource: [] }), '"resource" must be an object'],
    ["resource is null", (r) => ({ ...r, resource: null }), '"resource" must be an object'],
    ["context is an array", (r) => ({ ...r, context: [] }), '"context" must be an object'],
    ["context is null", (r) => ({ ...r, context: null }), '"context" must be an object'],
    ["a context flag is a string", (r) => ({ ...r, context: { includesPersonalData: "true" } }), '"context.includesPersonalData" must be a boolean'],
    ["a context flag is null", (r) => ({ ...r, context: { includesPersonalData: null } }), '"context.includesPersonalData" must be a boolean'],
    ["a context permission list is a string", (r) => ({ ...r, context: { granted: "View orders" } }), '"context.granted" must be an array of strings'],
    ["a context permission list holds a number", (r) => ({ ...r, context: { granted: [1] } }), '"context.granted" must be an array of strings'],
    ["an enum attribute is a number", (r) => ({ ...r, resource: { status: 1 } }), '"resource.status" has the wrong type for a enum'],
    ["a flag attribute is a string", (r) => ({ ...r, resource: { locked: "false" } }), '"resource.locked" has the wrong type for a flag'],
    ["a roleName attribute is an array", (r) => ({ ...r, resource: { group: ["Manager"] } }), '"resource.group" has the wrong type for a roleName'],
    ["a permissionList attribute is a string", (r) => ({ ...r, resource: { groupPermissions: "View orders" } }), '"resource.groupPermissions" has the wrong type for a permissionList'],
    ["a permissionList attribute holds a boolean", (r) => ({ ...r, resource: { groupPermissions: [true] } }), '"resource.groupPermissions" has the wrong type for a permissionList'],
  ];

  it.each(cases)("%s", (_, malform, problem) => {
    const result = decide(system, malform(base()));
    expect(result.decision).toBe("deny");
    expect(result.reasons).toEqual([`malformed request: ${problem}`]);
    expect(result.missing).toEqual([]);
  });

  it("a malformed request keeps its action id when it has one, and is empty otherwise", () => {
    expect(decide(system, { ...base(), resource: 1 }).action).toBe("help.read_help");
    expect(decide(system, { ...base(), action: 7 }).action).toBe("");
  });
});
