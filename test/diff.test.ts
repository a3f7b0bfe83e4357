import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSystems } from "../src/compile/load-systems.ts";
import { compareVersions, diffMarkdown, openSpecSource, SpecSourceError, type DiffReport, type SystemDiff } from "../src/diff/index.ts";
import { smallestFlip } from "../src/diff/compare.ts";
import { decide, ReferenceEvaluator } from "../src/eval/decide.ts";
import type { SystemIR } from "../src/ir/types.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const SHOP = "test/golden/constructs/spec";
fs.mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
const dir = fs.mkdtempSync(path.join(ROOT, ".tmp", "diff-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The shop spec with edits applied; each edit must match exactly once. */
function variant(name: string, edits: Array<[string, string]>): string {
  let text = fs.readFileSync(path.join(ROOT, SHOP, "shop.ts"), "utf8");
  for (const [from, to] of edits) {
    expect(text.split(from), from).toHaveLength(2);
    text = text.replace(from, to);
  }
  const out = path.join(dir, name);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "shop.ts"), text);
  return path.relative(ROOT, out);
}

const EDITS: Array<[string, string]> = [
  // more permissive: Export orders becomes an alternative to Edit orders
  ['orders.action("Edit an order", "Edit orders");', 'orders.action("Edit an order", any("Edit orders", "Export orders"));'],
  // less permissive: archiving also needs Export orders
  ['all("Edit orders", require(resourceIn("status", "draft")))', 'all("Edit orders", "Export orders", require(resourceIn("status", "draft")))'],
  // both: a group with users may now be deleted, an empty one only with Export orders
  ['groups.action("Delete a group", all(require(resourceIs("hasUsers", false))));', 'groups.action("Delete a group", any(require(resourceIs("hasUsers", true)), "Export orders"));'],
  // same decisions, different wording
  ['orders.action("Copy an order", none());', 'orders.action("Copy an order", any(none(), "Edit orders"));'],
  // removed and added
  ['  help.action("Read help", anyUser());\n', '  help.action("Read the manual", anyUser());\n'],
  // a new role whose grant opens nothing by itself
  ['    Viewer: { grants: ["View orders"] },', '    Viewer: { grants: ["View orders"] },\n    Auditor: { grants: ["Export personal data"] },'],
];

let before: SystemIR;
let after: SystemIR;
let report: DiffReport;
let shop: SystemDiff;

beforeAll(async () => {
  const changed = variant("new", EDITS);
  before = (await loadSystems(SHOP))[0]!.system;
  after = (await loadSystems(changed))[0]!.system;
  report = compareVersions("old", [before], "new", [after]);
  shop = report.systems[0]!;
});

describe("policyc diff: comparing decisions", () => {
  it("reports actions added and removed", () => {
    expect(shop.status).toBe("changed");
    expect(shop.actionsAdded.map((a) => a.action)).toEqual(["help.read_the_manual"]);
    expect(shop.actionsRemoved.map((a) => a.action)).toEqual(["help.read_help"]);
    expect(shop.rolesAdded).toEqual(["Auditor"]);
  });

  it("classifies each changed action as more permissive, less permissive or both", () => {
    expect(shop.changed.map((c) => [c.action, c.direction])).toEqual([
      ["orders.edit_an_order", "more permissive"],
      ["orders.archive_a_draft", "less permissive"],
      ["groups.delete_a_group", "both"],
    ]);
  });

  it("gives example requests that really flip between the two versions", () => {
    for (const change of shop.changed) {
      for (const flip of [change.examples.loosened, change.examples.tightened]) {
        if (!flip) continue;
        expect(decide(before, flip.request).decision, JSON.stringify(flip.request)).toBe(flip.old);
        expect(decide(after, flip.request).decision, JSON.stringify(flip.request)).toBe(flip.new);
      }
      expect(change.examples.loosened !== null).toBe(change.loosened > 0);
      expect(change.examples.tightened !== null).toBe(change.tightened > 0);
    }
    const both = shop.changed.find((c) => c.direction === "both")!;
    expect(both.examples.loosened!.old).toBe("deny");
    expect(both.examples.tightened!.old).toBe("allow");
  });

  it("gives the smallest request that flips: dropping any permission, role or key of it stops the flip", () => {
    for (const change of shop.changed) {
      for (const flip of [change.examples.loosened, change.examples.tightened]) {
        if (!flip) continue;
        const request = flip.request as { principal: { permissions?: string[]; roles?: string[] }; context?: object; resource?: object };
        const smaller: unknown[] = [
          ...(request.principal.permissions ?? []).map((p) => ({ ...request, principal: { ...request.principal, permissions: request.principal.permissions!.filter((q) => q !== p) } })),
          ...(request.principal.roles ?? []).map((r) => ({ ...request, principal: { ...request.principal, roles: request.principal.roles!.filter((q) => q !== r) } })),
          ...(["context", "resource"] as const).flatMap((where) =>
            Object.keys(request[where] ?? {}).map((key) => ({ ...request, [where]: Object.fromEntries(Object.entries(request[where]!).filter(([k]) => k !== key)) })),
          ),
        ];
        for (const r of smaller) {
          const still = decide(before, r).decision === flip.old && decide(after, r).decision === flip.new;
          expect(still, `${JSON.stringify(r)} still flips`).toBe(false);
        }
      }
    }
    const edit = shop.changed.find((c) => c.action === "orders.edit_an_order")!;
    expect((edit.examples.loosened!.request as { principal: { permissions: string[] } }).principal.permissions).toContain("Export orders");
  });

  it("shrinks a flip that states everything to what makes it flip", () => {
    const everything = {
      action: "orders.archive_a_draft",
      principal: { permissions: before.permissions.map((p) => p.name).filter((n) => n !== "Export orders"), roles: ["Viewer"], staff: true },
      context: { includesPersonalData: true },
      resource: { status: "draft" },
    };
    const flip = smallestFlip([{ request: everything, old: "allow", new: "deny" }], new ReferenceEvaluator(before), new ReferenceEvaluator(after))!;
    // View orders comes from the Viewer role once the permission itself is dropped: either is a smallest request.
    expect(flip.request).toEqual({ action: "orders.archive_a_draft", principal: { permissions: ["Edit orders"], roles: ["Viewer"] }, resource: { status: "draft" } });
  });

  it("tells a rewrite with the same decisions apart from a change", () => {
    expect(shop.rewritten.map((r) => r.action)).toEqual(["orders.copy_an_order"]);
    expect(shop.changed.some((c) => c.action === "orders.copy_an_order")).toBe(false);
  });

  it("sees decisions change through a role even where no requirement changed", async () => {
    const dirWithRole = variant("role", [['    Viewer: { grants: ["View orders"] },', '    Viewer: { grants: ["View orders"] },\n    Auditor: { grants: ["View orders"] },']]);
    const withRole = (await loadSystems(dirWithRole))[0]!.system;
    const diff = compareVersions("old", [before], "new", [withRole]).systems[0]!;
    expect(diff.changed.map((c) => c.action)).toEqual(["orders.open", "orders.copy_an_order"]);
    expect(diff.changed[0]).toMatchObject({ direction: "more permissive", old: "View orders", new: "View orders" });
    expect(diff.changed[0]!.examples.loosened!.request).toEqual({ action: "orders.open", principal: { roles: ["Auditor"] }, resource: {}, context: {} });
    expect(diffMarkdown(compareVersions("old", [before], "new", [withRole]))).toContain("- `orders.open`: View orders (unchanged: the roles or permissions it reads changed)");
  });

  it("finds nothing between a version and itself", () => {
    const same = compareVersions("a", [before], "b", [structuredClone(before)]);
    expect(same.systems.map((s) => s.status)).toEqual(["unchanged"]);
    expect(diffMarkdown(same)).toContain("No changes");
  });

  it("reports systems that appear or disappear", () => {
    const appeared = compareVersions("a", [], "b", [before]);
    expect(appeared.systems[0]).toMatchObject({ system: "shop", status: "added" });
    expect(appeared.systems[0]!.actionsAdded).toHaveLength(before.actions.length);
    expect(compareVersions("a", [before], "b", []).systems[0]).toMatchObject({ status: "removed" });
  });

  it("renders Markdown for a pull-request comment with one table row per changed action", () => {
    const md = diffMarkdown(report);
    expect(md.startsWith("## policyc diff: `old` → `new`\n")).toBe(true);
    expect(md).toContain("3 actions decide differently (1 more permissive, 1 less permissive, 1 both); 1 action added; 1 action removed; 1 requirement rewritten with the same decisions");
    const rows = md.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\| `orders\.edit_an_order` Orders > Edit an order \| more permissive \| \d+ deny → allow \(of \d+\) \| deny → allow: `\{.*\}` \|$/);
    expect(rows[2]).toContain("<br>");
    expect(md).toContain("Added:\n- `help.read_the_manual` Help > Read the manual: needs any user of the project\n");
    expect(md).toContain("Roles added: Auditor.");
    expect(md.endsWith("\n")).toBe(true);
  });
});

describe("policyc diff: sides", () => {
  it("reads a spec directory as it is", () => {
    const side = openSpecSource(SHOP, "spec");
    expect(side.dir).toBe(SHOP);
    side.dispose();
    expect(fs.existsSync(SHOP)).toBe(true);
  });

  it("extracts a git ref's spec directory inside the repository, where `policyc` resolves, and removes it after", async () => {
    const side = openSpecSource(`HEAD:${SHOP}`, "spec");
    try {
      expect(path.resolve(side.dir).startsWith(path.join(ROOT, ".tmp") + path.sep)).toBe(true);
      expect(side.dir.endsWith(SHOP)).toBe(true);
      const [loaded] = await loadSystems(side.dir);
      expect(loaded!.system.id).toBe("shop");
    } finally {
      side.dispose();
    }
    expect(fs.existsSync(side.dir)).toBe(false);
  });

  it("rejects what is neither a directory nor a ref, and a ref without specs", () => {
    expect(() => openSpecSource("no-such-dir-or-ref", "spec")).toThrow(SpecSourceError);
    expect(() => openSpecSource("HEAD:no/such/dir", "spec")).toThrow(/no spec files under no\/such\/dir\/ at HEAD/);
  });

  it("policyc diff <ref:dir> <dir> --json prints the report; Markdown by default; exit 0", async () => {
    const changed = variant("cli", EDITS.slice(0, 1));
    const json = await policyc("diff", `HEAD:${SHOP}`, changed, "--json");
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as DiffReport;
    expect(parsed.old).toBe(`HEAD:${SHOP}`);
    expect(parsed.systems[0]!.changed.map((c) => [c.action, c.direction])).toEqual([["orders.edit_an_order", "more permissive"]]);
    const md = await policyc("diff", SHOP, changed);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("| `orders.edit_an_order` Orders > Edit an order | more permissive |");
    const bad = await policyc("diff", "no-such-dir-or-ref");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("neither a spec directory nor a git ref");
  });
});

function policyc(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["bin/policyc.js", ...args], { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}
