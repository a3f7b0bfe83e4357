import type { SourcePosition } from "./types.ts";

export type SpecErrorCode =
  | "duplicate-id"
  | "duplicate-name"
  | "identifier-collision"
  | "invalid-identifier"
  | "unknown-permission"
  | "unknown-role"
  | "unknown-context-key"
  | "unknown-resource-attribute"
  | "unknown-principal-attribute"
  | "invalid-default"
  | "role-cycle"
  | "page-cycle"
  | "empty-requirement"
  | "unsatisfiable-requirement"
  | "empty-system"
  | "spec-load-failed"
  | "type-error"
  | "schema-violation"
  | "invalid-authzen-mapping";

/** A problem in a spec, pointing at the spec line that caused it. */
export class SpecError extends Error {
  constructor(
    readonly code: SpecErrorCode,
    readonly detail: string,
    readonly at: SourcePosition | null,
  ) {
    super(at ? `${at.file}:${at.line}:${at.column}: ${detail} [${code}]` : `${detail} [${code}]`);
    this.name = "SpecError";
  }
}

/** Several spec errors at once, so a user fixes them in one pass. */
export class SpecErrors extends Error {
  constructor(readonly errors: SpecError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "SpecErrors";
  }
}
