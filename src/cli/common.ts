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
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** Parse flags strictly; `--help` is handled by the caller. */
export function parse<T extends ParseArgsConfig["options"]>(argv: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export const specOption = { spec: { type: "string" as const, default: "spec" } };

/** Load one system by id from the spec directory. */
export async function loadSystem(specDir: string, id: string | undefined): Promise<SystemIR> {
  // Loaded on demand: the compiler (tsx, the targets) is heavy, and `policyc serve` never needs it.
  const { loadSystems } = await import("../compile/compile.ts");
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
  throw error;
}

/**
 * The engines named by `--engine`, or a usage error listing the choices. Loaded on demand: cedar-wasm is heavy.
 * An engine the choice wants that is not installed is reported in one line on stderr; under CI=true that is
 * an error, since CI must run every engine.
 */
export async function enginesFor(choice: string): Promise<Engine[]> {
  const { engineChoices, selectEngines, skippedEngines } = await import("../engines/registry.ts");
  const engines = selectEngines(choice);
  if (!engines) throw new UsageError(`unknown engine "${choice}"; choose ${engineChoices().join(", ")} (or a comma-separated list)`);
  const skipped = skippedEngines(choice);
  if (skipped.length) {
    const line = `skipped engines: ${skipped.map((s) => `${s.engine.name} (${s.why})`).join("; ")}`;
    if (process.env.CI === "true") throw new UsageError(`${line}; CI runs every engine`);
    console.error(`policyc: ${line}`);
  }
  const missing = engines.filter((e) => e.unavailable());
  if (missing.length) throw new UsageError(missing.map((e) => e.unavailable()).join("; "));
  return engines;
}
