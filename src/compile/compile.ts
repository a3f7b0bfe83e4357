import fs from "node:fs";
import path from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { SystemIR } from "../ir/types.ts";
import { prepareTargetsWorker, startTargetsWorker } from "../targets/in-worker.ts";
import { targets } from "../targets/registry.ts";
import type { GeneratedFile } from "../targets/target.ts";
import { generateFixtures, type FixtureFile } from "../verify/fixtures.ts";
import { loadSystems, type DeclaredSystem } from "./load-systems.ts";

// Also from here, where it used to live: commands that must stay light import it from load-systems.ts.
export { loadSystems };

export interface CompiledSystem {
  system: SystemIR;
  fixtures: FixtureFile;
  specFile: string;
}

export interface Compilation {
  systems: CompiledSystem[];
  /** Every output file, relative to the output directory, sorted by path. */
  files: GeneratedFile[];
  /** The targets' warnings about their output (say, a system AVP cannot hold), in system order: never fatal. */
  warnings: Diagnostic[];
}

/** Spec directory -> IR -> every target's files, in memory. */
export async function compileSpecs(specDir: string, only?: string[]): Promise<Compilation> {
  const systems: CompiledSystem[] = [];
  const files: GeneratedFile[] = [];
  const warnings: Diagnostic[] = [];
  // Only the systems compiled: a worker prepared for one left out would idle until the process ends.
  const prepare = (declared: DeclaredSystem) => {
    if (!only?.length || only.includes(declared.id)) prepareTargetsWorker(declared);
  };
  for (const { system, specFile } of await loadSystems(specDir, prepare)) {
    if (only?.length && !only.includes(system.id)) continue;
    startTargetsWorker(system);
    const fixtures = generateFixtures(system);
    systems.push({ system, fixtures, specFile });
    const targetWarnings: Diagnostic[][] = targets.map(() => []);
    files.push(...(await emitTargets(system, fixtures, (i, warning) => targetWarnings[i]!.push(warning))));
    warnings.push(...targetWarnings.flat());
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { systems, files, warnings };
}

/**
 * Every target's files for one system. A target that runs in a worker thread is awaited only after the others
 * have emitted, so this thread does their work meanwhile; the first target (in registry order) that fails is reported.
 * `warn` gets each target's warnings with the target's index in the registry, since they may come in any order.
 */
export async function emitTargets(system: SystemIR, fixtures: FixtureFile, warn?: (target: number, warning: Diagnostic) => void): Promise<GeneratedFile[]> {
  const emitting = targets.map((target, i) => Promise.resolve().then(() => target.emit(system, { fixtures, warn: warn && ((w) => warn(i, w)) })));
  const emitted = await Promise.allSettled(emitting);
  const files: GeneratedFile[] = [];
  emitted.forEach((outcome, i) => {
    if (outcome.status === "rejected") throw outcome.reason;
    for (const file of outcome.value) files.push({ path: `${targets[i]!.name}/${file.path}`, content: file.content });
  });
  return files;
}

/** Paths that differ between the compilation and what is on disk under `outDir` (changed, added or removed). */
export function staleFiles(outDir: string, files: GeneratedFile[], managed: string[]): string[] {
  const stale: string[] = [];
  const expected = new Map(files.map((f) => [f.path, f.content]));
  for (const [p, content] of expected) {
    const full = path.join(outDir, p);
    if (!fs.existsSync(full) || fs.readFileSync(full, "utf8") !== content) stale.push(p);
  }
  for (const p of listFiles(outDir, managed)) if (!expected.has(p)) stale.push(p);
  return stale.sort();
}

/**
 * Write the compilation so that an error midway never leaves a half-written tree: everything is written
 * to a fresh directory beside `outDir`, then each managed folder is swapped in with a rename.
 */
export async function writeAtomically(outDir: string, files: GeneratedFile[], managed: string[]): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(path.resolve(outDir)), `.${path.basename(outDir)}-staging-`));
  try {
    const staged = files.map((file) => ({ full: path.join(staging, file.path), content: file.content }));
    // Each folder is made once: a target may write ten thousand files into one.
    const made = new Set<string>();
    for (const { full } of staged) {
      const folder = path.dirname(full);
      if (!made.has(folder)) fs.mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    await writeAll(staged);
    swapIn(staging, outDir, managed);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** How many files are written at once: libuv's thread pool has four threads. */
const WRITES_AT_ONCE = 4;

/**
 * Write every file, a few at once on libuv's thread pool rather than one after another in this thread: the kernel's
 * copy of a large system's output (150 MB at 10,000 actions) then runs on both cores.
 */
async function writeAll(files: Array<{ full: string; content: string }>): Promise<void> {
  let next = 0;
  const writer = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      await fs.promises.writeFile(file.full, file.content);
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITES_AT_ONCE, files.length) }, writer));
}

/**
 * Replace each managed folder of `outDir` by its staged version. A rename that fails midway (a folder held open,
 * permissions) puts back every folder already swapped, so the output stays entirely the previous one.
 */
function swapIn(staging: string, outDir: string, managed: string[]): void {
  const done: Array<{ current: string; old: string | null; replaced: boolean }> = [];
  try {
    for (const folder of managed) {
      const next = path.join(staging, folder);
      const current = path.join(outDir, folder);
      const step = { current, old: fs.existsSync(current) ? `${current}.old-${process.pid}` : null, replaced: false };
      if (step.old) fs.renameSync(current, step.old);
      done.push(step);
      if (fs.existsSync(next)) {
        fs.renameSync(next, current);
        step.replaced = true;
      }
    }
  } catch (error) {
    for (const step of done.reverse()) {
      if (step.replaced) fs.rmSync(step.current, { recursive: true, force: true });
      if (step.old) fs.renameSync(step.old, step.current);
    }
    throw error;
  }
  for (const step of done) if (step.old) fs.rmSync(step.old, { recursive: true, force: true });
}

/** The target folders a compilation owns under the output directory. */
export function managedFolders(): string[] {
  return targets.map((t) => t.name);
}

function listFiles(root: string, folders: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const full = path.join(root, rel);
    if (!fs.existsSync(full)) return;
    for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else out.push(child.split(path.sep).join("/"));
    }
  };
  folders.forEach(walk);
  return out;
}

