import type { SourcePosition } from "../ir/types.ts";

export type DiagnosticCode = "unused-permission" | "redundant-permission" | "unused-context-key" | "unused-resource-attribute" | "avp-quota-exceeded";

/**
 * A warning about a spec that compiles: worth fixing, never fatal. Points at the spec line responsible (for a
 * target's warning about the whole output, such as avp-quota-exceeded, the system's declaration).
 */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: "warning";
  message: string;
  at: SourcePosition;
}

/** `file:line:col: warning: message [code]`, the form editors and CI annotations pick up. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.at.file}:${d.at.line}:${d.at.column}: ${d.severity}: ${d.message} [${d.code}]`;
}
