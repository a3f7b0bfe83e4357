export { formatDiagnostic, type Diagnostic, type DiagnosticCode } from "./diagnostic.ts";
export { specWarnings } from "./warnings.ts";
