// The real engines (OPA, regorus, cedar-go: built by `make tools`) on the emitted files as shipped. CI must
// have every one of them; elsewhere a missing engine skips its tests with the reason.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadAllEngines } from "../src/engines/registry.ts";
import { evaluateWithRegorus } from "../src/engines/regorus/index.ts";
import { findTool } from "../src/engines/tools.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const inCi = process.env.CI === "true";
const allEngines = await loadAllEngines();

describe("the real engines", () => {
  it.runIf(inCi)("are all installed under CI", () => {
    expect(allEngines.map((e) => [e.name, e.unavailable() ?? "installed"])).toEqual(allEngines.map((e) => [e.name, "installed"]));
  });

  it("report their versions", () => {
    for (const engine of allEngines.filter((e) => !e.unavailable())) expect(engine.version(), engine.name).toMatch(/\S/);
  });
});

/** Every emitted bundle with its tests: the seed systems and the golden case. */
function bundles(): Array<{ name: string; bundle: string; tests: string }> {
  const found: Array<{ name: string; bundle: string; tests: string }> = [];
  for (const rego of [path.join(ROOT, "generated/rego"), ...fs.readdirSync(path.join(ROOT, "test/golden")).map((c) => path.join(ROOT, "test/golden", c, "expected/rego"))]) {
    if (!fs.existsSync(rego)) continue;
    for (const system of fs.readdirSync(rego)) {
      found.push({ name: path.relative(ROOT, path.join(rego, system)), bundle: path.join(rego, system), tests: path.join(rego, "..", "rego-tests", system) });
    }
  }
  return found;
}

const regorus = findTool("regorus-decide");

describe.skipIf(!regorus && !inCi)(`regorus on every emitted file as shipped${regorus ? "" : " (skipped: regorus-decide is not installed; run make tools)"}`, () => {
  for (const { name, bundle, tests } of bundles()) {
    it(`${name}: loads policy.rego and policy_test.rego within regorus's limits, and every generated test passes`, async () => {
      expect(regorus, "regorus-decide must be installed under CI").toBeDefined();
      const testFile = path.join(tests, "policy_test.rego");
      const text = fs.readFileSync(testFile, "utf8");
      const testPackage = /^package (\S+)$/m.exec(text)![1]!;
      const testNames = [...text.matchAll(/^(test_\w+) if \{$/gm)].map((m) => m[1]!);
      expect(testNames.length).toBeGreaterThan(0);
      // regorus adds data at the root; both files are written rooted at `data` for that reason.
      const data = { ...JSON.parse(fs.readFileSync(path.join(bundle, "data.json"), "utf8")), ...JSON.parse(fs.readFileSync(path.join(tests, "fixtures.json"), "utf8")) };
      const dataFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policyc-regorus-tests-")), "data.json");
      fs.writeFileSync(dataFile, JSON.stringify(data));
      try {
        const result = await evaluateWithRegorus(regorus!, { policies: [path.join(bundle, "policy.rego"), testFile], data: dataFile }, testNames.map((t) => ({ rule: `data.${testPackage}.${t}` })));
        expect(result.ok ? "loaded" : result.problem).toBe("loaded");
        if (!result.ok) return;
        const failing = testNames.flatMap((t, i) => (result.answers[i]!.value === true ? [] : [`${t}: ${JSON.stringify(result.answers[i])}`]));
        expect(failing).toEqual([]);
      } finally {
        fs.rmSync(path.dirname(dataFile), { recursive: true, force: true });
      }
    });
  }
});
