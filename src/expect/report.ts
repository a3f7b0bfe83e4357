// How `policyc test` reports: for a person, as JSON, and as JUnit XML for CI.
import type { CaseResult, Coverage } from "./run.ts";

export interface TestReport {
  passed: number;
  failed: number;
  engines: Record<string, string>;
  notes: string[];
  cases: CaseResult[];
  coverage: Coverage[];
}

export function summarise(cases: CaseResult[], coverage: Coverage[], engines: Record<string, string>, notes: string[]): TestReport {
  const passed = cases.filter((c) => c.status === "passed").length;
  return { passed, failed: cases.length - passed, engines, notes, cases, coverage };
}

const MAX_LISTED = 15;

/** The report for a person: every failure in full, then one line per system and the coverage. */
export function formatText(report: TestReport, options: { verbose: boolean }): string {
  const lines: string[] = [];
  for (const c of report.cases) {
    if (c.status === "passed") {
      if (options.verbose) lines.push(`ok   ${c.file}:${c.line}  ${c.name}`);
      for (const w of c.warnings) lines.push(`warning: ${c.file}:${c.line}: ${w.path}: ${w.message}`);
      continue;
    }
    lines.push(`FAIL ${c.file}:${c.line}  ${c.name}`);
    if (c.source) lines.push(`  document: ${c.source}`);
    if (c.action) lines.push(`  action:   ${c.action}  (${c.row}; ${c.specLine})`);
    lines.push(`  ${c.message}`);
    if (Object.keys(c.decisions).length) lines.push(`  engines:  ${Object.entries(c.decisions).map(([e, d]) => `${e}=${d}`).join(" ")}`);
    if (c.request) lines.push(`  request:  ${JSON.stringify(c.request)}`);
    for (const reason of c.reasons) lines.push(`  denied:   ${reason}`);
    if (c.missing.length) lines.push(`  would allow: ${c.missing.map((m) => m.join(" + ")).join(" | ")}`);
    for (const w of c.warnings) lines.push(`  warning:  ${w.path}: ${w.message}`);
    lines.push("");
  }
  const systems = [...new Set(report.cases.map((c) => c.system))];
  for (const system of systems) {
    const mine = report.cases.filter((c) => c.system === system);
    const passed = mine.filter((c) => c.status === "passed").length;
    lines.push(`${system}: ${passed} passed, ${mine.length - passed} failed`);
  }
  for (const cov of report.coverage) {
    lines.push(`coverage ${cov.system}: ${cov.exercised} of ${cov.actions} actions decided by a case`);
    if (cov.unexercisedActions.length) {
      lines.push(`  actions no case decides (${cov.unexercisedActions.length}):`);
      for (const a of cov.unexercisedActions.slice(0, MAX_LISTED)) lines.push(`    ${a.id}  ${a.row}`);
      if (cov.unexercisedActions.length > MAX_LISTED) lines.push(`    ... and ${cov.unexercisedActions.length - MAX_LISTED} more (--json lists them all)`);
    }
    if (cov.unexercisedConditions.length) {
      lines.push(`  conditions no case on the action states (${cov.unexercisedConditions.length}):`);
      for (const c of cov.unexercisedConditions.slice(0, MAX_LISTED)) lines.push(`    ${c.action}  ${c.condition}`);
      if (cov.unexercisedConditions.length > MAX_LISTED) lines.push(`    ... and ${cov.unexercisedConditions.length - MAX_LISTED} more (--json lists them all)`);
    }
  }
  for (const note of report.notes) lines.push(note);
  lines.push(`test: ${report.passed} passed, ${report.failed} failed`);
  return lines.join("\n");
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]/gu, "\uFFFD");

/** JUnit XML: one suite per system, one test case per expectation, a failure (or error) with the full report. */
export function formatJunit(report: TestReport): string {
  const systems = [...new Set(report.cases.map((c) => c.system))];
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="policyc test" tests="${report.cases.length}" failures="${report.failed}">`];
  for (const system of systems) {
    const mine = report.cases.filter((c) => c.system === system);
    const failures = mine.filter((c) => c.status === "failed").length;
    const errors = mine.filter((c) => c.status === "error").length;
    out.push(`  <testsuite name="${xml(system)}" tests="${mine.length}" failures="${failures}" errors="${errors}">`);
    for (const c of mine) {
      const open = `    <testcase classname="${xml(`${system}.${c.file}`)}" name="${xml(`${c.file}:${c.line} ${c.name}`)}"`;
      if (c.status === "passed") {
        out.push(`${open}/>`);
        continue;
      }
      const tag = c.status === "failed" ? "failure" : "error";
      const body = [c.message, c.action ? `action: ${c.action} (${c.row}; ${c.specLine})` : "", c.request ? `request: ${JSON.stringify(c.request)}` : "", ...c.reasons.map((r) => `denied: ${r}`)]
        .filter(Boolean)
        .join("\n");
      out.push(`${open}>`, `      <${tag} message="${xml(c.message)}">${xml(body)}</${tag}>`, `    </testcase>`);
    }
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`, "");
  return out.join("\n");
}
