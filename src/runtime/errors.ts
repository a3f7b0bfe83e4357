// The runtime's own errors: what goes wrong loading compiled output or configuring an authorizer.
export type RuntimeErrorCode = "compiled-output-missing" | "compiled-output-invalid" | "unknown-system" | "invalid-engine" | "invalid-directory";

export class RuntimeError extends Error {
  constructor(
    readonly code: RuntimeErrorCode,
    readonly detail: string,
    /** The file the problem is in, when there is one. */
    readonly file: string | null = null,
  ) {
    super(`${file ? `${file}: ` : ""}${detail} [${code}]`);
    this.name = "RuntimeError";
  }
}
