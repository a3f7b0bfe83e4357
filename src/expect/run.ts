// Deciding expectation cases on engines, and what the cases leave unexercised.
import type { Decision } from "../eval/decide.ts";
import { ReferenceEvaluator } from "../eval/decide.ts";
import { requestWarnings, type RequestWarning } from "../eval/request-warnings.ts";
import { actionConditions, conditionReadKey } from "../ir/requirement.ts";
import type { Condition, SystemIR } from "../ir/types.ts";
import type { Engine } from "../engines/engine.ts";
import type { CaseError, ExpectationCase } from "./cases.ts";
import { ActionResolver } from "../eval/action-names.ts";

export type CaseStatus = "passed" | "failed" | "error";

/** A case that could not be decided at all (unreadable, or for a system the spec directory lacks). */
export function caseError(file: string, line: number, system: string, name: string, message: string): CaseResult {
  return { file, line, system, name, source: null, action: "", row: "", expected: null, request: null, decisions: {}, status: "error", message, reasons: [], missing: [], warnings: [], specLine: "" };
}

export interface CaseResult {
  file: string;
  line: number;
  system: string;
  name: string;
  source: string | null;
  /** The resolved action id; empty when the case names no action of the system. */
  action: string;
  /** "Section > row" of the action, for a person. */
  row: string;
  expected: "allow" | "deny" | null;
  request: unknown;
  /** Each engine's decision. */
  decisions: Record<string, Decision>;
  status: CaseStatus;
  /** Why it failed or could not run, for a person; empty when it passed. */
  message: string;
  /** The reference evaluator's reasons for a denial, and what would allow. */
  reasons: string[];
  missing: string[][];
  warnings: RequestWarning[];
  /** Where the action is declared in the spec. */
  specLine: string;
}

export interface Coverage {
  system: string;
  actions: number;
  exercised: number;
  /** Actions no case decides. */
  unexercisedActions: Array<{ id: string; row: string }>;
  /** Request keys the conditions of exercised actions read that no case on that action states ("context.creatingIssue"). */
  unexercisedConditions: Array<{ action: string; condition: string }>;
}

export interface RunOptions {
  /** Warnings about the request (unknown role, key, value) fail the case instead of only being reported. */
  strict: boolean;
}

/** Decide every case of one system on every engine; a case passes when every engine gives the expected decision. */
export async function runCases(system: SystemIR, cases: ExpectationCase[], errors: CaseError[], engines: Engine[], options: RunOptions): Promise<CaseResult[]> {
  const resolver = new ActionResolver(system);
  const reference = new ReferenceEvaluator(system);
  const results: CaseResult[] = errors.map((e) => caseError(e.file, e.line, system.id, "(unreadable case)", e.message));
  const runnable: Array<{ result: CaseResult; request: unknown }> = [];
  for (const c of cases) {
    const resolved = resolver.resolve(c.action);
    const request = {
      action: resolved.ok ? resolved.action.id : c.action,
      principal: c.principal,
      ...(c.resource ? { resource: c.resource } : {}),
      ...(c.context ? { context: c.context } : {}),
    };
    const result: CaseResult = {
      file: c.file,
      line: c.line,
      system: system.id,
      name: c.name,
      source: c.source,
      action: resolved.ok ? resolved.action.id : "",
      row: resolved.ok ? `${resolved.action.path.join(" > ")} > ${resolved.action.row}` : "",
      expected: c.expected,
      request,
      decisions: {},
      status: "passed",
      message: "",
      reasons: [],
      missing: [],
      warnings: resolved.ok ? requestWarnings(system, request) : [],
      specLine: resolved.ok ? `${resolved.action.source.file}:${resolved.action.source.line}` : "",
    };
    results.push(result);
    if (!resolved.ok) {
      result.status = "error";
      result.message = resolved.message;
      continue;
    }
    runnable.push({ result, request });
  }
  const requests = runnable.map((r) => r.request);
  for (const engine of engines) {
    const open = await engine.open(system);
    try {
      const answers = await open.decideAll(requests);
      runnable.forEach((r, i) => (r.result.decisions[open.name] = answers[i]!));
    } finally {
      await open.close?.();
    }
  }
  for (const { result, request } of runnable) {
    const explained = reference.decide(request);
    result.reasons = explained.reasons;
    result.missing = explained.missingOptions;
    const wrong = Object.entries(result.decisions).filter(([, d]) => d !== result.expected);
    if (wrong.length) {
      result.status = "failed";
      const engineNames = Object.keys(result.decisions);
      const got = wrong.length === engineNames.length ? `every engine decided ${wrong[0]![1]}` : `${wrong.map(([e, d]) => `${e} decided ${d}`).join(", ")}; the others ${result.expected}`;
      result.message = `expected ${result.expected}, but ${got}`;
    } else if (options.strict && result.warnings.length) {
      result.status = "error";
      result.message = `the request is probably a mistake (--strict): ${result.warnings.map((w) => `${w.path}: ${w.message}`).join("; ")}`;
    }
  }
  return results.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

/** Actions no case decides, and conditions of the decided actions that no case on the action sets. */
export function coverageOf(system: SystemIR, results: CaseResult[]): Coverage {
  const byAction = new Map<string, CaseResult[]>();
  for (const r of results) if (r.action) byAction.set(r.action, [...(byAction.get(r.action) ?? []), r]);
  const unexercisedActions = system.actions.filter((a) => !byAction.has(a.id)).map((a) => ({ id: a.id, row: `${a.path.join(" > ")} > ${a.row}` }));
  const unexercisedConditions: Coverage["unexercisedConditions"] = [];
  for (const action of system.actions) {
    const cases = byAction.get(action.id);
    if (!cases) continue;
    const seen = new Set<string>();
    for (const condition of actionConditions(action)) {
      const key = conditionReadKey(condition);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!cases.some((c) => setsCondition(c.request, condition))) unexercisedConditions.push({ action: action.id, condition: key });
    }
  }
  return { system: system.id, actions: system.actions.length, exercised: system.actions.length - unexercisedActions.length, unexercisedActions, unexercisedConditions };
}

/** A case exercises a condition when its request states the key the condition reads. */
function setsCondition(request: unknown, c: Condition): boolean {
  const r = request as { principal?: Record<string, unknown>; resource?: Record<string, unknown>; context?: Record<string, unknown> };
  const key = conditionReadKey(c);
  const [where, name] = [key.slice(0, key.indexOf(".")), key.slice(key.indexOf(".") + 1)];
  const object = where === "principal" ? r.principal : where === "resource" ? r.resource : r.context;
  return object !== undefined && Object.hasOwn(object, name);
}
