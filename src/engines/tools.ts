// Where the real engines' programs are found: `make tools` builds them into the project's `.tools/bin`
// (git-ignored); POLICYC_TOOLS_DIR names another folder; the PATH is searched last.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SystemIR } from "../ir/types.ts";
import type { Engine, OpenEngine } from "./engine.ts";

/** The project's own tools folder: `.tools/bin` at the root of the policyc package. */
export const projectToolsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../.tools/bin");

/** The path of an installed program by name, or undefined when it is nowhere to be found. */
export function findTool(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [env.POLICYC_TOOLS_DIR, projectToolsDir, ...(env.PATH ?? "").split(path.delimiter)];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === "win32" ? `${name}.exe` : name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The sentence a skipped engine reports: what is missing and how to get it. */
export function notInstalled(program: string): string {
  return `${program} is not installed (run \`make tools\`; it needs Go and cargo)`;
}

const versions = new Map<string, string>();

/**
 * What an installed program says of its own version (`PROGRAM version`, read by `parse`), asked once per process;
 * "not installed" when it is not found.
 */
export function toolVersion(program: string, parse: (output: string) => string = (output) => output.trim()): string {
  const binary = findTool(program);
  if (!binary) return "not installed";
  let version = versions.get(binary);
  if (version === undefined) versions.set(binary, (version = parse(execFileSync(binary, ["version"], { encoding: "utf8" }))));
  return version;
}

/**
 * An engine that runs an installed program: unavailable until the program is found, its version the program's
 * own, and `open` handed the program's path and version. OPA, cedar-go and regorus are each one of these.
 */
export function programEngine(spec: {
  name: string;
  language: Engine["language"];
  program: string;
  parseVersion?: (output: string) => string;
  open: (binary: string, version: string, system: SystemIR) => Promise<OpenEngine>;
}): Engine {
  const version = () => toolVersion(spec.program, spec.parseVersion);
  return {
    name: spec.name,
    language: spec.language,
    unavailable: () => (findTool(spec.program) ? undefined : notInstalled(spec.program)),
    version,
    async open(system) {
      const binary = findTool(spec.program);
      if (!binary) throw new Error(notInstalled(spec.program));
      return spec.open(binary, version(), system);
    },
  };
}
