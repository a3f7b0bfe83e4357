// A system Amazon Verified Permissions cannot hold (src/targets/cedar/avp.ts): its Cedar output is written without
// policies/ (one file per policy, for AVP), and the compile warns, naming the system, each quota gone over with its
// measured figure and limit, without failing, --check included.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSpecs, type Compilation } from "../src/compile/compile.ts";
import type { Diagnostic } from "../src/diagnostics/diagnostic.ts";
import { formatDiagnostic } from "../src/diagnostics/index.ts";
import { AVP_QUOTAS, quotasExceeded } from "../src/targets/cedar/avp.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
fs.mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
const dir = fs.mkdtempSync(path.join(ROOT, ".tmp", "avp-quotas-"));
const specDir = path.join(dir, "spec");
const outDir = path.join(dir, "generated");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** One action that needs any of 400 permissions with long names: its permit alone is over 10,000 bytes. */
const names = Array.from({ length: 400 }, (_, i) => `Permission number ${i} of a very long list`);
const SPEC = `import { defineSystem } from "policyc";

const names = ${JSON.stringify(names)};
const huge = defineSystem({
  id: "huge",
  title: "Huge",
  document: "huge.md",
  permissions: Object.fromEntries(names.map((n) => [n, {}])),
  roles: {},
});
huge.area("Everything", {}, (area) => {
  area.action("Do it", huge.req.any(...names));
  area.action("Look", names[0]);
});

export default huge;
`;

let compilation: Compilation;

beforeAll(async () => {
  fs.mkdirSync(specDir, { recursive: true });
  fs.writeFileSync(path.join(specDir, "huge.ts"), SPEC);
  compilation = await compileSpecs(path.relative(process.cwd(), specDir));
});

describe("a system over Amazon Verified Permissions' quotas", () => {
  it("measures each quota as AVP counts it: over only past the limit", () => {
    const policy = (id: string, bytes: number) => ({ id, text: "x".repeat(bytes) });
    expect(quotasExceeded([policy("a", AVP_QUOTAS.policy)], "{}")).toEqual([]);
    expect(quotasExceeded([policy("a", 10), policy("b", AVP_QUOTAS.policy + 1)], "{}")).toEqual([
      { quota: "policy", what: "policy b (the largest)", bytes: AVP_QUOTAS.policy + 1, limit: AVP_QUOTAS.policy },
    ]);
    const many = Array.from({ length: 21 }, (_, i) => policy(`p${i}`, 9_600));
    expect(quotasExceeded(many, "x".repeat(AVP_QUOTAS.schema + 1)).map((q) => [q.quota, q.bytes])).toEqual([
      ["unscopedPolicies", 21 * 9_600],
      ["schema", AVP_QUOTAS.schema + 1],
    ]);
  });

  it("is compiled without policies/, policies.cedar and the schema still written", () => {
    const paths = compilation.files.map((f) => f.path).filter((p) => p.startsWith("cedar/"));
    expect(paths.some((p) => p.startsWith("cedar/huge/policies/"))).toBe(false);
    expect(paths).toEqual(
      ["README.md", "entities.json", "examples.json", "policies.cedar", "schema.cedarschema", "schema.cedarschema.json"].map((f) => `cedar/huge/${f}`),
    );
  });

  it("says so in policies.cedar's opening comment and the README, which point to no policies/ folder", () => {
    const content = (file: string) => compilation.files.find((f) => f.path === `cedar/huge/${file}`)!.content;
    for (const file of ["policies.cedar", "README.md"]) {
      expect(content(file)).not.toContain("policies/");
      expect(content(file)).toMatch(/Amazon Verified Permissions[^]*over [^]*quotas/);
    }
  });

  it("gets one warning at the system's declaration that names the system, the quota, the figure and the limit", () => {
    expect(compilation.warnings).toHaveLength(1);
    const [warning] = compilation.warnings;
    expect(warning!.code).toBe("avp-quota-exceeded");
    expect(warning!.at.file).toMatch(/huge\.ts$/);
    expect(warning!.at.line).toBe(SPEC.split("\n").findIndex((l) => l.includes("defineSystem(")) + 1);
    const permit = compilation.files.find((f) => f.path === "cedar/huge/policies.cedar")!.content.split("\n\n").find((p) => p.includes('@id("everything.do_it")'))!;
    const bytes = new Intl.NumberFormat("en-US").format(Buffer.byteLength(permit + "\n"));
    expect(warning!.message).toBe(
      `the Cedar output of system huge is over Amazon Verified Permissions' quotas: policy everything.do_it (the largest) ${bytes} bytes (limit 10,000). ` +
        "cedar/huge/policies/ (one file per policy, for AVP) is not written; policies.cedar and the schema are, for cedar-wasm or any other Cedar",
    );
  });

  it("policyc compile and compile --check print the warning and succeed", async () => {
    const spec = path.relative(ROOT, specDir);
    const out = path.relative(ROOT, outDir);
    const written = await run("compile", "--no-typecheck", "--spec", spec, "--out", out);
    expect(written.code).toBe(0);
    expect(written.stderr.trim()).toBe(formatDiagnostic(compilation.warnings[0]!));
    expect(fs.existsSync(path.join(outDir, "cedar/huge/policies"))).toBe(false);
    const checked = await run("compile", "--no-typecheck", "--check", "--spec", spec, "--out", out);
    expect(checked.code).toBe(0);
    expect(checked.stderr.trim()).toBe(formatDiagnostic(compilation.warnings[0]!));
    expect(checked.stdout).toMatch(/is up to date/);
  });

  it("policyc lint gives the same warning, and none for the seeds", async () => {
    const linted = await run("lint", "--spec", path.relative(ROOT, specDir), "--json");
    expect(linted.code).toBe(0);
    expect(JSON.parse(linted.stdout).filter((w: Diagnostic) => w.code === "avp-quota-exceeded")).toEqual(compilation.warnings);
    const seeds = await run("lint", "--json");
    expect(JSON.parse(seeds.stdout).filter((w: Diagnostic) => w.code === "avp-quota-exceeded")).toEqual([]);
  });
});

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["bin/policyc.js", ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}
