import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSystem } from "../src/compile/build-system.ts";
import { loadSpec } from "../src/compile/load-specs.ts";
import { decide } from "../src/eval/decide.ts";
import type { SystemIR } from "../src/ir/types.ts";

const DOCUMENT = path.resolve("../shared/seeds/maestro-permissions.txt");

const ADMIN = "Maestro Administrator";
const DEVELOPER = "Maestro Developer";
const SCM_DESIGN = "Maestro SCM Design";
const SCM_ORG_LIBRARY = "Maestro SCM Org Library";
const SCM_PROJECT = "Maestro SCM Project";

/** The document's table, row by row: permission, description, roles holding it. */
const TABLE: Array<[string, string, string[]]> = [
  ["Form Edit", "Allows users to edit a form.", [ADMIN, DEVELOPER]],
  ["Form Publish", "Allows users to build a form.", [ADMIN, DEVELOPER]],
  ["Form Remove", "Allows users to delete a form.", [ADMIN, DEVELOPER]],
  ["Form View", "Allows users to view a form.", [ADMIN, DEVELOPER]],
  ["Library Edit", "Allows users to edit a library.", [ADMIN, DEVELOPER]],
  ["Library Remove", "Allows users to delete a library.", [ADMIN, DEVELOPER]],
  ["Library Share", "Allows users to share libraries.", [ADMIN, DEVELOPER]],
  ["Library Share Global", "Allows users to share libraries globally.", [ADMIN, DEVELOPER]],
  ["Library View", "Allows users to view a library.", [ADMIN, DEVELOPER]],
  ["Organization Edit", "Allows users to edit an organization.", [ADMIN, DEVELOPER]],
  ["Project Edit", "Allows users to edit a project.", [ADMIN, DEVELOPER]],
  ["Project Export", "Allows users to export a project.", [ADMIN, DEVELOPER]],
  ["Project Import", "Allows users to import a project.", [ADMIN, DEVELOPER]],
  ["Project Remove", "Allows users to delete a project.", [ADMIN, DEVELOPER]],
  ["Project View", "Allows users to view a project.", [ADMIN, DEVELOPER]],
  ["Release Edit", "Allows a Maestro Administrator to edit releases.", [ADMIN]],
  ["Release Remove", "Allows a Maestro Administrator to delete releases.", [ADMIN]],
  ["Release Version View", "Allows a Maestro administrator to view release versions.", [ADMIN]],
  ["SCM Design Delete", "Allows staff who can use Maestro SCM to delete designs.", [SCM_DESIGN]],
  ["SCM Design Edit", "Allows staff who can use Maestro SCM to edit designs.", [SCM_DESIGN]],
  ["SCM Design View", "Allows staff who can use Maestro SCM to view designs.", [SCM_DESIGN]],
  ["SCM Org Library Add", "Allows staff who can use Maestro SCM to add organization libraries", [SCM_ORG_LIBRARY]],
  ["SCM Org Library Edit", "Allows staff who can use Maestro SCM to update organization libraries", [SCM_ORG_LIBRARY]],
  ["SCM Org Library View", "Allows staff who can use Maestro SCM to view organization libraries", [SCM_ORG_LIBRARY]],
  ["SCM Project Delete", "Allows staff who can use Maestro SCM to delete projects", [SCM_PROJECT]],
  ["SCM Project Edit", "Allows staff who can use Maestro SCM to update projects", [SCM_PROJECT]],
  ["SCM Project View", "Allows staff who can use Maestro SCM to view projects", [SCM_PROJECT]],
  ["SCM Project Library Add", "Allows staff who can use Maestro SCM to delete project libraries", [SCM_PROJECT]],
  ["SCM Project Library Edit", "Allows staff who can use Maestro SCM to update project libraries", [SCM_PROJECT]],
  ["SCM Project Library View", "Allows staff who can use Maestro SCM to view project libraries", [SCM_PROJECT]],
  ["Shared Domain Model Edit", "Allows staff to edit shared domain model.", [ADMIN]],
  ["Versions Admin", "Allows staff to manage versions.", [ADMIN]],
];
const ROLES = [ADMIN, DEVELOPER, SCM_DESIGN, SCM_ORG_LIBRARY, SCM_PROJECT];
const grantsOf = (role: string) => TABLE.filter(([, , roles]) => roles.includes(role)).map(([name]) => name);

let system: SystemIR;
beforeAll(async () => {
  system = buildSystem((await loadSpec("spec/maestro.ts")).builder);
});

const permissionName = (id: string) => system.permissions.find((p) => p.id === id)!.name;

describe("maestro: catalogue", () => {
  it("is the form platform", () => {
    expect(system).toMatchObject({ id: "maestro", title: "Maestro", document: "maestro-permissions.txt" });
  });

  it("declares the 32 permissions of the document, in document order, with their descriptions", () => {
    expect(system.permissions).toHaveLength(32);
    expect(system.permissions.map((p) => [p.name, p.description])).toEqual(TABLE.map(([name, description]) => [name, description]));
  });

  it("marks only Library Share and Library Share Global as introduced in 20.11", () => {
    const since = Object.fromEntries(system.permissions.filter((p) => p.since !== null).map((p) => [p.name, p.since]));
    expect(since).toEqual({ "Library Share": "20.11", "Library Share Global": "20.11" });
  });

  it("has no staff-only or internal permission: 'staff' in the descriptions is the customer's staff", () => {
    expect(system.permissions.filter((p) => p.staffOnly || p.internal)).toEqual([]);
  });

  it("declares the 5 standard roles and nothing from the page header", () => {
    expect(system.roles.map((r) => r.name)).toEqual(ROLES);
    const names = system.roles.map((r) => r.name).join("\n");
    expect(names).not.toMatch(/Journey Manager|Transact Manager|System Manager|DevOps/);
  });

  it.each(ROLES)("%s grants exactly the permissions the table lists for it", (role) => {
    const ir = system.roles.find((r) => r.name === role)!;
    expect(ir.includes).toEqual([]);
    expect(ir.grants.map(permissionName)).toEqual(grantsOf(role));
  });

  it("has the grant counts of the table", () => {
    expect(Object.fromEntries(system.roles.map((r) => [r.name, r.grants.length]))).toEqual({
      [ADMIN]: 20,
      [DEVELOPER]: 15,
      [SCM_DESIGN]: 3,
      [SCM_ORG_LIBRARY]: 3,
      [SCM_PROJECT]: 6,
    });
  });

  it("records the reading chosen for SCM Project Library Add", () => {
    const add = system.permissions.find((p) => p.name === "SCM Project Library Add")!;
    expect(add.description).toContain("delete project libraries");
    expect(add.note).toMatch(/name says add/);
  });
});

describe("maestro: actions", () => {
  it("has one action per permission, row = permission name, text = description, no pages to open", () => {
    expect(system.actions).toHaveLength(32);
    expect(system.actions.map((a) => [a.row, a.rowRequirement])).toEqual(TABLE.map(([name, description]) => [name, description]));
    for (const action of system.actions) {
      expect(action.requires).toEqual({ kind: "permission", permission: system.permissions.find((p) => p.name === action.row)!.id });
      expect(action.effective).toEqual(action.requires);
      expect(action.contextKeys).toEqual([]);
      expect(action.resourceAttributes).toEqual([]);
    }
    expect(system.pages.every((p) => p.open === null && p.parent === null)).toBe(true);
  });

  it("groups actions by subject", () => {
    const byArea = new Map<string, string[]>();
    for (const a of system.actions) byArea.set(a.path.join(" > "), [...(byArea.get(a.path.join(" > ")) ?? []), a.id]);
    expect(Object.fromEntries(byArea)).toEqual({
      Forms: ["forms.edit", "forms.publish", "forms.remove", "forms.view"],
      Libraries: ["libraries.edit", "libraries.remove", "libraries.share", "libraries.share_global", "libraries.view"],
      Organizations: ["organizations.edit"],
      Projects: ["projects.edit", "projects.export", "projects.import", "projects.remove", "projects.view"],
      Releases: ["releases.edit", "releases.remove", "releases.version_view"],
      "SCM Designs": ["scm_designs.delete", "scm_designs.edit", "scm_designs.view"],
      "SCM Org Libraries": ["scm_org_libraries.add", "scm_org_libraries.edit", "scm_org_libraries.view"],
      "SCM Projects": ["scm_projects.delete", "scm_projects.edit", "scm_projects.view"],
      "SCM Project Libraries": ["scm_project_libraries.add", "scm_project_libraries.edit", "scm_project_libraries.view"],
      "Shared Domain Model": ["shared_domain_model.edit"],
      Versions: ["versions.admin"],
    });
  });

  it.each(ROLES)("a user with %s is allowed exactly the actions of its permissions", (role) => {
    const allowed = system.actions.filter((a) => decide(system, { action: a.id, principal: { roles: [role] } }).decision === "allow").map((a) => a.row);
    expect(allowed).toEqual(grantsOf(role));
  });

  it("a single permission allows exactly its own action, and reports itself as missing otherwise", () => {
    for (const [name] of TABLE) {
      const allowed = system.actions.filter((a) => decide(system, { action: a.id, principal: { permissions: [name] } }).decision === "allow");
      expect(allowed.map((a) => a.row)).toEqual([name]);
      const action = allowed[0]!;
      expect(decide(system, { action: action.id, principal: {} })).toMatchObject({ decision: "deny", missing: [name] });
    }
  });

  it("a user with every role is allowed everything; one outside the project nothing", () => {
    for (const action of system.actions) {
      expect(decide(system, { action: action.id, principal: { roles: ROLES } }).decision).toBe("allow");
      expect(decide(system, { action: action.id, principal: { roles: ROLES, projectUser: false } }).decision).toBe("deny");
    }
  });
});

describe.skipIf(!fs.existsSync(DOCUMENT))("maestro: against the seed document", () => {
  const text = fs.existsSync(DOCUMENT) ? fs.readFileSync(DOCUMENT, "utf8") : "";

  it("names every declared permission and role", () => {
    for (const p of system.permissions) expect(text, `permission "${p.name}"`).toContain(p.name);
    for (const r of system.roles) expect(text, `role "${r.name}"`).toContain(r.name);
    for (const p of system.permissions) expect(text, `description of "${p.name}"`).toContain(p.description);
  });

  it("is modelled row for row: the document's table read independently equals the spec", () => {
    const rows = readTable(text);
    expect(rows.map((r) => r.name)).toEqual(system.permissions.map((p) => p.name));
    for (const row of rows) {
      const p = system.permissions.find((q) => q.name === row.name)!;
      expect({ description: p.description, since: p.since }, row.name).toEqual({ description: row.description, since: row.since });
      const holders = system.roles.filter((r) => r.grants.includes(p.id)).map((r) => r.name);
      expect(holders, row.name).toEqual(row.roles);
    }
  });
});
if (!fs.existsSync(DOCUMENT)) console.warn(`spec-maestro: ${DOCUMENT} is absent; the checks against the seed document are skipped`);

/** Read the captured table: a permission line (sometimes glued to its description and release), a description, role lines. */
function readTable(text: string): Array<{ name: string; description: string; since: string | null; roles: string[] }> {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  const start = lines.indexOf("Permission Description Role") + 1;
  const rows: Array<{ name: string; description: string; since: string | null; roles: string[] }> = [];
  for (const line of lines.slice(start)) {
    if (line.startsWith("Next,")) break;
    const current = rows.at(-1);
    if (/^Maestro /.test(line) && current) current.roles.push(line);
    else if (line.startsWith("Allows ") && current && current.description === "") current.description = line;
    else {
      const [head, release] = line.split("|").map((s) => s.trim());
      const glued = / Allows /.exec(head!);
      rows.push({
        name: glued ? head!.slice(0, glued.index) : head!,
        description: glued ? head!.slice(glued.index + 1) : "",
        since: /introduced in ([\d.]+)\./.exec(release ?? "")?.[1] ?? null,
        roles: [],
      });
    }
  }
  return rows;
}
