import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import { isSystemBuilder, type SystemBuilder } from "../dsl/system-builder.ts";
import { SpecError } from "../ir/errors.ts";

export interface LoadedSpec {
  file: string;
  builder: SystemBuilder<string, string, string, string>;
}

/** Spec files of a directory: every `.ts` file directly inside it, in name order. */
export function specFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new SpecError("spec-load-failed", `spec directory "${dir}" does not exist`, null);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Import one spec module with tsx and take its default export, which must be a declared system. */
export async function loadSpec(file: string): Promise<LoadedSpec> {
  const relative = path.relative(process.cwd(), file) || file;
  let module: { default?: unknown };
  try {
    module = await tsImport(pathToFileURL(path.resolve(file)).href, import.meta.url);
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new SpecError("spec-load-failed", `the spec module threw while loading: ${message}`, { file: relative, line: lineOf(error, file), column: 1 });
  }
  const builder = module.default;
  if (!isSystemBuilder(builder)) {
    throw new SpecError("spec-load-failed", "the spec module must `export default defineSystem(...)`", { file: relative, line: 1, column: 1 });
  }
  return { file: relative, builder };
}

function lineOf(error: unknown, file: string): number {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const match = new RegExp(`${escapeRegExp(path.basename(file))}:(\\d+)`).exec(stack);
  return match ? Number(match[1]) : 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
