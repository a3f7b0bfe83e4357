import fs from "node:fs";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { SpecError, SpecErrors } from "../ir/errors.ts";
import { TargetError } from "../targets/target.ts";
import type { SystemIR } from "../ir/types.ts";
import type { Engine } from "../engines/engine.ts";

export const EXIT = { ok: 0, denied: 1, usage: 2 } as const;

/** A command-line mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface Command {
  name: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

const helpOption = { help: { type: "boolean", short: "h" } } as const;

/** What `parse` returns, spelt out so the built package's type declarations can name it. */
type ParsedFlags<T extends ParseArgsConfig["options"]> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T & typeof helpOption; allowPositionals: boolean; strict: true }>
>;

/** Parse flags strictly; `--help` is handled by the caller. */
export function parse<T extends ParseArgsConfig["options"]>(argv: string[], options: T, allowPositionals = true): ParsedFlags<T> {
  try {
    return parseArgs({ args: argv, options: { ...options, ...helpOption }, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export const specOption = { spec: { type: "string" as const, default: "spec" } };

/** Load one system by id from the spec directory. */
export async function loadSystem(specDir: string, id: string | undefined): Promise<SystemIR> {
  // Imported here, so that commands which read no spec (init, serve, --help) never load the spec loader.
  const { loadSystems } = await import("../compile/load-systems.ts");
  const systems = await loadSystems(specDir);
  if (!id) throw new UsageError(`name a system: ${systems.map((s) => s.system.id).join(", ")}`);
  const found = systems.find((s) => s.system.id === id);
  if (!found) throw new UsageError(`unknown system "${id}"; known: ${systems.map((s) => s.system.id).join(", ")}`);
  return found.system;
}

export function readJsonFile(file: string): unknown {
  const text = file === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(path.resolve(file), "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
}

/** Print an error for a person and return the exit code it deserves. */
export function report(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`policyc: ${error.message}`);
    return EXIT.usage;
  }
  if (error instanceof SpecErrors || error instanceof SpecError || error instanceof TargetError) {
    console.error(error.message);
    return EXIT.usage;
  }
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === "ENOENT") {
    console.error(`policyc: ${error.message}`);
    return EXIT.usage;
  }
  const missing = missingCompilerPackage(error);
  if (missing) {
    console.error(`policyc: this command needs the package "${missing}", which is not installed: the compiler's dependencies are optional dependencies of policyc, so an install with --omit=optional leaves them out (enough for policyc/runtime); install policyc without it to compile, verify, lint or diff`);
    return EXIT.usage;
  }
  throw error;
}

/** The compiler's packages (policyc's optional dependencies) that a command failed to import, if that is the error. */
function missingCompilerPackage(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") return undefined;
  return /Cannot find package '(ajv|handlebars|ts-morph|tsx|typescript|yaml)'/.exec(error.message)?.[1];
}

/**
 * The engines named by `--engine`, or a usage error listing the choices. Loaded on demand: cedar-wasm is heavy.
 * An engine the choice wants that is not installed is reported in one line on stderr; under CI=true that is
 * an error, since CI must run every engine.
 */
export async function enginesFor(choice: string): Promise<Engine[]> {
  const { engineChoices, selectEngines, skippedEngines } = await import("../engines/registry.ts");
  const engines = await selectEngines(choice);
  if (!engines) throw new UsageError(`unknown engine "${choice}"; choose ${engineChoices().join(", ")} (or a comma-separated list)`);
  const skipped = await skippedEngines(choice);
  if (skipped.length) {
    const line = `skipped engines: ${skipped.map((s) => `${s.engine.name} (${s.why})`).join("; ")}`;
    if (process.env.CI === "true") throw new UsageError(`${line}; CI runs every engine`);
    console.error(`policyc: ${line}`);
  }
  const missing = engines.filter((e) => e.unavailable());
  if (missing.length) throw new UsageError(missing.map((e) => e.unavailable()).join("; "));
  return engines;
}
