import { findSourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { SourcePosition } from "../ir/types.ts";

const dslDir = path.dirname(fileURLToPath(import.meta.url));
// A frame names its script by path or by `file:` URL (an ES module's, perhaps with tsx's query after it).
const dslScriptPrefixes = [dslDir + path.sep, pathToFileURL(dslDir).href + "/"];
// A frame's file, an optional query string, line and column. A module loaded with tsx's `tsImport` under a host that
// formats stacks itself (a test runner) shows up unmapped, as `spec.ts?tsx-namespace=...:LINE:COLUMN`.
const frame = /\(?((?:file:\/\/)?\/[^():?]+?\.[cm]?[jt]s)(\?[^():]*)?:(\d+):(\d+)\)?$/;

/**
 * The position of the first stack frame outside the DSL: the spec line that called the builder.
 * tsx installs source maps, so positions are those of the `.ts` spec file; a frame the host left unmapped is
 * mapped here through Node's source map of the module.
 *
 * The stack is taken as call sites, and only the first frame outside the DSL is formatted, by the host's own
 * `Error.prepareStackTrace` (Node's, which applies source maps, or a test runner's): formatting every frame of a
 * source-mapped stack for each declaration was most of the cost of building a large system.
 *
 * Capturing a stack costs by the frame (about 0.6 µs each, five captures per row of a large system), so the stack
 * is first captured only as deep as `builderFrames`, the DSL frames the caller knows stand between this call and the
 * spec line (the builder, and a helper of the builder that calls this), plus that line; then, if no frame outside
 * the DSL was among them (a spec calling a builder through `Array.map`, say), as deep as the host captures stacks.
 */
export function callerPosition(builderFrames = 1): SourcePosition {
  const format = Error.prepareStackTrace;
  // A Node that does not expose its default formatter formats the whole stack, as `error.stack` does.
  if (typeof format !== "function") return firstPositionOutsideDsl(new Error().stack?.split("\n").slice(1) ?? []);
  for (const limit of [Math.min(builderFrames + 1, Error.stackTraceLimit), Error.stackTraceLimit]) {
    for (const site of callSitesBelowCallerPosition(limit)) {
      const file = site.getFileName();
      if (!file || isDslModule(file)) continue;
      const position = framePosition(site, format);
      if (position) return { ...position };
    }
  }
  return unknownPosition();
}

// Formatting a frame (through its module's source map) costs more than capturing it, and a spec often declares many
// things from one line (a loop, a helper): a frame's position is kept by its generated location until the running
// task's synchronous code ends, so a module evaluated later (a spec imported again, a test rerun) is mapped afresh.
const framePositions = new Map<string, SourcePosition | undefined>();

/** The spec position of one frame outside the DSL as the host formats it, or undefined if it names no module file. */
function framePosition(site: NodeJS.CallSite, format: NonNullable<typeof Error.prepareStackTrace>): SourcePosition | undefined {
  const location = `${site.getFileName()}:${site.getLineNumber()}:${site.getColumnNumber()}`;
  if (framePositions.has(location)) return framePositions.get(location);
  if (framePositions.size === 0) queueMicrotask(() => framePositions.clear());
  const formatted: unknown = format(formattingError, [site]);
  const position = typeof formatted === "string" ? positionOfFrame(formatted.slice(formatted.lastIndexOf("\n") + 1)) : undefined;
  framePositions.set(location, position);
  return position;
}

const unknownPosition = (): SourcePosition => ({ file: "<unknown>", line: 0, column: 0 });
// The error a lone frame is formatted for: only its name and message reach the first line, which is not read.
const formattingError = new Error();

function firstPositionOutsideDsl(lines: string[]): SourcePosition {
  for (const line of lines) {
    const position = positionOfFrame(line);
    if (position) return position;
  }
  return unknownPosition();
}

/** Up to `limit` call sites of the stack from callerPosition's caller outwards, as V8 records them, unformatted. */
function callSitesBelowCallerPosition(limit: number): NodeJS.CallSite[] {
  const [host, hostLimit] = [Error.prepareStackTrace, Error.stackTraceLimit];
  const holder: { stack?: NodeJS.CallSite[] } = {};
  Error.prepareStackTrace = (_error, sites) => sites;
  Error.stackTraceLimit = limit;
  try {
    Error.captureStackTrace(holder, callerPosition);
    return holder.stack ?? [];
  } finally {
    Error.prepareStackTrace = host;
    Error.stackTraceLimit = hostLimit;
  }
}

function isDslModule(script: string): boolean {
  return dslScriptPrefixes.some((prefix) => script.startsWith(prefix));
}

/** The spec position a formatted stack line names, or undefined for a line outside any module file or inside the DSL. */
function positionOfFrame(line: string): SourcePosition | undefined {
  const match = frame.exec(line.trim());
  if (!match) return undefined;
  const file = match[1]!.startsWith("file://") ? fileURLToPath(match[1]!) : match[1]!;
  if (isDslModule(file)) return undefined;
  let [lineNumber, column] = [Number(match[3]), Number(match[4])];
  if (match[2]) {
    const url = `${match[1]!.startsWith("file://") ? match[1] : `file://${match[1]}`}${match[2]}`;
    const entry = findSourceMap(url)?.findEntry(lineNumber - 1, column - 1);
    if (entry && "originalLine" in entry) [lineNumber, column] = [entry.originalLine + 1, entry.originalColumn + 1];
  }
  return { file: path.relative(process.cwd(), file) || file, line: lineNumber, column };
}
