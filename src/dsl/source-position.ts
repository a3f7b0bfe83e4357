import { findSourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SourcePosition } from "../ir/types.ts";

const dslDir = path.dirname(fileURLToPath(import.meta.url));
// A frame's file, an optional query string, line and column. A module loaded with tsx's `tsImport` under a host that
// formats stacks itself (a test runner) shows up unmapped, as `spec.ts?tsx-namespace=...:LINE:COLUMN`.
const frame = /\(?((?:file:\/\/)?\/[^():?]+?\.[cm]?[jt]s)(\?[^():]*)?:(\d+):(\d+)\)?$/;

/**
 * The position of the first stack frame outside the DSL: the spec line that called the builder.
 * tsx installs source maps, so positions are those of the `.ts` spec file; a frame the host left unmapped is
 * mapped here through Node's source map of the module.
 */
export function callerPosition(): SourcePosition {
  const stack = new Error().stack?.split("\n").slice(1) ?? [];
  for (const line of stack) {
    const match = frame.exec(line.trim());
    if (!match) continue;
    const file = match[1]!.startsWith("file://") ? fileURLToPath(match[1]!) : match[1]!;
    if (file.startsWith(dslDir + path.sep)) continue;
    let [lineNumber, column] = [Number(match[3]), Number(match[4])];
    if (match[2]) {
      const url = `${match[1]!.startsWith("file://") ? match[1] : `file://${match[1]}`}${match[2]}`;
      const entry = findSourceMap(url)?.findEntry(lineNumber - 1, column - 1);
      if (entry && "originalLine" in entry) [lineNumber, column] = [entry.originalLine + 1, entry.originalColumn + 1];
    }
    return { file: path.relative(process.cwd(), file) || file, line: lineNumber, column };
  }
  return { file: "<unknown>", line: 0, column: 0 };
}
