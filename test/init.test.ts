import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { initCommand, scaffoldExpectations, scaffoldSpec } from "../src/cli/init.ts";
import { progressReporter } from "../src/cli/progress.ts";
import { compileSpecs, type Compilation } from "../src/compile/compile.ts";
import { specWarnings } from "../src/diagnostics/index.ts";
import { decide } from "../src/eval/decide.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
fs.mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
// Inside the repository: the scaffold imports "policyc", which resolves to this package only from within it.
const dir = fs.mkdtempSync(path.join(ROOT, ".tmp", "init-"));
const specDir = path.relative(process.cwd(), path.join(dir, "spec"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    return await run();
  } finally {
    log.mockRestore();
  }
}

let compilation: Compilation;

beforeAll(async () => {
  expect(await quietly(() => initCommand.run(["demo_shop", "--dir", specDir]))).toBe(0);
  compilation = await compileSpecs(specDir);
});

describe("policyc init", () => {
  it("writes <dir>/<name>.ts with one permission, one role, one page and two actions", () => {
    expect(fs.readFileSync(path.join(specDir, "demo_shop.ts"), "utf8")).toBe(scaffoldSpec("demo_shop"));
    const [{ system }] = compilation.systems as [Compilation["systems"][number]];
    expect(system.id).toBe("demo_shop");
    expect(system.title).toBe("Demo shop");
    expect([system.permissions.length, system.roles.length, system.pages.length, system.actions.length]).toEqual([1, 1, 1, 2]);
  });

  it("compiles at once, and every fixture agrees with its expected decision", () => {
    const [{ system, fixtures }] = compilation.systems as [Compilation["systems"][number]];
    expect(fixtures.count).toBeGreaterThan(10);
    for (const fixture of fixtures.fixtures) expect(decide(system, fixture.request).decision, fixture.id).toBe(fixture.expected);
    expect(decide(system, { action: "items.edit_an_item", principal: { roles: ["Editor"] } }).decision).toBe("allow");
    expect(decide(system, { action: "items.edit_an_item", principal: {} }).decision).toBe("deny");
    expect(decide(system, { action: "items.view_an_item", principal: {} }).decision).toBe("allow");
  });

  it("verifies against its own typed module too", async () => {
    const file = path.join(dir, "demo_shop.generated.ts");
    fs.writeFileSync(file, compilation.files.find((f) => f.path === "ts/demo_shop.ts")!.content);
    const { can } = (await import(pathToFileURL(file).href)) as { can: (p: unknown, a: unknown, c?: unknown, r?: unknown) => boolean };
    const [{ fixtures }] = compilation.systems as [Compilation["systems"][number]];
    for (const f of fixtures.fixtures) {
      const r = f.request as Record<string, unknown>;
      expect(can(r.principal, r.action, r.context, r.resource) ? "allow" : "deny", f.id).toBe(f.expected);
    }
  });

  it("writes cases that policyc test passes on the reference evaluator, with --spec as well as --dir", async () => {
    expect(fs.readFileSync(path.join(specDir, "demo_shop.expect.yaml"), "utf8")).toBe(scaffoldExpectations("demo_shop"));
    const { main } = await import("../src/cli/main.ts");
    expect(await quietly(() => main(["test", "--spec", specDir, "--engine", "reference"]))).toBe(0);
    const other = fs.mkdtempSync(path.join(dir, "spec-"));
    expect(await quietly(() => main(["init", "other_shop", "--spec", other]))).toBe(0);
    expect(fs.readdirSync(other).sort()).toEqual(["other_shop.expect.yaml", "other_shop.ts"]);
  });

  it("leaves nothing for lint to warn about", () => {
    const [{ system, specFile }] = compilation.systems as [Compilation["systems"][number]];
    expect(specWarnings(specFile, system)).toEqual([]);
  });

  it("never overwrites a file and rejects names that cannot be system ids", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { main } = await import("../src/cli/main.ts");
      expect(await quietly(() => main(["init", "demo_shop", "--dir", specDir]))).toBe(2);
      expect(errors.mock.calls.flat().join("\n")).toContain("already exists");
      for (const bad of ["Demo", "9lives", "with-dash", "package"]) expect(await quietly(() => main(["init", bad, "--dir", specDir])), bad).toBe(2);
      expect(fs.readdirSync(specDir).sort()).toEqual(["demo_shop.expect.yaml", "demo_shop.ts"]);
    } finally {
      errors.mockRestore();
    }
  });
});

describe("progress reporter (src/cli/progress.ts)", () => {
  const sink = (isTTY: boolean) => {
    const writes: string[] = [];
    return { writes, stream: { isTTY, write: (chunk: string) => writes.push(chunk) > 0 } };
  };

  it("draws one updating line on a terminal, throttled, and clears it when done", () => {
    const { writes, stream } = sink(true);
    let clock = 0;
    const progress = progressReporter({ stream, env: {}, now: () => clock, intervalMs: 100 });
    progress.start("verify shop", 4);
    progress.tick();
    clock = 150;
    progress.tick();
    progress.tick(5);
    progress.done();
    expect(writes).toEqual(["\r\x1b[Kverify shop 0/4 (0%)", "\r\x1b[Kverify shop 2/4 (50%)", "\r\x1b[Kverify shop 4/4 (100%)", "\r\x1b[K"]);
  });

  it("writes nothing when standard error is not a terminal or CI=true", () => {
    for (const [isTTY, env] of [
      [false, {}],
      [true, { CI: "true" }],
    ] as const) {
      const { writes, stream } = sink(isTTY);
      const progress = progressReporter({ stream, env });
      progress.start("compile", 2);
      progress.tick(2);
      progress.done();
      expect(writes).toEqual([]);
    }
  });
});
