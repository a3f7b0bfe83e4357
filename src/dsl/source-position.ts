import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SourcePosition } from "../ir/types.ts";

const dslDir = path.dirname(fileURLToPath(import.meta.url));
const frame = /\(?((?:file:\/\/)?\/[^():]+?\.[cm]?[jt]s):(\d+):(\d+)\)?$/;

/**
 * The position of the first stack frame outside the DSL: the spec line that called the builder.
 * tsx installs source maps, so positions are those of the `.ts` spec file.
 */
export function callerPosition(): SourcePosition {
  const stack = new Error().stack?.split("\n").slice(1) ?? [];
  for (const line of stack) {
    const match = frame.exec(line.trim());
    if (!match) continue;
    const file = match[1]!.startsWith("file://") ? fileURLToPath(match[1]!) : match[1]!;
    if (file.startsWith(dslDir + path.sep)) continue;
    return { file: path.relative(process.cwd(), file) || file, line: Number(match[2]), column: Number(match[3]) };
  }
  return { file: "<unknown>", line: 0, column: 0 };
}
