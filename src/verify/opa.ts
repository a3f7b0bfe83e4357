// The `opa` binary, when one is installed: found on PATH and run synchronously with its arguments as an array
// (never through a shell), so paths and queries need no quoting.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface OpaBinary {
  path: string;
  /** `Version:` line of `opa version`, e.g. "1.4.2"; "unknown" when it prints none. */
  version: string;
}

export interface OpaRun {
  args: string[];
  status: number | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started or was killed. */
  error?: string;
}

/** The first executable `opa` on PATH (`opa.exe` too on Windows), or undefined. */
export function findOpa(env: NodeJS.ProcessEnv = process.env): OpaBinary | undefined {
  const names = process.platform === "win32" ? ["opa.exe", "opa"] : ["opa"];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return { path: candidate, version: opaVersion(candidate) };
    }
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

function opaVersion(binary: string): string {
  const run = runOpa(binary, ["version"]);
  return /^Version:\s*(\S+)/m.exec(run.stdout)?.[1] ?? "unknown";
}

/** Run opa with arguments; never throws (a failure to start is reported in `error`). */
export function runOpa(binary: string, args: string[], timeoutMs = 120_000): OpaRun {
  const result = spawnSync(binary, args, { encoding: "utf8", timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  return {
    args,
    status: result.status,
    stdout: result.stdout ?? "",
    stderr: result.stderr ?? "",
    ...(result.error ? { error: result.error.message } : {}),
  };
}

/** A run that exited 0. */
export function succeeded(run: OpaRun): boolean {
  return run.status === 0 && !run.error;
}

/** What went wrong in a run, in one paragraph for a person. */
export function failureOf(run: OpaRun): string {
  const output = (run.stderr || run.stdout).trim();
  return `opa ${run.args.join(" ")} ${run.error ? `failed to run: ${run.error}` : `exited ${run.status}`}${output ? `: ${output}` : ""}`;
}

/**
 * The value of the first expression of `opa eval --format json` output; undefined when the query was
 * undefined or the output is not what opa prints.
 */
export function evalValue(stdout: string): unknown {
  try {
    const parsed = JSON.parse(stdout) as { result?: Array<{ expressions?: Array<{ value?: unknown }> }> };
    return parsed.result?.[0]?.expressions?.[0]?.value;
  } catch {
    return undefined;
  }
}
