import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildSystem } from "../src/compile/build-system.ts";
import { loadSpec, specFiles } from "../src/compile/load-specs.ts";
import { SpecError, SpecErrors, type SpecErrorCode } from "../src/ir/errors.ts";

// Every bad spec marks the lines its errors must point at with `// error: <code>`.
const SPECS = "test/specs";

/** The `code@file:line` of every error the spec's comments announce. */
function announced(file: string): string[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, i) => [...line.matchAll(/\/\/ error: ([a-z-]+)/g)].map((m) => `${m[1]}@${file}:${i + 1}`))
    .sort();
}

/**
 * loadSpec as the CLI runs it. Vitest replaces Error.prepareStackTrace with its own, which does not apply the source
 * maps of modules tsx loads (frames read `spec.ts?tsx-namespace=…:1:193`); the CLI runs with Node's default, which does.
 */
async function loadSpecAsCli(file: string) {
  const vitestFormatter = Error.prepareStackTrace;
  Reflect.deleteProperty(Error, "prepareStackTrace");
  try {
    return await loadSpec(file);
  } finally {
    Error.prepareStackTrace = vitestFormatter;
  }
}

/** Load and build a spec; return every error it raises (load errors included), as SpecError values. */
async function errorsOf(file: string): Promise<SpecError[]> {
  try {
    buildSystem((await loadSpecAsCli(file)).builder);
  } catch (error) {
    if (error instanceof SpecErrors) return error.errors;
    if (error instanceof SpecError) return [error];
    throw error;
  }
  return [];
}

const reported = (errors: SpecError[]) => errors.map((e) => `${e.code}@${e.at?.file}:${e.at?.line}`).sort();

async function expectErrors(name: string, expected: Array<[SpecErrorCode, RegExp]>) {
  const file = path.join(SPECS, name);
  const errors = await errorsOf(file);
  // Every error announced by the spec's comments, at exactly those lines, and nothing else.
  expect(reported(errors)).toEqual(announced(file));
  expect(errors).toHaveLength(expected.length);
  for (const [code, detail] of expected) {
    expect(errors.some((e) => e.code === code && detail.test(e.detail)), `${code} ${detail}`).toBe(true);
  }
  // The message a person reads starts with file:line:column.
  for (const e of errors) expect(e.message.startsWith(`${file}:${e.at!.line}:${e.at!.column}: `)).toBe(true);
  return errors;
}

describe("catalogue errors", () => {
  it("duplicate-id: a permission id, an action row and an area title used twice", async () => {
    await expectErrors("bad-catalogue/duplicate-id.ts", [
      ["duplicate-id", /^permission id "edit" is already used at test\/specs\/bad-catalogue\/duplicate-id\.ts:9$/],
      ["duplicate-id", /^action id "orders\.edit_an_order" is already used at .*duplicate-id\.ts:16$/],
      ["duplicate-id", /^page id "orders" is already used at .*duplicate-id\.ts:15$/],
    ]);
  });

  it("duplicate-name: permission and role names that differ only by case or whitespace", async () => {
    await expectErrors("bad-catalogue/duplicate-name.ts", [
      ["duplicate-name", /^permission name "edit {2}Orders " differs from "Edit orders"/],
      ["duplicate-name", /^role name " viewer" differs from "Viewer"/],
    ]);
  });

  it("identifier-collision: ids that meet once separators are dropped", async () => {
    await expectErrors("bad-catalogue/identifier-collision.ts", [["identifier-collision", /^permission id "editorders" collides with "edit_orders"/]]);
  });

  it("invalid-identifier: reserved system id, bad permission id, reserved and malformed context and resource keys", async () => {
    await expectErrors("bad-catalogue/invalid-identifier.ts", [
      ["invalid-identifier", /^system id "package"/],
      ["invalid-identifier", /^permission id "View-Orders"/],
      ["invalid-identifier", /^key "in" /],
      ["invalid-identifier", /^key "has-dash" /],
      ["invalid-identifier", /^key "data" /],
      ["invalid-identifier", /^key "9lives" /],
    ]);
  });

  it("unknown-permission and unknown-role: names forced past the types with a cast", async () => {
    await expectErrors("bad-catalogue/unknown-permission.ts", [
      ["unknown-permission", /^role "Clerk" grants undeclared permission "View order"$/],
      ["unknown-role", /^role "Manager" includes undeclared role "Clerks"$/],
      ["unknown-permission", /^undeclared permission "Edit orders"$/],
    ]);
  });

  it("role-cycle: two roles including each other, and a role including itself", async () => {
    await expectErrors("bad-catalogue/role-cycle.ts", [
      ["role-cycle", /Clerk -> Manager -> Clerk$/],
      ["role-cycle", /Narcissus -> Narcissus$/],
    ]);
  });

  it("empty-system: no actions at all, pointing at defineSystem", async () => {
    await expectErrors("bad-catalogue/empty-system.ts", [["empty-system", /^system "bad_empty" declares no actions$/]]);
  });
});

describe("requirement errors", () => {
  it("empty-requirement: all() and any() with no items", async () => {
    const errors = await expectErrors("bad-requirements/empty-requirement.ts", [
      ["empty-requirement", /^all\(\) needs at least one item$/],
      ["empty-requirement", /^any\(\) needs at least one item$/],
    ]);
    // The position is the helper call, not the action: column of `all(` / `any(` on the line.
    const lines = fs.readFileSync(path.join(SPECS, "bad-requirements/empty-requirement.ts"), "utf8").split("\n");
    for (const e of errors) expect(lines[e.at!.line - 1]!.slice(e.at!.column - 1)).toMatch(/^(all|any)\(/);
  });

  it("unsatisfiable-requirement: a flag required both true and false, found by searching the request space", async () => {
    await expectErrors("bad-requirements/unsatisfiable.ts", [["unsatisfiable-requirement", /^action "Archive a draft" \(orders\.archive_a_draft\) can never be allowed$/]]);
  });

  it("unsatisfiable-requirement: resourceIn with no values", async () => {
    await expectErrors("bad-requirements/no-values.ts", [["unsatisfiable-requirement", /^resourceIn\("status"\) lists no values$/]]);
  });

  it("unknown-context-key: undeclared key, a permission list used as a flag, a flag used as a list", async () => {
    await expectErrors("bad-requirements/unknown-context-key.ts", [
      ["unknown-context-key", /^context key "includesEverything" is not declared as a flag$/],
      ["unknown-context-key", /^context key "granted" is not declared as a flag$/],
      ["unknown-context-key", /^context key "includesPersonalData" is not declared as a permissionList$/],
    ]);
  });

  it("unknown-resource-attribute: a value outside the enum, an undeclared attribute", async () => {
    await expectErrors("bad-requirements/unknown-resource-attribute.ts", [
      ["unknown-resource-attribute", /^"archived" is not a value of resource attribute "status"$/],
      ["unknown-resource-attribute", /^resource attribute "locked" is not declared as flag$/],
    ]);
  });
});

describe("spec module errors", () => {
  it("spec-load-failed: the module throws; the error points at the throwing line", async () => {
    await expectErrors("bad-modules/throws.ts", [["spec-load-failed", /^the spec module threw while loading: the row table is missing$/]]);
  });

  it("spec-load-failed: no default export", async () => {
    await expectErrors("bad-modules/no-default-export.ts", [["spec-load-failed", /export default defineSystem/]]);
  });

  it("spec-load-failed: a spec directory that does not exist", () => {
    expect(() => specFiles("test/specs/no-such-dir")).toThrow(expect.objectContaining({ code: "spec-load-failed", at: null }));
  });
});

describe("the bad specs themselves", () => {
  it("every bad spec announces at least one error and every error code is exercised", async () => {
    const codes = new Set<string>();
    for (const dir of fs.readdirSync(SPECS).filter((d) => d.startsWith("bad-"))) {
      for (const file of specFiles(path.join(SPECS, dir))) {
        const lines = announced(file);
        expect(lines.length, file).toBeGreaterThan(0);
        lines.forEach((l) => codes.add(l.split("@")[0]!));
      }
    }
    const all: SpecErrorCode[] = [
      "duplicate-id",
      "duplicate-name",
      "identifier-collision",
      "invalid-identifier",
      "unknown-permission",
      "unknown-role",
      "unknown-context-key",
      "unknown-resource-attribute",
      "role-cycle",
      "empty-requirement",
      "unsatisfiable-requirement",
      "empty-system",
      "spec-load-failed",
    ];
    expect([...codes].sort()).toEqual([...all].sort());
  });

  it("a good spec builds without errors (the checks are not simply always failing)", async () => {
    expect(await errorsOf("test/golden/constructs/spec/shop.ts")).toEqual([]);
    expect(await errorsOf("spec/maestro.ts")).toEqual([]);
  });
});
