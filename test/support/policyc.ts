// Two ways for tests to run the CLI. In process (`main(argv)`, output captured) for what a command prints and
// returns, which is most tests: starting Node, tsx and the sources costs a second or more per run. As a process
// (`node bin/policyc.js`) where the process is the point: exit codes as the shell sees them, standard input,
// a user's own project with its own working directory.
import { execFile } from "node:child_process";
import path from "node:path";
import { format } from "node:util";
import { vi } from "vitest";
import { main } from "../../src/cli/main.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let previous: Promise<unknown> = Promise.resolve();

/**
 * `policyc ...args` in this process, from the current directory, with everything it prints captured. Console is
 * shared, so calls are queued: one runs at a time, even when a test starts several at once.
 */
export function policyc(...args: string[]): Promise<Run> {
  const run = previous.then(() => capture(args));
  previous = run.catch(() => undefined);
  return run;
}

async function capture(args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const spies = [
    vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void out.push(format(...parts) + "\n")),
    vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => void err.push(format(...parts) + "\n")),
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => out.push(String(chunk)) > 0),
  ];
  try {
    const code = await main(args);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/**
 * `node bin/policyc.js ...args` as a separate process, optionally in another directory, with standard input, or
 * with Node options before the script (e.g. `--import` of module hooks) and more environment variables.
 */
export function policycProcess(args: string[], options: { cwd?: string; input?: string; timeout?: number; nodeOptions?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...(options.nodeOptions ?? []), path.join(ROOT, "bin/policyc.js"), ...args],
      { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, timeout: options.timeout ?? 120_000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin!.end(options.input ?? "");
  });
}
