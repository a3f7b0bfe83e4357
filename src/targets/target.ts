import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { SystemIR } from "../ir/types.ts";

/** One file a target produces, relative to the output directory. */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** An output language hung off the IR. Adding a target is one folder under src/targets/ and one line in registry.ts. */
export interface Target {
  /** Folder name under generated/, e.g. "cedar". */
  name: string;
  /** Emit every file for one system. May be async (e.g. formatting with an engine). Throws a TargetError on failure. */
  emit(system: SystemIR, context: EmitContext): GeneratedFile[] | Promise<GeneratedFile[]>;
}

export interface EmitContext {
  /** Decision fixtures of the system, when the fixtures target has run (targets that emit tests use them). */
  fixtures: import("../verify/fixtures.ts").FixtureFile;
  /** Reports a warning about the output that does not stop it being written (the compile prints it; it never fails). */
  warn?(warning: Diagnostic): void;
}

/** A target could not produce valid output (for example the engine rejected it). */
export class TargetError extends Error {
  constructor(
    readonly target: string,
    readonly system: string,
    readonly detail: string,
  ) {
    super(`${target} target, system ${system}: ${detail}`);
    this.name = "TargetError";
  }
}
