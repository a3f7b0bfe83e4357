// Runs OPA's YAML conformance cases (test/cases/testdata/v1) against this
// interpreter and classifies each: pass, refused (rego_unsupported) or wrong.
// Results are compared the way OPA's own runner does: the result set is a
// set of binding objects, values compared after conversion to JSON, arrays
// sorted first when the case sets sort_bindings.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { compileModules, queryBindings, RegoError, toJson } from "./index.ts";
import { canonicalKey, compare, fromJson, type RegoValue } from "./values.ts";

export interface ConformanceCase {
  folder: string;
  file: string;
  note: string;
  query: string;
  modules?: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_result?: Array<Record<string, unknown>>;
  want_error_code?: string;
  want_error?: string;
  sort_bindings?: boolean;
  strict_error?: boolean;
}

export type Verdict = "pass" | "refused" | "wrong";

export interface CaseResult {
  case: ConformanceCase;
  verdict: Verdict;
  /** for refusals and wrong answers: what we produced */
  got?: string;
  expected?: string;
}

export interface FolderSummary {
  cases: number;
  passed: number;
  refused: number;
  wrong: number;
}

export function loadCases(dir: string): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const folder of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const file of readdirSync(join(dir, folder)).filter((f) => f.endsWith(".yaml")).sort()) {
      const doc = parseYaml(readFileSync(join(dir, folder, file), "utf8"), { intAsBigInt: true }) as { cases: Array<Omit<ConformanceCase, "folder" | "file">> };
      for (const c of doc.cases) out.push({ ...c, folder, file });
    }
  }
  return out;
}

function describeError(e: RegoError): string {
  return e.message;
}

/** A binding set as OPA's runner sees it: JSON, with arrays sorted under sort_bindings. */
function normalizeRow(row: Record<string, unknown>, sort: boolean): string {
  const entries = Object.keys(row).sort().map((k) => {
    let v: RegoValue = fromJson(row[k]);
    if (sort && Array.isArray(v)) v = v.slice().sort(compare);
    return [k, canonicalKey(v)];
  });
  return JSON.stringify(entries);
}

export function runCase(c: ConformanceCase): CaseResult {
  const sort = c.sort_bindings === true;
  const expected = c.want_result ? JSON.stringify(c.want_result, bigintJson) : `error ${c.want_error_code ?? ""} ${c.want_error ?? ""}`.trim();
  let rows: Array<Record<string, RegoValue>>;
  try {
    const policy = compileModules((c.modules ?? []).map((text, i) => ({ path: `${c.folder}/${c.file}#${i}`, text })));
    const opts = {
      data: c.data ?? {},
      strictBuiltinErrors: c.strict_error === true,
      ...(c.input_term !== undefined ? { inputTerm: c.input_term } : c.input !== undefined ? { input: c.input } : {}),
    };
    rows = queryBindings(policy, c.query, opts);
  } catch (e) {
    if (!(e instanceof RegoError)) return { case: c, verdict: "wrong", got: `exception ${String(e)}`, expected };
    if (e.code === "rego_unsupported") return { case: c, verdict: "refused", got: describeError(e), expected };
    const codeOk = c.want_error_code === undefined || c.want_error_code === e.code;
    const msgOk = c.want_error === undefined || e.message.includes(c.want_error);
    const wantsError = c.want_error_code !== undefined || c.want_error !== undefined;
    return { case: c, verdict: wantsError && codeOk && msgOk ? "pass" : "wrong", got: describeError(e), expected };
  }
  if (!c.want_result) return { case: c, verdict: "wrong", got: `result ${JSON.stringify(rows.map(jsonRow))}`, expected };
  const got = JSON.stringify([...new Set(rows.map((r) => normalizeRow(jsonRow(r), sort)))].sort());
  const want = JSON.stringify([...new Set(c.want_result.map((r) => normalizeRow(r, sort)))].sort());
  return { case: c, verdict: got === want ? "pass" : "wrong", got: JSON.stringify(rows.map(jsonRow)), expected: JSON.stringify(c.want_result, bigintJson) };
}

function jsonRow(r: Record<string, RegoValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toJson(v)]));
}

function bigintJson(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? v.toString() : v;
}

export function runAll(dir: string): CaseResult[] {
  return loadCases(dir).map(runCase);
}

export function summarize(results: CaseResult[]): { folders: Record<string, FolderSummary>; total: FolderSummary } {
  const folders: Record<string, FolderSummary> = {};
  const total: FolderSummary = { cases: 0, passed: 0, refused: 0, wrong: 0 };
  for (const r of results) {
    const f = (folders[r.case.folder] ??= { cases: 0, passed: 0, refused: 0, wrong: 0 });
    for (const s of [f, total]) {
      s.cases++;
      if (r.verdict === "pass") s.passed++;
      else if (r.verdict === "refused") s.refused++;
      else s.wrong++;
    }
  }
  return { folders, total };
}
