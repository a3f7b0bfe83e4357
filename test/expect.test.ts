// policyc test: expectation files, naming actions, request warnings, and the command run in process.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/main.ts";
import { buildSystem } from "../src/compile/build-system.ts";
import { defineSystem } from "../src/dsl/system-builder.ts";
import { requestWarnings } from "../src/eval/request-warnings.ts";
import { closest } from "../src/eval/suggest.ts";
import { readExpectationFile } from "../src/expect/cases.ts";
import { ActionResolver } from "../src/eval/action-names.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-expect-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function file(name: string, text: string): string {
  const full = path.join(tmp, name);
  fs.writeFileSync(full, text);
  return full;
}

/** Run the CLI in this process and capture what it prints. */
async function policyc(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

const shop = defineSystem({
  id: "shop",
  title: "Shop",
  document: "shop.md",
  permissions: { "View orders": {}, "Edit orders": {} },
  roles: { Viewer: { grants: ["View orders"] }, Editor: { grants: ["Edit orders"], includes: ["Viewer"] } },
  context: { urgent: { description: "urgent" } },
  resource: { status: { kind: "enum", values: ["open", "closed"], description: "status" } },
});
shop.area("Orders", {}, (orders) => {
  orders.action("View orders");
  orders.action("Edit orders", { note: "written once" });
  orders.section("Archive", {}, (archive) => archive.action("Edit orders", "Edit orders", { id: "edit_archived" }));
});
const system = buildSystem(shop);

describe("a row whose permission has the row's own name", () => {
  it("is written once and requires that permission", () => {
    const view = system.actions.find((a) => a.id === "orders.view_orders")!;
    expect(view.requires).toEqual({ kind: "permission", permission: "view_orders" });
    const edit = system.actions.find((a) => a.id === "orders.edit_orders")!;
    expect(edit.requires).toEqual({ kind: "permission", permission: "edit_orders" });
    expect(edit.note).toBe("written once");
  });
});

describe("expectation files", () => {
  it("read the short form, several roles, the long form, and report unreadable cases at their line", () => {
    const read = readExpectationFile(
      file(
        "shop.expect.yaml",
        [
          "- Viewer cannot: Edit orders",
          "- Viewer + Editor can: Orders > Edit orders",
          "- nobody can't: View orders",
          "- name: urgent edit",
          "  permissions: [Edit orders]",
          "  context: { urgent: true }",
          "  allow: orders.edit_orders",
          "- Viewer can: View orders",
          "  deny: View orders",
          "- roles: [Viewer]",
          "  alow: View orders",
          "- roles: [Viewer]",
          "  principal: { id: ana, external: true }",
          "  allow: View orders",
          "- principal: { roles: [Viewer] }",
          "  allow: View orders",
        ].join("\n"),
      ),
    );
    expect(read.system).toBe("shop");
    expect(read.cases.map((c) => [c.line, c.expected, c.action, c.principal])).toEqual([
      [1, "deny", "Edit orders", { roles: ["Viewer"] }],
      [2, "allow", "Orders > Edit orders", { roles: ["Viewer", "Editor"] }],
      [3, "deny", "View orders", { roles: [] }],
      [4, "allow", "orders.edit_orders", { permissions: ["Edit orders"] }],
      [12, "allow", "View orders", { roles: ["Viewer"], id: "ana", external: true }],
    ]);
    expect(read.cases[3]!.context).toEqual({ urgent: true });
    expect(read.errors.map((e) => e.line)).toEqual([8, 10, 15]);
    expect(read.errors[2]!.message).toBe('write "roles:" as a key of the case, not inside "principal:"');
    expect(read.errors[1]!.message).toContain('unknown key "alow"');
  });

  it("say how to quote a value that holds a colon", () => {
    const read = readExpectationFile(file("colon.expect.yaml", "- Viewer can: Orders: View orders\n"));
    expect(read.errors[0]!.message).toMatch(/quote a value that holds ": "/);
  });
});

describe("naming an action", () => {
  const resolver = new ActionResolver(system);
  it("accepts the id, the row, headings and row, and forgives footnote markers and case", () => {
    for (const name of ["orders.view_orders", "View orders", "Orders > View orders", "Orders: view  orders (17)"]) {
      expect(resolver.resolve(name)).toMatchObject({ ok: true, action: { id: "orders.view_orders" } });
    }
  });
  it("refuses a name that fits several actions, listing them, and suggests one for a typo", () => {
    const twice = resolver.resolve("Edit orders");
    expect(twice.ok).toBe(false);
    expect(!twice.ok && twice.message).toContain("orders.archive.edit_archived");
    expect(resolver.resolve("Archive > Edit orders")).toMatchObject({ ok: true, action: { id: "orders.archive.edit_archived" } });
    const typo = resolver.resolve("Veiw orders");
    expect(!typo.ok && typo.message).toContain('did you mean "View orders"?');
  });
});

describe("request warnings", () => {
  it("name the role, permission, key and value probably meant, and leave correct requests alone", () => {
    const warnings = requestWarnings(system, {
      action: "orders.view_ordres",
      principal: { roles: ["viewer", "Nobody at all"], permissions: ["Edit order"], role: "Editor" },
      context: { urgnet: true },
      resource: { status: "Open" },
    });
    expect(warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'action: unknown action "orders.view_ordres", which is denied; did you mean "orders.view_orders"?',
      'principal.role: the principal has no key "role", so it is ignored; did you mean "roles"?',
      'principal.roles[0]: unknown role "viewer", which grants nothing; did you mean "Viewer"?',
      'principal.roles[1]: unknown role "Nobody at all", which grants nothing',
      'principal.permissions[0]: unknown permission "Edit order", which grants nothing; did you mean "Edit orders"?',
      'context.urgnet: context key "urgnet" is not declared, so it is ignored; did you mean "urgent"?',
      'resource.status: "Open" is not a value of resource.status ("open", "closed"), so no condition on it holds; did you mean "open"?',
    ]);
    expect(requestWarnings(system, { action: "orders.view_orders", principal: { roles: ["Viewer"] }, resource: { status: "open" } })).toEqual([]);
    expect(requestWarnings(system, { action: "Orders > View orders", principal: {} })[0]!.message).toBe(
      'unknown action "Orders > View orders", which is denied; did you mean "orders.view_orders" (the row "View orders")?',
    );
  });
  it("suggest nothing for a name far from every known one", () => {
    expect(closest("Zebra", ["View orders", "Edit orders"])).toBeUndefined();
  });
  it("know the principal's id and declared attributes, suggest them for a typo, and name an undeclared enum value", () => {
    const tracker = defineSystem({
      id: "tracker",
      title: "Tracker",
      document: "tracker.md",
      permissions: { "Read issues": {} },
      principal: {
        external: { kind: "flag", default: false, description: "A contractor." },
        plan: { kind: "enum", values: ["free", "premium"], default: "free", description: "The subscription." },
      },
    });
    tracker.area("Issues", {}, (issues) => issues.action("Read issues"));
    const system = buildSystem(tracker);
    expect(requestWarnings(system, { action: "issues.read_issues", principal: { id: "u1", external: true, plan: "premium", projectUser: true } })).toEqual([]);
    const warnings = requestWarnings(system, { action: "issues.read_issues", principal: { id: "u1", externl: true, plan: "Premium", staf: true } });
    expect(warnings.map((w) => `${w.code} ${w.path}: ${w.message}`)).toEqual([
      'unknown-key principal.externl: the principal has no key "externl", so it is ignored; did you mean "external"?',
      'unknown-value principal.plan: "Premium" is not a value of principal.plan ("free", "premium"), so no condition on it holds; did you mean "premium"?',
      'unknown-key principal.staf: the principal has no key "staf", so it is ignored; did you mean "staff"?',
    ]);
  });
});

describe("policyc test", () => {
  const SPEC = ["--spec", "examples/gitlab", "--engine", "reference,cedar-wasm,rego-embedded"];
  const wrong = file(
    "wrong.expect.yaml",
    ["system: gitlab", "cases:", "  - Owner cannot: Delete project", "  - Guest can: View DORA metrics", "  - Reporter can: Create"].join("\n"),
  );

  it("fails with a readable report naming the case's line, the request and every engine's decision", async () => {
    const junit = path.join(tmp, "out", "junit.xml");
    const run = await policyc("test", ...SPEC, "--cases", wrong, "--junit", junit);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`FAIL ${wrong}:3  Owner cannot "Delete project"`);
    expect(run.stdout).toContain("expected deny, but every engine decided allow");
    expect(run.stdout).toContain("engines:  reference=allow cedar-wasm=allow rego-embedded=allow");
    expect(run.stdout).toContain(`FAIL ${wrong}:4  Guest can "View DORA metrics"`);
    expect(run.stdout).toContain("would allow: Reporter access");
    expect(run.stdout).toContain('"Create" names 3 actions');
    expect(run.stdout).toMatch(/^gitlab: \d+ passed, 3 failed$/m);
    expect(run.stdout).toMatch(/^test: \d+ passed, 3 failed$/m);
    const xml = fs.readFileSync(junit, "utf8");
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml.match(/<error /g)).toHaveLength(1);
  });

  it("passes the GitLab cases, and --json reports them with the coverage", async () => {
    const run = await policyc("test", ...SPEC, "--json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThan(100);
    expect(report.coverage[0]).toMatchObject({ system: "gitlab", actions: 102, exercised: 102 });
  });

  it("reports a typo as a warning, and --strict fails the case", async () => {
    const typo = file("typo.expect.yaml", ["system: gitlab", "cases:", "  - roles: [maintainer]", "    deny: Export project"].join("\n"));
    const lax = await policyc("test", ...SPEC, "--cases", typo, "gitlab");
    expect(lax.stdout).toContain(`warning: ${typo}:3: principal.roles[0]: unknown role "maintainer", which grants nothing; did you mean "Maintainer"?`);
    const strict = await policyc("test", ...SPEC, "--cases", typo, "--strict", "gitlab");
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("the request is probably a mistake (--strict)");
  });

  it("refuses to pass with no cases at all", async () => {
    const empty = fs.mkdtempSync(path.join(tmp, "empty-"));
    const run = await policyc("test", "--spec", empty, "--engine", "reference");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no expectation files");
  });
});

describe("policyc decide", () => {
  it("warns about a probable mistake without changing the decision, and --strict makes it an error", async () => {
    const requests = file("typo.json", JSON.stringify([{ action: "project.projects.export_project", principal: { roles: ["maintainer"] } }]));
    const lax = await policyc("decide", "gitlab", "--spec", "examples/gitlab", "--requests", requests, "--json");
    expect(lax.code).toBe(1);
    expect(JSON.parse(lax.stdout)[0]).toMatchObject({ decision: "deny", warnings: [{ code: "unknown-role", path: "principal.roles[0]" }] });
    expect(lax.stderr).toContain('policyc: warning: request 1: principal.roles[0]: unknown role "maintainer", which grants nothing; did you mean "Maintainer"?');
    const strict = await policyc("decide", "gitlab", "--spec", "examples/gitlab", "--requests", requests, "--strict");
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe("");
    expect(strict.stderr).toContain("policyc: error: request 1: principal.roles[0]");
  });
});

describe("policyc explain", () => {
  it("takes the resource and context, and suggests the smallest role that would allow", async () => {
    const run = await policyc("explain", "--spec", "examples/gitlab", "gitlab", "Merge requests: View list", "--role", "Guest", "--resource", "projectVisibility=private");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("smallest role that allows: Reporter (also: ");
    const publicProject = await policyc("explain", "--spec", "examples/gitlab", "gitlab", "Merge requests: View list", "--role", "Guest", "--resource", "projectVisibility=public");
    expect(publicProject.code).toBe(0);
    const typo = await policyc("explain", "--spec", "examples/gitlab", "gitlab", "View list", "--role", "Guest", "--resource", "projectVisibility=Public", "--strict");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean "public"?');
  });
});
