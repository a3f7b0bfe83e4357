// The reports of `policyc test` pinned byte for byte (text, JSON, JUnit), as OPA pins its tester's reports.
// Re-bless with `make golden` (UPDATE_GOLDEN=1) after an intended change, and read the diff.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/main.ts";

const dir = "test/golden/constructs/test-report";
const update = process.env.UPDATE_GOLDEN === "1";
const args = ["test", "--spec", "test/golden/constructs/spec", "--cases", "test/golden/constructs/cases.yaml", "--engine", "reference"];
afterEach(() => vi.restoreAllMocks());

async function run(extra: string[]): Promise<{ code: number; stdout: string }> {
  const out: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  vi.spyOn(console, "error").mockImplementation(() => {});
  const code = await main([...args, ...extra]);
  vi.restoreAllMocks();
  return { code, stdout: `${out.join("\n")}\n` };
}

function pinned(name: string, content: string): void {
  const file = path.join(dir, name);
  if (update) fs.writeFileSync(file, content);
  expect(content).toBe(fs.readFileSync(file, "utf8"));
}

describe("policyc test reports", () => {
  it("for a person", async () => {
    const { code, stdout } = await run([]);
    expect(code).toBe(1);
    pinned("report.txt", stdout);
  });

  it("as JSON, and as JUnit XML", async () => {
    const junit = path.join("test/golden/constructs/test-report", ".junit.tmp.xml");
    try {
      const { code, stdout } = await run(["--json", "--junit", junit]);
      expect(code).toBe(1);
      pinned("report.json", stdout);
      pinned("junit.xml", fs.readFileSync(junit, "utf8"));
    } finally {
      fs.rmSync(junit, { force: true });
    }
  });
});
