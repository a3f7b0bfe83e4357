import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isSystemBuilder, type AnySystemBuilder } from "../dsl/system-builder.ts";
import { SpecError } from "../ir/errors.ts";
import { registerSpecModuleHooks } from "./spec-module-hooks.ts";

export interface LoadedSpec {
  file: string;
  builder: AnySystemBuilder;
}

/** Spec files of a directory: every `.ts` and `.mts` file directly inside it, in name order. */
export function specFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new SpecError("spec-load-failed", `spec directory "${dir}" does not exist`, null);
  return fs
    .readdirSync(dir)
    .filter((f) => /\.m?ts$/.test(f) && !/\.d\.m?ts$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Import one spec module with tsx, as an ES module whatever the project's package.json says, and take its default
 * export, which must be a declared system. tsx is loaded here, by the commands that read specs, and no sooner.
 */
export async function loadSpec(file: string): Promise<LoadedSpec> {
  const relative = path.relative(process.cwd(), file) || file;
  let module: { default?: unknown };
  registerSpecModuleHooks();
  // Positions come from stack traces: Node maps them to the spec's own lines only with source maps on, which
  // the CLI has and a host such as a test runner may not.
  process.setSourceMapsEnabled(true);
  const { tsImport } = await import("tsx/esm/api");
  try {
    module = await tsImport(pathToFileURL(path.resolve(file)).href, import.meta.url);
  } catch (error) {
    const syntax = syntaxError(error);
    if (syntax) throw new SpecError("spec-load-failed", `the spec does not parse: ${syntax.text}`, { ...syntax.at, file: path.relative(process.cwd(), syntax.at.file) || syntax.at.file });
    if (!(error instanceof Error)) {
      // A thrown string or number carries no stack, so nothing says where it was thrown.
      const value = typeof error === "string" ? JSON.stringify(error) : String(error);
      throw new SpecError("spec-load-failed", `the spec module threw ${value}, which is not an Error, so its line is unknown: throw new Error(...) to be pointed at it`, { file: relative, line: 1, column: 1 });
    }
    throw new SpecError("spec-load-failed", `the spec module threw while loading: ${error.message.split("\n")[0]}`, { file: relative, line: lineOf(error, file), column: 1 });
  }
  const builder = module.default;
  if (!isSystemBuilder(builder)) {
    throw new SpecError("spec-load-failed", "the spec module must `export default defineSystem(...)`", { file: relative, line: 1, column: 1 });
  }
  return { file: relative, builder };
}

/**
 * A syntax error found while tsx transforms a spec file (or a file it imports): esbuild's message puts it on a
 * line of its own, `FILE:LINE:COLUMN: ERROR: TEXT` with a 0-based column, after "Transform failed with N error(s):".
 */
function syntaxError(error: unknown): { text: string; at: { file: string; line: number; column: number } } | null {
  const message = error instanceof Error ? error.message : "";
  if (!message.startsWith("Transform failed")) return null;
  const match = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(message);
  return match ? { text: match[4]!, at: { file: match[1]!, line: Number(match[2]), column: Number(match[3]) + 1 } } : null;
}

function lineOf(error: unknown, file: string): number {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const match = new RegExp(`${escapeRegExp(path.basename(file))}:(\\d+)`).exec(stack);
  return match ? Number(match[1]) : 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
