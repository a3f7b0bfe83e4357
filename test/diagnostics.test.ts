import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSystems } from "../src/compile/load-systems.ts";
import { formatDiagnostic, specWarnings, type Diagnostic } from "../src/diagnostics/index.ts";
import { alwaysRequired } from "../src/diagnostics/warnings.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
fs.mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
const dir = fs.mkdtempSync(path.join(ROOT, ".tmp", "diagnostics-"));
const specDir = path.join(dir, "spec");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Every warning once, plus look-alikes that must not warn: an any-of open requirement, a staff-only
// permission used only by a role, a flag read only below a page.
const SPEC = `import { defineSystem } from "policyc";

const lintme = defineSystem({
  id: "lintme",
  title: "Lint me",
  document: "lint.md",
  permissions: {
    "View stock": {},
    "Edit stock": {},
    "Never used": { description: "Declared, granted by nobody, needed by nothing." },
    "Only granted": { staffOnly: true },
    "Audit": {},
  },
  roles: {
    Clerk: { grants: ["Edit stock", "Only granted"] },
  },
  context: {
    bulk: { description: "A bulk change." },
    forgotten: { description: "Nobody reads this." },
  },
  resource: {
    kind: { kind: "enum", values: ["a", "b"], description: "Nobody reads this either." },
  },
});
const { all, any, onlyIf, ctx } = lintme.req;
const again = all("View stock", "Edit stock");

lintme.area("Stock", { open: "View stock" }, (stock) => {
  stock.action("Edit", all("Edit stock", "View stock"));
  stock.action("Bulk edit", onlyIf(ctx("bulk"), "Edit stock"));
  stock.action("Edit again", again);
  stock.section("Audit", { open: all("Audit", "View stock") }, (audit) => {
    audit.action("Read the log", "Audit");
  });
});
lintme.area("Either", { open: any("View stock", "Audit") }, (either) => {
  either.action("Look", "View stock");
});

export default lintme;
`;

let warnings: Diagnostic[];
let specFile: string;

/** 1-based line and column in the spec of \`inner\` inside the only appearance of \`text\`. */
function at(text: string, inner = text): string {
  expect(SPEC.split(text), text).toHaveLength(2);
  const index = SPEC.indexOf(text) + text.indexOf(inner);
  const before = SPEC.slice(0, index).split("\n");
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

beforeAll(async () => {
  fs.mkdirSync(specDir, { recursive: true });
  fs.writeFileSync(path.join(specDir, "lintme.ts"), SPEC);
  const [loaded] = await loadSystems(path.relative(process.cwd(), specDir));
  specFile = loaded!.specFile;
  warnings = specWarnings(specFile, loaded!.system);
});

describe("spec diagnostics", () => {
  it("points every warning at spec/<file>.ts:line:col, in line order", () => {
    expect(warnings.every((w) => w.at.file === specFile && w.severity === "warning")).toBe(true);
    const lines = warnings.map((w) => w.at.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it("warns about a permission no action, page or role uses, at its catalogue key", () => {
    const unused = warnings.filter((w) => w.code === "unused-permission");
    expect(unused.map((w) => `${w.at.line}:${w.at.column}`)).toEqual([at('"Never used"')]);
    expect(unused[0]!.message).toBe('permission "Never used" is declared but no action, page or role uses it');
  });

  it("warns about declared context keys and resource attributes no action reads", () => {
    expect(warnings.filter((w) => w.code === "unused-context-key").map((w) => [w.message, `${w.at.line}:${w.at.column}`])).toEqual([
      ['context key "forgotten" is declared but no action reads it', at("forgotten:")],
    ]);
    expect(warnings.filter((w) => w.code === "unused-resource-attribute").map((w) => `${w.at.line}:${w.at.column}`)).toEqual([at("kind: {")]);
  });

  it("warns where an action or a page below asks again for a permission its page already needs", () => {
    const redundant = warnings.filter((w) => w.code === "redundant-permission");
    expect(redundant.map((w) => `${w.at.line}:${w.at.column}`)).toEqual([
      at('stock.action("Edit", all("Edit stock", "View stock"))', '"View stock"'),
      at('stock.action("Edit again", again)'), // built elsewhere: the call itself
      at('{ open: all("Audit", "View stock") }', '"View stock"'),
      at('audit.action("Read the log", "Audit")', '"Audit"'),
    ]);
    expect(redundant[0]!.message).toBe('"View stock" is already needed to open "Stock"; action "Edit" below it asks for it again');
    expect(redundant[2]!.message).toBe('"View stock" is already needed to open "Stock"; opening "Audit" below it asks for it again');
  });

  it("formats a warning the way editors and CI annotations read it", () => {
    expect(formatDiagnostic(warnings[0]!)).toMatch(/^\.tmp\/diagnostics-\w+\/spec\/lintme\.ts:\d+:\d+: warning: .+ \[[a-z-]+\]$/);
  });

  it("a permission is always required by an all-of, and by an any-of only when every alternative needs it", () => {
    const p = (permission: string) => ({ kind: "permission" as const, permission });
    expect([...alwaysRequired({ kind: "allOf", items: [p("a"), { kind: "anyOf", items: [{ kind: "allOf", items: [p("b"), p("c")] }, p("b")] }] })]).toEqual(["a", "b"]);
    expect([...alwaysRequired({ kind: "onlyIf", condition: { kind: "principalStaff" }, then: p("a") })]).toEqual([]);
  });

  it("finds nothing to say about the shop spec", async () => {
    const [shop] = await loadSystems("test/golden/constructs/spec");
    expect(specWarnings(shop!.specFile, shop!.system)).toEqual([]);
  });

  it("policyc lint prints the warnings and exits 0; --json prints them as data", async () => {
    const spec = path.relative(ROOT, specDir);
    const text = await run("lint", "--spec", spec);
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split("\n")).toEqual([...warnings.map(formatDiagnostic), "lint: 7 warnings in 1 system"]);
    const json = await run("lint", "--spec", spec, "--json");
    expect(JSON.parse(json.stdout)).toEqual(warnings);
  });
});

function run(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["bin/policyc.js", ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout });
    });
  });
}
