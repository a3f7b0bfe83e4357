// Running an engine's program: arguments as an array (never through a shell), input on stdin, output
// collected whole. Never rejects: a failure to start or a kill is reported in `error`.
import { spawn } from "node:child_process";

export interface ProgramRun {
  program: string;
  args: string[];
  status: number | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started or was killed. */
  error?: string;
}

export function runProgram(program: string, args: string[], options: { input?: string; timeoutMs?: number; cwd?: string } = {}): Promise<ProgramRun> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"], timeout: options.timeoutMs ?? 600_000 });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let error: string | undefined;
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (e) => (error ??= e.message));
    // A program that exits before reading all its input closes the pipe: that is its exit status's business.
    child.stdin.on("error", () => {});
    child.on("close", (status, signal) => {
      if (signal) error ??= `killed by ${signal}`;
      resolve({ program, args, status, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), ...(error ? { error } : {}) });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** A run that exited 0. */
export function succeeded(run: ProgramRun): boolean {
  return run.status === 0 && !run.error;
}

/** What went wrong in a run, in one paragraph for a person. */
export function failureOf(run: ProgramRun): string {
  const output = (run.stderr || run.stdout).trim();
  const name = run.program.split(/[\\/]/).pop();
  return `${name} ${run.args.join(" ")} ${run.error ? `failed to run: ${run.error}` : `exited ${run.status}`}${output ? `: ${output.slice(0, 2000)}` : ""}`;
}
