// Reviewers read generated output as diffs: a one-line spec change must change only the lines about it. Every
// generated rule and policy is named by what it checks (never by a counter), so adding a condition or an action
// only adds lines: the old output is a subsequence of the new.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileSpecs } from "../src/compile/compile.ts";

const GOLDEN = path.resolve("test/golden/constructs/spec");
// Inside the project, so the spec's `import "policyc"` resolves as it does for the golden case.
const work = fs.mkdtempSync(path.join(path.resolve(".tmp"), "diff-friendly-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The golden spec with one line replaced, compiled. */
async function compiledWith(from: string, to: string): Promise<Map<string, string>> {
  const dir = fs.mkdtempSync(path.join(work, "spec-"));
  for (const file of fs.readdirSync(GOLDEN)) {
    const text = fs.readFileSync(path.join(GOLDEN, file), "utf8");
    if (file === "shop.ts") {
      expect(text, "the line to edit is in the golden spec").toContain(from);
      fs.writeFileSync(path.join(dir, file), text.replace(from, to));
    } else fs.writeFileSync(path.join(dir, file), text);
  }
  return new Map((await compileSpecs(dir)).files.map((f) => [f.path, f.content]));
}

/** Lines of `before` that are missing, in order, from `after`; none when `after` only adds lines. */
function linesLost(before: string, after: string): string[] {
  const next = after.split("\n");
  let at = 0;
  const lost: string[] = [];
  for (const line of before.split("\n")) {
    const found = next.indexOf(line, at);
    if (found < 0) lost.push(line);
    else at = found + 1;
  }
  return lost;
}

// The policy files reviewers approve; the generated docs are a document (a table row may list one more action).
const REVIEWED = ["rego/shop/data.json", "rego-tests/shop/policy_test.rego", "cedar/shop/policies.cedar"];

describe("generated output changes only where the spec does", () => {
  const exportLine = 'orders.action("Export orders", all("Export orders", onlyIf(ctx("includesPersonalData"), "Export personal data"), any("View system tasks", "Edit orders")));';

  it("adding a condition before an existing one adds lines and renames nothing", async () => {
    const before = await compiledWith(exportLine, exportLine);
    const after = await compiledWith(exportLine, exportLine.replace('all("Export orders", ', 'all("Export orders", onlyIf(resourceIn("status", "archived"), "View system tasks"), '));
    for (const file of REVIEWED) {
      expect(after.get(file), file).not.toBe(before.get(file));
      // Only lines about the edited action may change (its fixture count, say).
      expect(linesLost(before.get(file)!, after.get(file)!).filter((line) => !line.includes("orders.export_orders")), file).toEqual([]);
    }
  });

  it("adding an action adds lines and renames nothing", async () => {
    const before = await compiledWith(exportLine, exportLine);
    const after = await compiledWith(exportLine, `${exportLine}\n  orders.action("Cancel an order", any("Edit orders", "Export orders"));`);
    for (const file of REVIEWED) {
      expect(after.get(file), file).not.toBe(before.get(file));
      expect(linesLost(before.get(file)!, after.get(file)!), file).toEqual([]);
    }
  });
});
