import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { policyc, policycProcess, ROOT } from "./support/policyc.ts";

// Commands run in process (see test/support/policyc.ts); the process boundary itself is tested in "as a process".
const SPEC = ["--spec", "test/golden/constructs/spec"];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-cli-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function requestsFile(name: string, requests: unknown): string {
  const file = path.join(tmp, `${name}.json`);
  fs.writeFileSync(file, typeof requests === "string" ? requests : JSON.stringify(requests));
  return file;
}

/** The 1-based line of the first line of `file` containing `text`. */
function lineOf(file: string, text: string): number {
  const line = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n").findIndex((l) => l.includes(text)) + 1;
  expect(line, `${text} in ${file}`).toBeGreaterThan(0);
  return line;
}

describe("help", () => {
  it("policyc --help lists the commands and exits 0; no command at all is a usage error", async () => {
    const help = await policyc("--help");
    expect(help.code).toBe(0);
    for (const name of ["compile", "actions", "decide", "explain"]) expect(help.stdout).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
    const bare = await policyc();
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain("Usage: policyc <command>");
  });

  it("every listed command has its own --help, exit 0", async () => {
    const help = await policyc("--help");
    const names = [...help.stdout.matchAll(/^  ([a-z]+) {2,}/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThanOrEqual(4);
    const runs = await Promise.all(names.map((name) => policyc(name, "--help")));
    runs.forEach((run, i) => {
      expect(run.code, names[i]).toBe(0);
      expect(run.stdout, names[i]).toMatch(new RegExp(`^Usage: policyc ${names[i]}\\b`));
    });
  });

  it("an unknown command or flag is a usage error (exit 2)", async () => {
    const unknown = await policyc("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const flag = await policyc("actions", "shop", ...SPEC, "--no-such-flag");
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^policyc: .*no-such-flag/);
  });
});

describe("actions", () => {
  it("--json prints every action with id, path, row, requires and contextKeys", async () => {
    const run = await policyc("actions", "shop", ...SPEC, "--json");
    expect(run.code).toBe(0);
    const listing = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(listing).toHaveLength(14);
    for (const a of listing) {
      expect(a).toEqual(
        expect.objectContaining({ id: expect.any(String), path: expect.any(Array), row: expect.any(String), requires: expect.any(String), contextKeys: expect.any(Array) }),
      );
    }
    expect(listing.find((a) => a.id === "orders.export_orders")).toMatchObject({
      path: ["Orders"],
      row: "Export orders",
      requires: "View orders + Export orders + Export personal data (only if includesPersonalData) + ((View system tasks + [principal is staff]) or Edit orders)",
      contextKeys: ["includesPersonalData"],
      resourceAttributes: [],
    });
    expect(listing.find((a) => a.id === "groups.grant_permissions")).toMatchObject({ contextKeys: ["grantedPermissions"] });
    expect(listing.map((a) => a.id)).toContain("help.read_help");
  });

  it("without --json prints one block per action and the count", async () => {
    const run = await policyc("actions", "shop", ...SPEC);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("orders.archive_a_draft\n  Orders | Archive a draft\n  needs: View orders + Edit orders + [resource status is draft]\n");
    expect(run.stdout.trimEnd().endsWith("14 actions")).toBe(true);
  });

  it("an unknown or missing system is a usage error naming the known ones", async () => {
    const unknown = await policyc("actions", "nope", ...SPEC);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown system "nope"; known: shop');
    const missing = await policyc("actions", ...SPEC);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("name a system: shop");
  });

  it("a spec error is reported with its file:line and exit 2", async () => {
    // As a process: positions come from tsx's source maps, which vitest's own stack handling bypasses.
    const run = await policycProcess(["actions", "bad_role_cycle", "--spec", "test/specs/bad-catalogue"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("test/specs/bad-catalogue/duplicate-id.ts:10:5: permission id \"edit\" is already used");
  });
});

describe("decide", () => {
  const allowedRequest = { action: "orders.edit_an_order", principal: { roles: ["Editor"] } };
  const deniedRequest = { action: "orders.export_orders", principal: { permissions: ["View orders"] } };

  it("exit 0 when every request is allowed", async () => {
    const run = await policyc("decide", "shop", ...SPEC, "--requests", requestsFile("allowed", [allowedRequest, { action: "help.read_help", principal: {} }]));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("ALLOW orders.edit_an_order  [reference=allow]\nALLOW help.read_help  [reference=allow]\n");
  });

  it("exit 1 when any request is denied, with the reasons and what is missing", async () => {
    const run = await policyc("decide", "shop", ...SPEC, "--requests", requestsFile("denied", [allowedRequest, deniedRequest]), "--json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([
      { action: "orders.edit_an_order", decision: "allow", engines: { reference: "allow" }, missing: [], reasons: [], warnings: [] },
      {
        action: "orders.export_orders",
        decision: "deny",
        engines: { reference: "deny" },
        missing: ["Edit orders", "Export orders"],
        reasons: ['to do "Export orders": needs Export orders + Export personal data (only if includesPersonalData) + (View system tasks or Edit orders)'],
        warnings: [],
      },
    ]);
  });

  it("malformed requests and unknown actions are denied, not errors", async () => {
    const run = await policyc("decide", "shop", ...SPEC, "--requests", requestsFile("malformed", [{ action: 7 }, { action: "orders.nope", principal: {} }]));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("DENY (no action)  [reference=deny]\n  malformed request:");
    expect(run.stdout).toContain('DENY orders.nope  [reference=deny]\n  unknown action "orders.nope"');
  });

  it.each([
    ["no --requests", () => [] as string[], "--requests FILE is required"],
    ["a file that does not exist", () => ["--requests", path.join(tmp, "absent.json")], "ENOENT"],
    ["a file that is not JSON", () => ["--requests", requestsFile("broken", "[{")], "is not valid JSON"],
    ["a file that is not an array", () => ["--requests", requestsFile("object", allowedRequest)], "must hold a JSON array of requests"],
    ["an unknown engine", () => ["--requests", requestsFile("engine", [allowedRequest]), "--engine", "magic"], 'unknown engine "magic"'],
  ])("exit 2 for %s", async (_, args, message) => {
    const run = await policyc("decide", "shop", ...SPEC, ...args());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });
});

describe("explain", () => {
  it("explains a denial: place, requirement, failing part and the smallest additions; exit 1", async () => {
    const run = await policyc("explain", "shop", "orders.export_orders", ...SPEC, "--permission", "View orders");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        "orders.export_orders: Orders | Export orders",
        "  document: (no requirement cell)",
        "  needs:    View orders + Export orders + Export personal data (only if includesPersonalData) + ((View system tasks + [principal is staff]) or Edit orders)",
        "  decision: DENY",
        '  failed:   to do "Export orders": needs Export orders + Export personal data (only if includesPersonalData) + (View system tasks or Edit orders)',
        "  add:",
        "    - Edit orders + Export orders",
        "  no role alone allows it in this context and resource",
        "",
      ].join("\n"),
    );
  });

  it("names the page whose open requirement fails", async () => {
    const run = await policyc("explain", "shop", "groups.delete_a_group", ...SPEC);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  failed:   to open "Groups": needs Edit groups\n');
  });

  it("--role, --staff and --context reach the decision; exit 0 when allowed", async () => {
    const withRole = await policyc("explain", "shop", "orders.edit_an_order", ...SPEC, "--role", "Editor");
    expect(withRole.code).toBe(0);
    expect(withRole.stdout).toContain("  decision: ALLOW\n");
    const staff = ["--permission", "View orders", "--permission", "Export orders", "--permission", "View system tasks"];
    expect((await policyc("explain", "shop", "orders.export_orders", ...SPEC, ...staff)).code).toBe(1);
    expect((await policyc("explain", "shop", "orders.export_orders", ...SPEC, ...staff, "--staff")).code).toBe(0);
    const personal = await policyc("explain", "shop", "orders.export_orders", ...SPEC, ...staff, "--staff", "--context", "includesPersonalData");
    expect(personal.code).toBe(1);
    expect(personal.stdout).toContain("  add:\n    - Export personal data\n");
  });

  describe("on the language constructs", () => {
    const TRACKER = ["--spec", "test/golden/language/spec"];
    it("lists the deny rules and says which one denies and whether its condition holds or is not known", async () => {
      const run = await policyc("explain", "tracker", "Close an issue", ...TRACKER, "--role", "Developer", "--resource", "visibility=private", "--resource", "archived=true");
      expect(run.code).toBe(1);
      expect(run.stdout).toBe(
        [
          "issues.editing.close_an_issue: Issues > Editing | Close an issue",
          "  document: (no requirement cell)",
          "  needs:    Guest access + Developer access",
          '  deny rule: "An archived project is read-only" (resource archived is true, from "Editing"): denies when its condition holds or is not known',
          '  deny rule: "resource locked is true" (from "Editing"): denies when its condition holds or is not known',
          '  deny rule: "Only on public or internal projects" (not (resource visibility is public / internal)): denies when its condition holds or is not known',
          "  decision: DENY",
          '  failed:   the deny rule "An archived project is read-only" (resource archived is true, from "Editing"): its condition holds',
          '  failed:   the deny rule "resource locked is true" (from "Editing"): its condition is not known (the request omits what it reads, or gives a value the spec does not declare)',
          '  failed:   the deny rule "Only on public or internal projects" (not (resource visibility is public / internal)): its condition holds',
          "  no role alone allows it in this context and resource",
          "",
        ].join("\n"),
      );
      const allowed = await policyc("explain", "tracker", "Close an issue", ...TRACKER, "--role", "Developer", "--resource", "visibility=public", "--resource", "locked=false");
      expect(allowed.code).toBe(0);
    });

    it("--principal sets the id, projectUser and declared attributes; non-members are explained by their rule", async () => {
      const nonMember = await policyc("explain", "tracker", "View an issue", ...TRACKER, "--principal", "projectUser=false", "--resource", "visibility=private");
      expect(nonMember.code).toBe(1);
      expect(nonMember.stdout).toContain("  non-members need: [resource visibility is public]\n  reading:  Non-members may view the issues of public projects.\n  decision: DENY\n");
      expect(nonMember.stdout).toContain("  failed:   a principal who is not a user of the project needs [resource visibility is public]\n");
      const author = await policyc("explain", "tracker", "View a confidential issue", ...TRACKER, "--role", "Guest", "--principal", "id=u1", "--resource", "author=u1");
      expect(author.code).toBe(0);
      const external = await policyc("explain", "tracker", "Comment", ...TRACKER, "--role", "Guest", "--principal", "external");
      expect(external.code).toBe(1);
      const typo = await policyc("explain", "tracker", "Use the premium board", ...TRACKER, "--role", "Guest", "--principal", "plan=Premium", "--resource", "tier=premium", "--strict");
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain('principal.plan: "Premium" is not a value of principal.plan ("free", "premium"), so no condition on it holds; did you mean "premium"?');
      const premium = await policyc("explain", "tracker", "Use the premium board", ...TRACKER, "--role", "Guest", "--principal", "plan=premium", "--resource", "tier=premium");
      expect(premium.code).toBe(0);
    });
  });

  it("an unknown action is a usage error", async () => {
    const run = await policyc("explain", "shop", "orders.nope", ...SPEC);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown action "orders.nope"');
  });
});

describe("as a process", () => {
  it("--help and a usage error exit with their codes", async () => {
    const [help, unknown] = await Promise.all([policycProcess(["--help"]), policycProcess(["frobnicate"])]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toContain("Usage: policyc <command>");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it("actions --json gives each action's spec line (positions come from tsx's source maps, which vitest bypasses)", async () => {
    const run = await policycProcess(["actions", "shop", ...SPEC, "--json"]);
    expect(run.code).toBe(0);
    const listing = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    const line = lineOf("test/golden/constructs/spec/shop.ts", 'orders.action("Export orders"');
    expect(listing.find((a) => a.id === "orders.export_orders")?.source).toBe(`test/golden/constructs/spec/shop.ts:${line}`);
  });

  it("loads only what a command uses: --help no engine, target or compiler package; decide on the reference no Cedar, Rego or targets", async () => {
    // Module hooks that write down every module Node loads, one URL a line, to the file POLICYC_TEST_MODULES names.
    const loaded = (name: string) => path.join(tmp, `${name}.modules`);
    const hooks = path.join(tmp, "log-hooks.mjs");
    fs.writeFileSync(hooks, `import fs from "node:fs";\nexport async function load(url, context, next) {\n  fs.appendFileSync(process.env.POLICYC_TEST_MODULES, url + "\\n");\n  return next(url, context);\n}\n`);
    const logger = path.join(tmp, "log-modules.mjs");
    fs.writeFileSync(logger, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const modules = async (name: string, args: string[], input = "") => {
      const run = await policycProcess(args, { nodeOptions: ["--import", pathToFileURL(logger).href], input, env: { POLICYC_TEST_MODULES: loaded(name) } });
      expect(run.stderr).toBe("");
      return fs.readFileSync(loaded(name), "utf8");
    };
    const help = await modules("help", ["--help"]);
    expect(help).toContain("/src/cli/main.ts");
    for (const heavy of ["cedar-wasm", "ts-morph", "/typescript/", "handlebars", "/ajv/", "/src/targets/registry.ts", "/src/targets/cedar/", "/src/engines/", "/src/rego-interpreter/", "/src/cli/compile.ts"]) {
      expect(help, heavy).not.toContain(heavy);
    }
    const request = JSON.stringify([{ action: "orders.edit_an_order", principal: { roles: ["Editor"] } }]);
    const decide = await modules("decide", ["decide", "shop", ...SPEC, "--requests", "-"], request);
    expect(decide).toContain("/src/engines/reference/index.ts");
    for (const heavy of ["cedar-wasm", "ts-morph", "/typescript/", "handlebars", "/src/targets/registry.ts", "/src/targets/cedar/", "/src/targets/rego/", "/src/engines/cedar", "/src/rego-interpreter/"]) {
      expect(decide, heavy).not.toContain(heavy);
    }
  });

  it("decide reads requests from standard input with --requests -, and exits 1 on a denial", async () => {
    const allowed = { action: "orders.edit_an_order", principal: { roles: ["Editor"] } };
    const run = await policycProcess(["decide", "shop", ...SPEC, "--requests", "-"], { input: JSON.stringify([allowed]) });
    expect(run).toMatchObject({ code: 0, stdout: "ALLOW orders.edit_an_order  [reference=allow]\n" });
    const denied = await policycProcess(["decide", "shop", ...SPEC, "--requests", "-"], { input: JSON.stringify([{ ...allowed, principal: {} }]) });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/^DENY orders.edit_an_order/);
  });
});

describe("compile --check", () => {
  it("is 1 while the output directory is stale, 0 once compiled, 1 again after a hand edit", async () => {
    const out = path.join(tmp, "generated");
    const before = await policyc("compile", ...SPEC, "--no-typecheck", "--out", out, "--check");
    expect(before.code).toBe(1);
    expect(before.stderr).toContain("is stale");
    expect(fs.existsSync(out)).toBe(false);

    const compiled = await policyc("compile", ...SPEC, "--no-typecheck", "--out", out);
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toMatch(/^compiled shop: 7 permissions, 3 roles, 14 actions, \d+ fixtures$/m);
    const files = fs.readdirSync(out, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBeGreaterThan(0);

    const after = await policyc("compile", ...SPEC, "--no-typecheck", "--out", out, "--check");
    expect(after.code).toBe(0);
    expect(after.stdout).toContain("is up to date");

    const first = files[0]!;
    const edited = path.join(first.parentPath, first.name);
    fs.appendFileSync(edited, "\n");
    const stale = await policyc("compile", ...SPEC, "--no-typecheck", "--out", out, "--check");
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(path.relative(out, edited).split(path.sep).join("/"));

    fs.writeFileSync(path.join(path.dirname(edited), "stray.txt"), "not generated");
    const extra = await policyc("compile", ...SPEC, "--no-typecheck", "--out", out, "--check");
    expect(extra.code).toBe(1);
    expect(extra.stderr).toContain("stray.txt");
  });

  it("takes no positional arguments", async () => {
    const run = await policyc("compile", "shop", ...SPEC, "--out", path.join(tmp, "unused"), "--check");
    expect(run.code).toBe(2);
  });
});
