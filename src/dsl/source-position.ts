import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SourcePosition } from "../ir/types.ts";

const dslDir = path.dirname(fileURLToPath(import.meta.url));
// A module loaded with tsx's `tsImport` carries a query string (`spec.ts?tsx-namespace=...`): it is not part of the path.
const frame = /\(?((?:file:\/\/)?\/[^():?]+?\.[cm]?[jt]s)(?:\?[^():]*)?:(\d+):(\d+)\)?$/;

/**
 * The position of the first stack frame outside the DSL: the spec line that called the builder.
 * tsx installs source maps, so positions are those of the `.ts` spec file.
 */
export function callerPosition(): SourcePosition {
  // A host that formats stacks itself (a test runner) would bypass Node's source maps: use Node's own formatting.
  const hostFormat = Error.prepareStackTrace;
  (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
  let stack: string[];
  try {
    stack = new Error().stack?.split("\n").slice(1) ?? [];
  } finally {
    Error.prepareStackTrace = hostFormat;
  }
  for (const line of stack) {
    const match = frame.exec(line.trim());
    if (!match) continue;
    const file = match[1]!.startsWith("file://") ? fileURLToPath(match[1]!) : match[1]!;
    if (file.startsWith(dslDir + path.sep)) continue;
    return { file: path.relative(process.cwd(), file) || file, line: Number(match[2]), column: Number(match[3]) };
  }
  return { file: "<unknown>", line: 0, column: 0 };
}
