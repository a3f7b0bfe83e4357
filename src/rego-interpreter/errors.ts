// Typed errors of the Rego interpreter. Codes follow OPA's where OPA has one;
// "rego_unsupported" is ours: a refusal, never a guess.

export type RegoErrorCode =
  | "rego_parse_error"
  | "rego_compile_error"
  | "rego_type_error"
  | "rego_unsafe_var_error"
  | "rego_recursion_error"
  | "rego_unsupported"
  | "eval_conflict_error"
  | "eval_builtin_error"
  | "eval_type_error"
  | "eval_internal_error";

export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export class RegoError extends Error {
  readonly code: RegoErrorCode;
  readonly detail: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;

  constructor(code: RegoErrorCode, detail: string, loc?: SourceLocation) {
    const where = loc ? `${loc.file}:${loc.line}:${loc.col}: ` : "";
    super(`${where}${code}: ${detail}`);
    this.name = "RegoError";
    this.code = code;
    this.detail = detail;
    this.file = loc?.file ?? "";
    this.line = loc?.line ?? 0;
    this.col = loc?.col ?? 0;
  }
}

export function unsupported(construct: string, loc?: SourceLocation): RegoError {
  const at = loc ? ` (line ${loc.line})` : "";
  return new RegoError("rego_unsupported", `not supported by this interpreter: ${construct}${at}`, loc);
}
