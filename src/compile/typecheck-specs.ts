// Type-checking spec files before they run. tsx strips types without checking them, so a spec with a type error
// (a misspelt permission passed where the DSL's types forbid it, a value of the wrong type) would otherwise compile.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { SpecError } from "../ir/errors.ts";
import { fromSources } from "./spec-module-hooks.ts";

/** Options close to the project's tsconfig, loose enough for a user's spec; given here so no tsconfig is needed. */
const COMPILER_OPTIONS = [
  "--ignoreConfig",
  "--noEmit",
  "--pretty", "false",
  "--target", "ES2022",
  "--module", "NodeNext",
  "--moduleResolution", "NodeNext",
  "--allowImportingTsExtensions",
  "--strict",
  "--skipLibCheck",
];

/** `FILE(LINE,COLUMN): error TSCODE: MESSAGE`, as tsc prints a diagnostic with `--pretty false`. */
const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
/** A diagnostic with no position, e.g. a compiler option error. */
const GLOBAL_DIAGNOSTIC = /^error (TS\d+): (.*)$/;

const require = createRequire(import.meta.url);

/**
 * Type errors in the spec files, as spec errors at `file:line:column`. One compiler run (TypeScript 7, native)
 * checks every file together. Only diagnostics inside the spec directory are reported: the specs and what they
 * import from beside them, not policyc's own sources or libraries. A compiler that cannot run is reported as one
 * error, with the way to skip the check. The compiler is its own process, so `policyc compile` loads and compiles
 * the specs while it checks them (about 1.5 s for the seeds).
 */
export async function typecheckSpecs(files: string[], specDir: string): Promise<SpecError[]> {
  if (files.length === 0) return [];
  let compiler: string;
  try {
    compiler = path.join(path.dirname(require.resolve("typescript/package.json")), "bin", "tsc");
  } catch (error) {
    return [cannotRun(`the typescript package cannot be found (${(error as Error).message.split("\n")[0]})`)];
  }
  // From a checkout, "policyc" is the sources (as the spec module hooks resolve it), not a build in dist/.
  const conditions = fromSources ? ["--customConditions", "policyc-source"] : [];
  const run = await runCompiler([compiler, ...COMPILER_OPTIONS, ...conditions, ...nodeTypes(), ...files]);
  if (run.error) return [cannotRun(run.error.message)];
  const { errors, elsewhere } = diagnostics(run.stdout, path.resolve(specDir));
  // Diagnostics outside the spec directory (a library's own types in a user's project) are not the spec's fault.
  if (errors.length === 0 && elsewhere === 0 && run.status !== 0) {
    return [cannotRun(`tsc exited ${run.status}: ${(run.stderr || run.stdout).trim().split("\n")[0] ?? ""}`)];
  }
  return errors;
}

interface CompilerRun {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

/** tsc run by this Node, its output collected. */
function runCompiler(args: string[]): Promise<CompilerRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => resolve({ status: null, stdout: "", stderr: "", error }));
    child.on("close", (status) => resolve({ status, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") }));
  });
}

/**
 * Node's types when they can be found: the DSL's own sources import node: modules. The folder that holds them is
 * given as a type root, since tsc looks for type libraries from the working directory, which may be a user's project.
 */
function nodeTypes(): string[] {
  for (const from of [process.cwd(), path.dirname(require.resolve("typescript/package.json"))]) {
    try {
      const types = path.dirname(path.dirname(require.resolve("@types/node/package.json", { paths: [from] })));
      return ["--typeRoots", types, "--types", "node"];
    } catch {
      // Not from here; try the next place.
    }
  }
  return [];
}

/** tsc's output as spec errors (each diagnostic with the indented lines that continue its message), and how many were elsewhere. */
function diagnostics(output: string, specDir: string): { errors: SpecError[]; elsewhere: number } {
  const errors: SpecError[] = [];
  let elsewhere = 0;
  let current: { detail: string[]; at: SpecError["at"] } | null = null;
  const flush = () => {
    if (current) errors.push(new SpecError("type-error", current.detail.join("\n"), current.at));
    current = null;
  };
  for (const line of output.split(/\r?\n/)) {
    const located = DIAGNOSTIC.exec(line);
    const global = located ? null : GLOBAL_DIAGNOSTIC.exec(line);
    if (located) {
      flush();
      const file = path.resolve(located[1]!);
      if (file !== specDir && !file.startsWith(specDir + path.sep)) {
        elsewhere++;
        continue;
      }
      current = { detail: [`${located[5]} (${located[4]})`], at: { file: path.relative(process.cwd(), file) || file, line: Number(located[2]), column: Number(located[3]) } };
    } else if (global) {
      flush();
      current = { detail: [`${global[2]} (${global[1]})`], at: null };
    } else if (current && /^\s+\S/.test(line)) {
      current.detail.push(line);
    }
  }
  flush();
  return { errors, elsewhere };
}

function cannotRun(why: string): SpecError {
  return new SpecError("type-error", `the spec files could not be type-checked: ${why}; pass --no-typecheck to compile without the check`, null);
}
