// policyc as a new user gets it: `npm pack`, the tarball installed into fresh projects made with `npm init -y`
// (CommonJS, what npm writes) and with "type": "module", then `policyc init`, `compile`, `verify`, `test` and an
// application importing policyc/runtime. Nothing here runs from this checkout's sources: the CLI is dist/.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-pack-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A program run to its end, never rejecting: its exit code and output. */
async function run(file: string, args: string[], cwd: string): Promise<Run> {
  // The real engines `make tools` built for this checkout, which an installed package cannot know of by itself;
  // under CI=true verify must run them all.
  const tools = process.env.POLICYC_TOOLS_DIR || path.join(ROOT, ".tools/bin");
  const env = { ...process.env, POLICYC_TOOLS_DIR: tools, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, { cwd, env, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? String(error) };
  }
}

const npm = (args: string[], cwd: string) => run("npm", args, cwd);
/** The installed CLI, through npx as the README says. */
const npx = (args: string[], cwd: string) => run("npx", ["--no-install", "policyc", ...args], cwd);

/** A fresh project: `npm init -y` (so "type": "commonjs"), then `npm install` of the tarball with extra flags. */
async function project(name: string, tarball: string, installFlags: string[] = []): Promise<string> {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  expect((await npm(["init", "-y"], dir)).code).toBe(0);
  const installed = await npm(["install", "--prefer-offline", ...installFlags, tarball], dir);
  expect(installed.code, installed.stderr).toBe(0);
  return dir;
}

/** An application deciding requests on a compiled system through policyc/runtime: prints the two decisions. */
const APPLICATION = `
(async () => {
  const { createAuthorizer, loadCompiledSystem } = await import("policyc/runtime");
  const authorizer = await createAuthorizer({ system: loadCompiledSystem(process.argv[2], "demo"), engine: "reference" });
  const editor = await authorizer.decide({ action: "items.edit_an_item", principal: { roles: ["Editor"] } });
  const nobody = await authorizer.decide({ action: "items.edit_an_item", principal: {} });
  console.log(editor.decision, nobody.decision);
  await authorizer.close();
})();
`;

const TYPESCRIPT_ONLY = `\nexport type ItemAction = "View an item" | "Edit an item";\nexport const firstAction: ItemAction = "View an item";\n`;

let tarball: string;
let files: string[];

beforeAll(async () => {
  const packed = await npm(["pack", "--json", "--pack-destination", tmp], ROOT);
  expect(packed.code, packed.stderr).toBe(0);
  const [report] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = path.join(tmp, report!.filename);
  files = report!.files.map((f) => f.path);
}, 300_000);

describe("the tarball", () => {
  it("holds the compiled CLI, library, runtime, their types and the templates, and no tests, benches, specs or sources", () => {
    for (const file of ["bin/policyc.js", "dist/cli/main.js", "dist/index.js", "dist/index.d.ts", "dist/runtime/index.js", "dist/runtime/index.d.ts", "templates/cedar/policies.cedar.hbs", "package.json", "README.md"]) {
      expect(files, file).toContain(file);
    }
    const unwanted = files.filter((f) => /^(test|bench|spec|generated|src|tools|docs)\//.test(f) || f.endsWith(".ts") && !f.endsWith(".d.ts"));
    expect(unwanted).toEqual([]);
  });
});

describe("a CommonJS project made with npm init -y", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project("commonjs", tarball);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).type).toBe("commonjs");
  }, 300_000);

  // Six CLI processes on the real engines, one after another: the limit is for a busy machine, not a measurement.
  it("init, compile, verify, test: a .ts spec and an .mts spec", async () => {
    expect((await npx(["init", "demo"], dir)).code).toBe(0);
    expect((await npx(["init", "other"], dir)).code).toBe(0);
    fs.renameSync(path.join(dir, "spec/other.ts"), path.join(dir, "spec/other.mts"));
    // Syntax only TypeScript has, so a spec that is not compiled as TypeScript fails to load.
    for (const spec of ["spec/demo.ts", "spec/other.mts"]) fs.appendFileSync(path.join(dir, spec), TYPESCRIPT_ONLY);
    const compiled = await npx(["compile"], dir);
    expect(compiled.stderr).toBe("");
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toMatch(/^compiled demo: /m);
    expect(compiled.stdout).toMatch(/^compiled other: /m);
    for (const file of ["cedar/demo/policies.cedar", "rego/demo/policy.rego", "ir/other.json", "ts/demo.ts"]) expect(fs.existsSync(path.join(dir, "generated", file)), file).toBe(true);
    expect((await npx(["compile", "--check"], dir)).code).toBe(0);
    const verified = await npx(["verify"], dir);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/verify: [1-9]\d* passed, 0 failed/);
    const tested = await npx(["test"], dir);
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
  }, 240_000);

  it("points each action at its spec line (positions read from stacks in dist/, the spec mapped by tsx)", async () => {
    const listed = await npx(["actions", "demo", "--json"], dir);
    expect(listed.code, listed.stderr).toBe(0);
    const line = fs.readFileSync(path.join(dir, "spec/demo.ts"), "utf8").split("\n").findIndex((text) => text.includes('items.action("Edit an item"')) + 1;
    const actions = JSON.parse(listed.stdout) as Array<{ id: string; source: string }>;
    expect(actions.find((a) => a.id === "items.edit_an_item")?.source).toBe(`spec/demo.ts:${line}`);
  });

  it("a type error in the spec is reported at its line, exit 2", async () => {
    const file = path.join(dir, "spec/demo.ts");
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, text.replace('items.action("Edit an item", "Edit items")', 'items.action("Edit an item", "Edit itms")'));
    try {
      const broken = await npx(["compile", "--check"], dir);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/^spec\/demo\.ts:\d+:\d+: [^]*"Edit itms"[^]*\[type-error\]/);
    } finally {
      fs.writeFileSync(file, text);
    }
  });

  it("an application imports policyc/runtime and decides on the compiled output", async () => {
    fs.writeFileSync(path.join(dir, "app.js"), APPLICATION);
    const decided = await run(process.execPath, ["app.js", "generated"], dir);
    expect(decided).toMatchObject({ code: 0, stdout: "allow deny\n" });
  });
});

describe("an ES module project", () => {
  it("init and compile", async () => {
    const dir = path.join(tmp, "esm");
    fs.mkdirSync(dir);
    // The CommonJS project's installation, shared: only the package.json type differs.
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "esm-policies", private: true, type: "module" }));
    fs.symlinkSync(path.join(tmp, "commonjs", "node_modules"), path.join(dir, "node_modules"), "dir");
    const cli = path.join(dir, "node_modules/.bin/policyc");
    expect((await run(cli, ["init", "shop"], dir)).code).toBe(0);
    fs.appendFileSync(path.join(dir, "spec/shop.ts"), TYPESCRIPT_ONLY);
    const compiled = await run(cli, ["compile"], dir);
    expect(compiled.stderr).toBe("");
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toMatch(/^compiled shop: /m);
    expect(fs.existsSync(path.join(dir, "generated/cedar/shop/policies.cedar"))).toBe(true);
  });
});

describe("an application that installs policyc without its optional (compiler) dependencies", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project("runtime-only", tarball, ["--omit=optional"]);
  }, 300_000);

  it("gets none of the compiler's packages, and policyc/runtime works", async () => {
    for (const name of ["typescript", "tsx", "ts-morph", "handlebars", "ajv", "yaml"]) expect(fs.existsSync(path.join(dir, "node_modules", name)), name).toBe(false);
    fs.cpSync(path.join(tmp, "commonjs", "generated"), path.join(dir, "compiled"), { recursive: true });
    fs.writeFileSync(path.join(dir, "app.js"), APPLICATION);
    expect(await run(process.execPath, ["app.js", "compiled"], dir)).toMatchObject({ code: 0, stdout: "allow deny\n" });
  });

  it("--help and init run without them; the compiler says which package it misses, exit 2", async () => {
    expect((await npx(["--help"], dir)).code).toBe(0);
    expect((await npx(["init", "demo"], dir)).code).toBe(0);
    const compiled = await npx(["compile"], dir);
    expect(compiled.code).toBe(2);
    expect(compiled.stderr).toMatch(/^policyc: this command needs the package "(typescript|tsx|ajv|handlebars|ts-morph|yaml)", which is not installed/);
  });
});
