// Expectation files: cases a person writes from the document's text ("a Guest cannot view DORA metrics"), decided
// on every engine by `policyc test`. YAML, beside the specs (`<system>.expect.yaml`) or anywhere (`--cases FILE`).
import fs from "node:fs";
import path from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";

export type Expected = "allow" | "deny";

export interface ExpectationCase {
  file: string;
  line: number;
  system: string;
  /** For a person: the short form as written, or the case's `name`. */
  name: string;
  /** The document's words the case was written from, when the author quoted them. */
  source: string | null;
  /** An action id, a row, "Section > row" or "Topic: row" (see resolve.ts). */
  action: string;
  expected: Expected;
  /** The request's principal: roles, permissions and flags from their own keys, its id and attributes from `principal:`. */
  principal: { roles?: string[]; permissions?: string[]; staff?: boolean; projectUser?: boolean; [attribute: string]: unknown };
  resource?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

/** A case that could not be read: reported as a failure at its line, never skipped. */
export interface CaseError {
  file: string;
  line: number;
  message: string;
}

export interface ExpectationFile {
  file: string;
  system: string;
  cases: ExpectationCase[];
  errors: CaseError[];
}

const FIELDS = ["name", "source", "allow", "deny", "roles", "role", "permissions", "staff", "projectUser", "principal", "resource", "context"];
/** Principal fields a case states with keys of their own, not inside `principal:`. */
const OWN_KEYS = ["roles", "permissions", "staff", "projectUser"];
/** `Guest cannot`, `Maintainer can`, `Guest + Custom can't`, `nobody can`: the short form's key. */
const SHORT_FORM = /^(.+?)\s+(can|cannot|can't|may|may not)$/i;

/** The expectation files of a spec directory: `*.expect.yaml` / `*.expect.yml`, in name order. */
export function expectationFiles(specDir: string): string[] {
  if (!fs.existsSync(specDir)) return [];
  return fs
    .readdirSync(specDir)
    .filter((f) => /\.expect\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(specDir, f));
}

/** Read one expectation file. The system is its `system:` key or the file name up to the first dot. */
export function readExpectationFile(file: string): ExpectationFile {
  const lines = new LineCounter();
  const text = fs.readFileSync(file, "utf8");
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const fallbackSystem = path.basename(file).split(".")[0]!;
  const out: ExpectationFile = { file, system: fallbackSystem, cases: [], errors: [] };
  const fail = (line: number, message: string) => out.errors.push({ file, line, message });
  if (doc.errors.length) {
    for (const e of doc.errors) fail(e.linePos?.[0]?.line ?? 1, `not valid YAML: ${e.message.split("\n")[0]}${/mappings/.test(e.message) ? ' (quote a value that holds ": ", e.g. "Issues: Create")' : ""}`);
    return out;
  }
  const root = doc.contents;
  const casesNode = isSeq(root) ? root : isMap(root) ? root.get("cases", true) : undefined;
  if (isMap(root)) {
    const system = root.get("system");
    if (typeof system === "string") out.system = system;
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (key !== "system" && key !== "cases") fail(lineOf(pair.key as Node), `unknown key "${key}"; a file has "system" and "cases"`);
    }
  }
  if (!isSeq(casesNode)) {
    fail(lineOf(root as Node), 'the file must hold a list of cases, or "cases:" with a list');
    return out;
  }
  for (const item of casesNode.items) {
    const line = lineOf(item as Node);
    const parsed = readCase(isMap(item) ? (item.toJSON() as Record<string, unknown>) : item);
    if ("error" in parsed) fail(line, parsed.error);
    else out.cases.push({ ...parsed, file, line, system: out.system });
  }
  return out;
}

type ReadCase = Omit<ExpectationCase, "file" | "line" | "system">;

function readCase(raw: unknown): ReadCase | { error: string } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { error: 'a case is a mapping, e.g. `- Guest cannot: View DORA metrics` or `- roles: [Guest]` with `deny: ...`' };
  const c = raw as Record<string, unknown>;
  let expected: Expected | undefined;
  let action: unknown;
  let who: string[] | undefined;
  let shortName: string | undefined;
  for (const key of Object.keys(c)) {
    const short = SHORT_FORM.exec(key);
    if (short && !FIELDS.includes(key)) {
      if (expected) return { error: `a case states one expectation; "${key}" is a second one` };
      const verb = short[2]!.toLowerCase();
      expected = verb === "can" || verb === "may" ? "allow" : "deny";
      action = c[key];
      const subject = short[1]!.trim();
      who = /^(nobody|no role|no one)$/i.test(subject) ? [] : subject.split(/\s+\+\s+/).map((s) => s.trim());
      shortName = `${key} ${JSON.stringify(action)}`;
    } else if (!FIELDS.includes(key)) {
      return { error: `unknown key "${key}"; a case has ${FIELDS.join(", ")}, or a short form "ROLE can: ACTION" / "ROLE cannot: ACTION"` };
    }
  }
  for (const verdict of ["allow", "deny"] as const) {
    if (c[verdict] === undefined) continue;
    if (expected) return { error: 'a case states one expectation: "allow:", "deny:" or one "ROLE can/cannot:" key' };
    expected = verdict;
    action = c[verdict];
  }
  if (!expected) return { error: 'the case states no expectation: add "allow: ACTION", "deny: ACTION" or "ROLE can: ACTION"' };
  if (typeof action !== "string" || action.trim() === "") return { error: "the action must be a string: its id, its row text, or \"Section > row\"" };
  const list = (key: string): string[] | undefined | { error: string } => {
    const value = c[key];
    if (value === undefined) return undefined;
    if (typeof value === "string") return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
    return { error: `"${key}" must be a name or a list of names` };
  };
  const roles = list("roles") ?? list("role");
  const permissions = list("permissions");
  for (const l of [roles, permissions]) if (l && "error" in l) return l;
  const principal: ReadCase["principal"] = {};
  const allRoles = [...(who ?? []), ...((roles as string[] | undefined) ?? [])];
  if (allRoles.length || who) principal.roles = allRoles;
  if (permissions) principal.permissions = permissions as string[];
  for (const flag of ["staff", "projectUser"] as const) {
    if (c[flag] === undefined) continue;
    if (typeof c[flag] !== "boolean") return { error: `"${flag}" must be true or false` };
    principal[flag] = c[flag] as boolean;
  }
  const object = (key: "principal" | "resource" | "context"): Record<string, unknown> | undefined | { error: string } => {
    const value = c[key];
    if (value === undefined) return undefined;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { error: `"${key}" must be a mapping of keys to values` };
    return value as Record<string, unknown>;
  };
  // `principal:` holds what has no key of its own: the id (for relations) and the system's principal attributes.
  const stated = object("principal");
  if (stated && "error" in stated) return stated as { error: string };
  for (const [key, value] of Object.entries((stated as Record<string, unknown> | undefined) ?? {})) {
    if (OWN_KEYS.includes(key)) return { error: `write "${key}:" as a key of the case, not inside "principal:"` };
    principal[key] = value;
  }
  const resource = object("resource");
  const context = object("context");
  if (resource && "error" in resource) return resource as { error: string };
  if (context && "error" in context) return context as { error: string };
  const source = typeof c.source === "string" ? c.source : null;
  const name = typeof c.name === "string" ? c.name : (shortName ?? `${expected} ${JSON.stringify(action)}`);
  return {
    name,
    source,
    action: action.trim(),
    expected,
    principal,
    ...(resource ? { resource: resource as Record<string, unknown> } : {}),
    ...(context ? { context: context as Record<string, unknown> } : {}),
  };
}
