// Spec errors test/validation.test.ts does not cover: specs that do not type-check or parse, a cyclic page tree,
// names differing only by case or whitespace beyond permissions and roles, an empty system made of empty areas,
// modules that throw in other ways; and `policyc compile` keeping the last good output when anything fails.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { buildSystem } from "../src/compile/build-system.ts";
import { writeAtomically } from "../src/compile/compile.ts";
import { loadSpec, specFiles } from "../src/compile/load-specs.ts";
import { typecheckSpecs } from "../src/compile/typecheck-specs.ts";
import { main } from "../src/cli/main.ts";
import { SpecError, SpecErrors } from "../src/ir/errors.ts";
import { cedarTarget } from "../src/targets/cedar/index.ts";
import { TargetError } from "../src/targets/target.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const BAD = "test/specs/bad-more";

/**
 * The specs that must not type-check, as the type check sees them. They are kept type-clean in the repository, so
 * `tsc -p tsconfig.json` (which includes test/) passes: a `@ts-expect-error` directive above each bad line, and the
 * spec that does not even parse stored as .ts.txt. Here they are copied under .tmp/ (inside the package, so
 * "policyc" still resolves) with each directive blanked, which keeps every line number.
 */
fs.mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
const TYPE_ERRORS = fs.mkdtempSync(path.join(ROOT, ".tmp", "spec-errors-types-"));
afterAll(() => fs.rmSync(TYPE_ERRORS, { recursive: true, force: true }));
const copies: Array<[from: string, to: string]> = [
  ["typecheck/misspelt.ts", "typecheck/misspelt.ts"],
  ["syntax/unclosed.ts.txt", "syntax/unclosed.ts"],
];
for (const [from, to] of copies) {
  const text = fs.readFileSync(path.join(ROOT, BAD, from), "utf8").replace(/^(\s*)\/\/ @ts-expect-error.*$/gm, "$1//");
  fs.mkdirSync(path.dirname(path.join(TYPE_ERRORS, to)), { recursive: true });
  fs.writeFileSync(path.join(TYPE_ERRORS, to), text);
}
const TYPECHECK = path.relative(ROOT, path.join(TYPE_ERRORS, "typecheck"));
const SYNTAX = path.relative(ROOT, path.join(TYPE_ERRORS, "syntax"));

/** The `code@file:line` of every error a spec's `// error: <code>` comments announce. */
function announced(file: string): string[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, i) => [...line.matchAll(/\/\/ error: ([a-z-]+)/g)].map((m) => `${m[1]}@${file}:${i + 1}`))
    .sort();
}

const reported = (errors: SpecError[]) => errors.map((e) => `${e.code}@${e.at?.file}:${e.at?.line}`).sort();

/** Load and build as the CLI does; vitest's stack formatter ignores tsx's source maps, so Node's own is put back (see validation.test.ts). */
async function errorsOf(file: string): Promise<SpecError[]> {
  const vitestFormatter = Error.prepareStackTrace;
  Reflect.deleteProperty(Error, "prepareStackTrace");
  try {
    buildSystem((await loadSpec(file)).builder);
  } catch (error) {
    if (error instanceof SpecErrors) return error.errors;
    if (error instanceof SpecError) return [error];
    throw error;
  } finally {
    Error.prepareStackTrace = vitestFormatter;
  }
  return [];
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function policyc(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["bin/policyc.js", ...args], { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Every message starts with `file:line:column: ` and ends with the error's code. */
function expectLocated(errors: SpecError[]) {
  for (const e of errors) {
    expect(e.at, e.message).not.toBeNull();
    expect(e.message.startsWith(`${e.at!.file}:${e.at!.line}:${e.at!.column}: `), e.message).toBe(true);
    expect(e.message.endsWith(`[${e.code}]`), e.message).toBe(true);
  }
}

describe("errors found while building a spec", () => {
  it("names that differ only by case or whitespace: page titles and rows meet as one id; context keys and resource attributes are refused", async () => {
    const file = `${BAD}/case-and-whitespace.ts`;
    const errors = await errorsOf(file);
    expect(reported(errors)).toEqual(announced(file));
    expect(errors.map((e) => e.detail).sort()).toEqual([
      `action id "orders.edit_order" is already used at ${file}:23`,
      `context key "Personal" differs from "personal" (${file}:12) only by case`,
      `page id "orders" is already used at ${file}:22`,
      `resource attribute "Status" differs from "status" (${file}:16) only by case`,
    ]);
    expectLocated(errors);
  });

  it("an empty system: areas and pages but no row, pointing at defineSystem", async () => {
    const file = `${BAD}/empty-areas.ts`;
    const errors = await errorsOf(file);
    expect(reported(errors)).toEqual(announced(file));
    expect(errors[0]!.detail).toBe('system "bad_empty_areas" declares no actions');
    expectLocated(errors);
  });

  it("a cyclic page structure: not expressible with the DSL's calls; forced through a draft, it is an error, not a stack overflow", async () => {
    const file = `${BAD}/structure/page-cycle.ts`;
    const errors = await errorsOf(file);
    expect(reported(errors)).toEqual(announced(file));
    expect(errors[0]!.detail).toBe('page "Orders" is placed inside itself: Orders > Orders');
    expectLocated(errors);
  });
});

describe("modules that throw", () => {
  it("a top-level await that rejects points at the line that made the error", async () => {
    const file = `${BAD}/rejects.ts`;
    const errors = await errorsOf(file);
    expect(reported(errors)).toEqual(announced(file));
    expect(errors[0]!.detail).toBe("the spec module threw while loading: the row catalogue could not be read");
  });

  it("a helper module that throws: the error points at the spec line that called it", async () => {
    const file = `${BAD}/throws-in-helper.ts`;
    const errors = await errorsOf(file);
    expect(reported(errors)).toEqual(announced(file));
    expect(errors[0]!.detail).toBe('the spec module threw while loading: no row table named "orders"');
  });

  it("a thrown string has no stack: the file is named and the message says the line is unknown", async () => {
    const file = `${BAD}/throws-a-string.ts`;
    const errors = await errorsOf(file);
    expect(reported(errors)).toEqual(announced(file));
    expect(errors[0]!.detail).toMatch(/^the spec module threw "the row table is missing", which is not an Error, so its line is unknown/);
    expectLocated(errors);
  });

  it("a spec that does not parse, loaded without the type check: the loader names the line and column of the syntax error", async () => {
    const file = `${SYNTAX}/unclosed.ts`;
    const errors = await errorsOf(file);
    expect(errors.map((e) => `${e.code}@${e.at?.file}:${e.at?.line}:${e.at?.column}`)).toEqual([`spec-load-failed@${file}:13:38`]);
    expect(errors[0]!.detail).toBe('the spec does not parse: Expected ")" but found ";"');
  });

  it("a value the DSL's types forbid (a condition where a requirement goes) is a spec error at its line, not a TypeError", async () => {
    const errors = await errorsOf(`${BAD}/typecheck/misspelt.ts`);
    expect(errors.map((e) => `${e.code}@${e.at?.line}: ${e.detail}`).sort()).toEqual([
      'schema-violation@23: not a requirement: a value of kind "contextFlag"; a condition is made one with require() or onlyIf()',
      'unknown-permission@21: undeclared permission "Edit order"',
    ]);
  });
});

describe("the type check of spec files", () => {
  it("reports every type error of every spec file at file:line:column, in one compiler run", async () => {
    const errors = await typecheckSpecs(specFiles(TYPECHECK), TYPECHECK);
    expect(reported(errors)).toEqual(specFiles(TYPECHECK).flatMap(announced).sort());
    expect(errors.every((e) => e.code === "type-error")).toBe(true);
    expectLocated(errors);
    const detail = (line: number) => errors.find((e) => e.at!.line === line)!.detail;
    expect(detail(13)).toMatch(/^Type 'string' is not assignable to type 'boolean \| undefined'\. \(TS2322\)$/);
    expect(detail(21)).toMatch(/^Argument of type '"Edit order"' is not assignable to parameter of type 'ReqLike<"Edit orders" \| "View orders">'\. \(TS2345\)$/);
    // A message tsc continues on indented lines keeps them.
    expect(detail(23).split("\n").length).toBeGreaterThan(1);
  });

  it("the specs kept in the repository type-check clean: their directives expect exactly those errors", async () => {
    expect(await typecheckSpecs(specFiles(`${BAD}/typecheck`), `${BAD}/typecheck`)).toEqual([]);
  });

  it("reports a syntax error at its position", async () => {
    const errors = await typecheckSpecs(specFiles(SYNTAX), SYNTAX);
    expect(errors.map((e) => `${e.code}@${e.at?.file}:${e.at?.line}:${e.at?.column}: ${e.detail}`)).toEqual([`type-error@${SYNTAX}/unclosed.ts:13:38: ')' expected. (TS1005)`]);
  });

  it("the seed specs and the golden spec type-check clean", async () => {
    expect(await typecheckSpecs(specFiles("spec"), "spec")).toEqual([]);
    expect(await typecheckSpecs(specFiles("test/golden/constructs/spec"), "test/golden/constructs/spec")).toEqual([]);
  });

  it("policyc compile stops on a type error (exit 2, file:line:col on stderr) and writes nothing; --no-typecheck skips the check", async () => {
    const out = fs.mkdtempSync(path.join(ROOT, ".tmp", "spec-errors-out-"));
    try {
      const checked = await policyc("compile", "--spec", TYPECHECK, "--out", out);
      expect(checked.code).toBe(2);
      expect(checked.stderr).toContain(`${TYPECHECK}/misspelt.ts:21:53: Argument of type '"Edit order"' is not assignable`);
      expect(checked.stderr.trim().split("\n").filter((l) => l.endsWith("[type-error]"))).toHaveLength(4);
      expect(checked.stderr).not.toMatch(/\n\s+at /);
      expect(fs.readdirSync(out)).toEqual([]);
      const unchecked = await policyc("compile", "--spec", TYPECHECK, "--out", out, "--no-typecheck");
      expect(unchecked.code).toBe(2);
      expect(unchecked.stderr).not.toMatch(/type-error/);
      expect(unchecked.stderr).toContain(`${TYPECHECK}/misspelt.ts:21:34: undeclared permission "Edit order" [unknown-permission]`);
      const syntax = await policyc("compile", "--spec", SYNTAX, "--out", out);
      expect(syntax.code).toBe(2);
      expect(syntax.stderr.trim()).toBe(`${SYNTAX}/unclosed.ts:13:38: ')' expected. (TS1005) [type-error]`);
      const cycle = await policyc("compile", "--spec", `${BAD}/structure`, "--out", out);
      expect(cycle.code).toBe(2);
      expect(cycle.stderr.trim()).toBe(`${BAD}/structure/page-cycle.ts:13:6: page "Orders" is placed inside itself: Orders > Orders [page-cycle]`);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("policyc compile never leaves the output half-written", () => {
  const work = fs.mkdtempSync(path.join(ROOT, ".tmp", "spec-errors-atomic-"));
  const specDir = path.join(work, "spec");
  const outDir = path.join(work, "generated");
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  /** Two systems: the golden shop spec, and a copy of it under another id that compiles after it. */
  fs.mkdirSync(specDir, { recursive: true });
  const shop = fs.readFileSync(path.join(ROOT, "test/golden/constructs/spec/shop.ts"), "utf8");
  fs.writeFileSync(path.join(specDir, "a-shop.ts"), shop);
  fs.writeFileSync(path.join(specDir, "b-shop.ts"), shop.replace('id: "shop",', 'id: "shop_two",'));

  /** Every file under the output directory with a hash of its bytes, and whatever else sits beside it. */
  function snapshot(): { files: Record<string, string>; beside: string[] } {
    const files: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else files[path.relative(outDir, full)] = createHash("sha256").update(fs.readFileSync(full)).digest("hex");
      }
    };
    walk(outDir);
    return { files, beside: fs.readdirSync(work).sort() };
  }

  /** The CLI in this process, so a target or the file system can be made to fail; output is kept from the console. */
  async function compileInProcess(): Promise<{ code: number; stderr: string }> {
    const errors: string[] = [];
    vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation((...args) => void errors.push(args.join(" ")));
    const code = await main(["compile", "--spec", specDir, "--out", outDir, "--no-typecheck"]);
    vi.mocked(console.log).mockRestore();
    vi.mocked(console.error).mockRestore();
    return { code, stderr: errors.join("\n") };
  }

  /** The last good output the failing compiles must keep (written by the first test, or here when run alone). */
  async function goodOutput() {
    if (!fs.existsSync(outDir)) expect((await compileInProcess()).code).toBe(0);
    return snapshot();
  }

  it("a good compile of two systems writes both", async () => {
    expect(await compileInProcess()).toEqual({ code: 0, stderr: "" });
    const { files } = snapshot();
    expect(Object.keys(files)).toContain("cedar/shop/policies.cedar");
    expect(Object.keys(files)).toContain("cedar/shop_two/policies.cedar");
  });

  it("a target that throws for the second system: exit 2 with the target's message, the last good output byte-identical", async () => {
    const before = await goodOutput();
    // Output of the first system changes too, so an unguarded partial write would show.
    fs.writeFileSync(path.join(specDir, "a-shop.ts"), shop.replace('title: "Shop (every construct)"', 'title: "Shop, edited"'));
    const emit = cedarTarget.emit.bind(cedarTarget);
    vi.spyOn(cedarTarget, "emit").mockImplementation((system, context) => {
      if (system.id === "shop_two") throw new TargetError("cedar", system.id, "Cedar rejected the policies (injected by the test)");
      return emit(system, context);
    });
    const run = await compileInProcess();
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("cedar target, system shop_two: Cedar rejected the policies (injected by the test)");
    expect(snapshot()).toEqual(before);
    fs.writeFileSync(path.join(specDir, "a-shop.ts"), shop);
  });

  it("a rename that fails while the folders are swapped in: every folder already swapped is put back", async () => {
    const before = await goodOutput();
    fs.writeFileSync(path.join(specDir, "a-shop.ts"), shop.replace('title: "Shop (every construct)"', 'title: "Shop, edited"'));
    const rename = fs.renameSync;
    let calls = 0;
    // The fifth rename is the third folder's move out of the way: two folders are already swapped when it fails.
    vi.spyOn(fs, "renameSync").mockImplementation((from, to) => {
      if (++calls === 5) throw Object.assign(new Error(`EBUSY: resource busy or locked, rename '${String(from)}'`), { code: "EBUSY" });
      return rename(from, to);
    });
    await expect(compileInProcess()).rejects.toThrow(/EBUSY/);
    expect(calls).toBeGreaterThan(5);
    expect(snapshot()).toEqual(before);
    fs.writeFileSync(path.join(specDir, "a-shop.ts"), shop);
  });

  it("a write that fails while staging leaves the output and its directory as they were", async () => {
    const before = await goodOutput();
    // A file where the next one needs a directory: staging one of the two fails (the folders are made first, so the
    // file's write fails; were the file written first, its child's folder would).
    const files = [
      { path: "ir/x.json", content: "{}\n" },
      { path: "ir/x.json/y.json", content: "{}\n" },
    ];
    await expect(writeAtomically(outDir, files, ["ir"])).rejects.toThrow(/ENOTDIR|EEXIST|EISDIR/);
    expect(snapshot()).toEqual(before);
  });
});
