import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// policyc used the way a platform team would: from its own project, outside this repository, with policyc
// installed in node_modules (here a link to this checkout, as `npm install <path>` makes it).
const repo = path.resolve(".");
const project = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-user-"));
fs.mkdirSync(path.join(project, "node_modules"));
fs.symlinkSync(repo, path.join(project, "node_modules", "policyc"), "dir");
fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "platform-policies", private: true, type: "module" }));
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

const policyc = (...args: string[]) => spawnSync(process.execPath, [path.join(repo, "bin/policyc.js"), ...args], { cwd: project, encoding: "utf8" });

describe("a user's own project", () => {
  it("scaffolds, compiles and verifies its own spec", () => {
    expect(policyc("init", "acme", "--dir", "spec").status).toBe(0);
    const compiled = policyc("compile", "--spec", "spec", "--out", "generated");
    expect(compiled.stderr).toBe("");
    expect(compiled.status).toBe(0);
    expect(fs.existsSync(path.join(project, "generated/cedar/acme/policies.cedar"))).toBe(true);
    expect(fs.existsSync(path.join(project, "generated/rego/acme/policy.rego"))).toBe(true);
    const verified = policyc("verify", "--spec", "spec");
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/verify: \d+ passed, 0 failed/);
  });

  it("reports a misspelt permission in its spec as a type error at the spec line, exit 2", () => {
    const file = path.join(project, "spec/acme.ts");
    const text = fs.readFileSync(file, "utf8");
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('items.action("Edit an item", "Edit items")'));
    expect(line).toBeGreaterThan(0);
    fs.writeFileSync(file, text.replace('items.action("Edit an item", "Edit items")', 'items.action("Edit an item", "Edit itms")'));
    const run = policyc("compile", "--spec", "spec", "--out", "generated");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`spec/acme.ts:${line + 1}:`);
    expect(run.stderr).toContain('"Edit itms"');
    expect(run.stderr).toContain("[type-error]");
  });
});
