import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export type SpecSourceErrorCode = "unknown-source" | "no-spec-at-ref" | "git-failed";

/** A side of a diff that cannot be read: neither a directory nor a git ref, or git refused. */
export class SpecSourceError extends Error {
  constructor(
    readonly code: SpecSourceErrorCode,
    readonly detail: string,
  ) {
    super(`${detail} [${code}]`);
    this.name = "SpecSourceError";
  }
}

/** One side of a diff: a spec directory on disk, possibly extracted from git for the occasion. */
export interface SpecSource {
  /** What the user wrote, for the report. */
  label: string;
  dir: string;
  /** Removes what was extracted; a no-op for a directory given as such. */
  dispose(): void;
}

/**
 * `arg` is a spec directory, a git ref (its `specPath` is read) or `ref:path`. A ref is extracted into
 * a fresh `.tmp/diff-<commit>-XXXXXX/` inside the repository: specs import "policyc", which resolves to this package
 * only from a file inside it.
 */
export function openSpecSource(arg: string, specPath: string): SpecSource {
  if (isDirectory(arg)) return { label: arg, dir: arg, dispose: () => {} };
  const colon = arg.indexOf(":");
  const [ref, dir] = colon > 0 ? [arg.slice(0, colon), arg.slice(colon + 1)] : [arg, specPath];
  const commit = resolveCommit(ref);
  if (!commit) throw new SpecSourceError("unknown-source", `"${arg}" is neither a spec directory nor a git ref`);
  const root = git(["rev-parse", "--show-toplevel"]).trim();
  const inRepo = path.relative(root, path.resolve(dir)).split(path.sep).join("/");
  const files = git(["ls-tree", "-r", "-z", "--name-only", commit, "--", inRepo]).split("\0").filter(Boolean);
  if (!files.some((f) => f.endsWith(".ts"))) throw new SpecSourceError("no-spec-at-ref", `no spec files under ${inRepo}/ at ${ref}`);
  fs.mkdirSync(path.join(root, ".tmp"), { recursive: true });
  const target = fs.mkdtempSync(path.join(root, ".tmp", `diff-${commit.slice(0, 12)}-`));
  for (const file of files) {
    const out = path.join(target, file);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, gitBytes(["show", `${commit}:${file}`]));
  }
  return {
    label: arg,
    dir: path.relative(process.cwd(), path.join(target, inRepo)) || ".",
    dispose: () => fs.rmSync(target, { recursive: true, force: true }),
  };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function resolveCommit(ref: string): string | null {
  try {
    return git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim() || null;
  } catch {
    return null;
  }
}

function git(args: string[]): string {
  return gitBytes(args).toString("utf8");
}

function gitBytes(args: string[]): Buffer {
  try {
    return execFileSync("git", args, { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new SpecSourceError("git-failed", `git ${args.join(" ")} failed${stderr ? `: ${stderr}` : ""}`);
  }
}
