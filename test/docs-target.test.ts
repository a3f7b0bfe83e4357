import { beforeAll, describe, expect, it } from "vitest";
import { loadSystems } from "../src/compile/load-systems.ts";
import type { SystemIR } from "../src/ir/types.ts";
import { docsTarget } from "../src/targets/docs/index.ts";
import { targets } from "../src/targets/registry.ts";

let shop: SystemIR;
let doc: string;

const render = (system: SystemIR) => {
  const files = docsTarget.emit(system, { fixtures: { system: system.id, count: 0, exhaustiveActions: 0, coveredActions: 0, fixtures: [] } });
  if (!Array.isArray(files)) throw new Error("the docs target is synchronous");
  expect(files.map((f) => f.path)).toEqual([`${system.id}.md`]);
  return files[0]!.content;
};

beforeAll(async () => {
  shop = (await loadSystems("test/golden/constructs/spec"))[0]!.system;
  doc = render(shop);
});

describe("docs target", () => {
  it("is registered after the fixtures target", () => {
    const names = targets.map((t) => t.name);
    expect(names).toContain("docs");
    expect(names.indexOf("docs")).toBeGreaterThan(names.indexOf("fixtures"));
  });

  it("is byte-stable, ends with exactly one newline and has no blank-line runs or timestamps", () => {
    expect(render(structuredClone(shop))).toBe(doc);
    expect(doc.endsWith("\n")).toBe(true);
    expect(doc.endsWith("\n\n")).toBe(false);
    expect(doc).not.toMatch(/\n\n\n/);
    expect(doc).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it("says what opens each page and what each action adds, in the document's order", () => {
    expect(doc).toContain(`### <a id="page-orders"></a>Orders`);
    expect(doc).toContain(`<a id="action-orders.open"></a>To open Orders: [View orders](#permission-view_orders) (document: View orders).`);
    expect(doc).toContain("Any user of the project can open Help.");
    const pages = [...doc.matchAll(/^### <a id="page-([^"]+)">/gm)].map((m) => m[1]);
    expect(pages).toEqual(["orders", "help", "groups"]);
    // any-of, staff-only, a condition and a conditional requirement, written for people
    expect(doc).toContain(
      "| <a id=\"action-orders.export_orders\"></a>Export orders | [Export orders](#permission-export_orders) + " +
        "([Export personal data](#permission-export_personal_data) when `includesPersonalData` is on) + " +
        "([View system tasks](#permission-view_system_tasks) (staff only) or [Edit orders](#permission-edit_orders)) |  |  |",
    );
    expect(doc).toContain("| <a id=\"action-orders.archive_a_draft\"></a>Archive a draft | [Edit orders](#permission-edit_orders) + only when `status` is draft |  | Only drafts can be archived. |");
    expect(doc).toContain("| <a id=\"action-orders.copy_an_order\"></a>Copy an order | nothing beyond the page |");
    expect(doc).toContain("the user belongs to the group named by `group` or the user holds every permission listed in resource `groupPermissions`");
  });

  it("has one table row per action that is not a page's Open row, and an anchor for every action", () => {
    const rows = doc.split("\n").filter((l) => l.startsWith("| <a id=\"action-"));
    expect(rows).toHaveLength(shop.actions.filter((a) => !a.id.endsWith(".open")).length);
    for (const action of shop.actions) expect(doc).toContain(`<a id="action-${action.id}"></a>`);
  });

  it("every in-document link points at an anchor that exists", () => {
    const anchors = new Set([...doc.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
    const targets = [...doc.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThan(30);
    const sectionHeadings = new Set(["pages-and-actions", "roles-and-actions", "permissions", "roles", "conditions"]);
    for (const target of targets) expect(anchors.has(target) || sectionHeadings.has(target), target).toBe(true);
  });

  it("has a role × action matrix: what each role alone may do, and what only some context or resource allows", () => {
    const row = (label: string) => doc.split("\n").find((l) => l.startsWith(`| [${label}](`));
    expect(doc).toContain("| Action | [Viewer](#role-viewer) | [Editor](#role-editor) | [System admin](#role-system_admin) |");
    expect(row("Orders > Edit an order")).toMatch(/\| {2}\| ✓ \| {2}\|$/);
    expect(row("Orders > Archive a draft")).toMatch(/\| {2}\| \(✓\) \| {2}\|$/);
    expect(row("Groups > Assign a group")).toMatch(/\| {2}\| {2}\| \(✓\) \|$/);
    expect(row("Help > Read help")).toMatch(/\| ✓ \| ✓ \| ✓ \|$/);
  });

  it("has no matrix for a system without roles", () => {
    expect(render({ ...shop, roles: [] })).not.toContain("Roles and actions");
  });

  it("indexes every permission: the pages it opens, the actions it unlocks and the roles that grant it", () => {
    const entry = (name: string) => doc.slice(doc.indexOf(`"></a>${name}\n`), doc.indexOf("\n### ", doc.indexOf(`"></a>${name}\n`)));
    expect(entry("View orders")).toContain("Opens:\n- [Orders](#page-orders)");
    expect(entry("View orders")).toContain("Granted by: [Viewer](#role-viewer), [Editor](#role-editor) (through [Viewer](#role-viewer)).");
    expect(entry("Edit orders")).toContain(
      "Unlocks:\n- [Orders > Edit an order](#action-orders.edit_an_order)\n- [Orders > Export orders](#action-orders.export_orders)\n- [Orders > Archive a draft](#action-orders.archive_a_draft)",
    );
    expect(entry("View system tasks")).toContain("_staff only: counts only for the vendor's staff_");
    expect(entry("Export orders")).toContain("_since 20.11_");
    expect(entry("Export orders")).toContain("Granted by no role.");
  });

  it("lists what each role grants, naming the included role a grant comes through", () => {
    const editor = doc.slice(doc.indexOf(`<a id="role-editor"></a>`));
    expect(editor).toMatch(/^<a id="role-editor"><\/a>Editor\n\nIncludes \[Viewer\]\(#role-viewer\)\.\n\n\| Grants \| Through \|\n\|---\|---\|\n\| \[View orders\]\(#permission-view_orders\) \| \[Viewer\]\(#role-viewer\) \|\n\| \[Edit orders\]\(#permission-edit_orders\) \| directly \|/);
    expect(doc).toContain("_system role: cannot be edited or deleted; internal: cannot be selected from the UI_");
  });

  it("escapes spec text: pipes and line breaks stay inside their cell, Markdown characters stay literal", () => {
    const system = structuredClone(shop);
    const action = system.actions.find((a) => a.id === "orders.edit_an_order")!;
    action.row = "Edit | split\nacross *lines*";
    action.note = "first | second";
    action.rowRequirement = "<b>Edit orders</b>";
    system.permissions.find((p) => p.id === "view_orders")!.description = "# not a heading";
    const text = render(system);
    const row = text.split("\n").find((l) => l.includes(`action-orders.edit_an_order"></a>`) && l.startsWith("|"))!;
    expect(row).toBe('| <a id="action-orders.edit_an_order"></a>Edit \\| split<br>across \\*lines\\* | [Edit orders](#permission-edit_orders) | \\<b>Edit orders\\</b> | first \\| second |');
    expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
    expect(text).toContain("\n\\# not a heading\n");
    expect(text).toContain("[Orders > Edit \\| split across \\*lines\\*](#action-orders.edit_an_order)");
    expect(text).toContain('[Odd "quoted" \\\\ name }](#permission-odd_quoted_name)');
  });

  it("nests sections under their area with deeper headings and says what opening them adds", () => {
    const system = structuredClone(shop);
    const orders = system.pages.find((p) => p.id === "orders")!;
    system.pages.push({ ...orders, id: "orders.refunds", title: "Refunds", parent: "orders", open: null, openText: null, note: "Refunds are orders too." });
    const edit = system.actions.find((a) => a.id === "orders.edit_an_order")!;
    system.actions.push({ ...edit, id: "orders.refunds.issue", page: "orders.refunds", path: ["Orders", "Refunds"], row: "Issue a refund" });
    const text = render(system);
    expect(text).toContain(`#### <a id="page-orders.refunds"></a>Refunds\n\nOpening Orders > Refunds needs nothing beyond opening Orders.\n\nReading: Refunds are orders too.\n`);
    expect(text).toContain("- [Orders > Refunds > Issue a refund](#action-orders.refunds.issue)");
  });

  it("describes the conditions and which actions read them", () => {
    expect(doc).toContain("| `includesPersonalData` | context | flag | The export includes personal data. | [Orders > Export orders](#action-orders.export_orders) |");
    expect(doc).toContain("| `status` | resource | one of draft, live, archived | Order status. | [Orders > Archive a draft](#action-orders.archive_a_draft) |");
  });
});

describe("docs target on the language constructs", () => {
  let tracker: SystemIR;
  let text: string;
  const row = (id: string) => text.split("\n").find((l) => l.startsWith(`| <a id="action-${id}"></a>`))!;
  const matrixRow = (label: string) => text.split("\n").find((l) => l.startsWith(`| [${label}](`))!;

  beforeAll(async () => {
    tracker = (await loadSystems("test/golden/language/spec"))[0]!.system;
    text = render(tracker);
  });

  it("writes never, not, relations and principal conditions for people", () => {
    expect(row("issues.force_push")).toContain("| no one |");
    expect(row("issues.comment")).toContain("[Guest access](#permission-guest_access) + only when the user's `external` is no |");
    expect(row("issues.view_a_confidential_issue")).toContain(
      "[Developer access](#permission-developer_access) or the user is the resource's `author` or the user is one of the resource's `assignees` |",
    );
    expect(row("issues.use_the_premium_board")).toContain("only when the user's `plan` is premium + only when `tier` is premium |");
    expect(row("issues.reopen_during_an_incident")).toContain("[Maintainer access](#permission-maintainer_access) when `emergency` is off |");
  });

  it("shows a page's deny rules once on the page and a row's own deny rules and non-member rule in its row", () => {
    expect(text).toContain("Every action under Issues > Editing is denied when `archived` is yes (document: An archived project is read-only).\n");
    // No default: a request that does not say is denied too.
    expect(text).toContain("Every action under Issues > Editing is denied when `locked` is yes or when the request leaves that unknown.\n");
    expect(row("issues.editing.close_an_issue")).toContain(
      "[Developer access](#permission-developer_access)<br>denied when `visibility` is private or when the request leaves that unknown (document: Only on public or internal projects) |",
    );
    expect(row("issues.editing.edit_an_issue")).not.toContain("denied");
    expect(row("issues.view_an_issue")).toContain("[Guest access](#permission-guest_access)<br>non-members of the project: only when `visibility` is public |");
  });

  it("states a role's exceptions and leaves the excepted permissions out of what it grants", () => {
    const auditor = text.slice(text.indexOf('<a id="role-auditor"></a>'), text.indexOf("## Conditions"));
    expect(auditor).toContain("Does not take [Developer access](#permission-developer_access), [Maintainer access](#permission-maintainer_access) from the roles it includes");
    expect(auditor).toContain("| [Guest access](#permission-guest_access) | [Guest](#role-guest) |\n| [Read audit log](#permission-read_audit_log) | directly |\n\n");
    expect(text).toContain("Granted by: [Developer](#role-developer), [Maintainer](#role-maintainer) (through [Developer](#role-developer)).");
  });

  it("decides the matrix with exceptions, deny rules, principal attributes and relations", () => {
    // Guest, Developer, Maintainer, Auditor
    expect(matrixRow("Issues > Editing > Close an issue")).toMatch(/\| {2}\| \(✓\) \| \(✓\) \| {2}\|$/);
    expect(matrixRow("Issues > View a confidential issue")).toMatch(/\| \(✓\) \| ✓ \| ✓ \| \(✓\) \|$/);
    expect(matrixRow("Issues > Use the premium board")).toMatch(/\| \(✓\) \| \(✓\) \| \(✓\) \| \(✓\) \|$/);
    expect(matrixRow("Issues > Read the audit log")).toMatch(/\| {2}\| {2}\| {2}\| ✓ \|$/);
    expect(matrixRow("Issues > Force push")).toMatch(/\| {2}\| {2}\| {2}\| {2}\|$/);
  });

  it("lists principal attributes, users and defaults among the conditions, read by deny rules too", () => {
    expect(text).toContain("| `plan` | principal | one of free, premium; omitted: free | The user's subscription. | [Issues > Use the premium board](#action-issues.use_the_premium_board) |");
    expect(text).toContain("| `assignees` | resource | list of user ids (compared with `principal.id`) |");
    expect(text).toContain(
      "| `archived` | resource | flag; omitted: no | The project is archived. | [Issues > Editing > Edit an issue](#action-issues.editing.edit_an_issue), [Issues > Editing > Close an issue](#action-issues.editing.close_an_issue) |",
    );
  });
});
