// Public API of the embedded Rego interpreter: compile once, evaluate many.

import type { Body } from "./ast.ts";
import { compilePolicy, compileQuery, groundValue, type CompiledPolicy, type CompiledQuery } from "./compiler.ts";
import { RegoError } from "./errors.ts";
import { Evaluator } from "./evaluate.ts";
import { parseModule, parseQuery, parseTerm } from "./parser.ts";
import { canonicalKey, fromJson, InexactNumberError, type RegoValue } from "./values.ts";

export { RegoError } from "./errors.ts";
export type { RegoErrorCode } from "./errors.ts";
export { toJson, RegoObject, RegoSet, compare, equal } from "./values.ts";
export type { RegoValue } from "./values.ts";

export interface RegoSource {
  path: string;
  text: string;
}

export interface RegoPolicy {
  readonly compiled: CompiledPolicy;
  readonly packages: string[];
  /** parsed queries, so evaluating one query many times parses it once */
  readonly queryCache: Map<string, CompiledQuery>;
}

export interface EvalOptions {
  data?: unknown;
  input?: unknown;
  /** the input as Rego term text (may hold sets); wins over `input` */
  inputTerm?: string;
  strictBuiltinErrors?: boolean;
}

export function compileModules(modules: RegoSource[]): RegoPolicy {
  const parsed = modules.map((m) => parseModule(m.text, m.path));
  const compiled = compilePolicy(parsed);
  return { compiled, packages: [...new Set(parsed.map((m) => m.packagePath.join(".")))], queryCache: new Map() };
}

function query(policy: RegoPolicy, text: string): CompiledQuery {
  let q = policy.queryCache.get(text);
  if (!q) {
    const body: Body = parseQuery(text);
    q = compileQuery(policy.compiled, body);
    policy.queryCache.set(text, q);
  }
  return q;
}

function convertDocument(x: unknown, what: string): RegoValue {
  try {
    return fromJson(x);
  } catch (e) {
    if (e instanceof InexactNumberError) {
      throw new RegoError("rego_unsupported", `${what} holds number ${e.message}, beyond what a double represents exactly`);
    }
    throw e;
  }
}

function evaluator(policy: RegoPolicy, opts: EvalOptions): Evaluator {
  let input: RegoValue | undefined;
  if (opts.inputTerm !== undefined) {
    const t = parseTerm(opts.inputTerm, "input");
    const v = groundValue(t);
    if (v === undefined) throw new RegoError("rego_unsupported", "input term must be a ground value");
    input = v;
  } else if (opts.input !== undefined) input = convertDocument(opts.input, "input");
  const data = convertDocument(opts.data ?? {}, "data");
  return new Evaluator(policy.compiled, input, data, { strictBuiltinErrors: opts.strictBuiltinErrors ?? false });
}

/** Every distinct binding of the query's variables, like OPA's result set. */
export function queryBindings(policy: RegoPolicy, queryText: string, opts: EvalOptions): Array<Record<string, RegoValue>> {
  const q = query(policy, queryText);
  const ev = evaluator(policy, opts);
  const env: Array<RegoValue | undefined> = new Array(q.nslots);
  const out: Array<Record<string, RegoValue>> = [];
  const seen = new Set<string>();
  ev.evalBody(q.body, 0, env, () => {
    const row: Record<string, RegoValue> = {};
    const keyParts: string[] = [];
    for (const { name, slot } of q.vars) {
      const v = env[slot];
      if (v === undefined) continue;
      row[name] = v;
      keyParts.push(name, canonicalKey(v));
    }
    const key = keyParts.join("\u0000");
    if (!seen.has(key)) {
      seen.add(key);
      out.push(row);
    }
    return false;
  });
  return out;
}

/** The value of a reference such as "data.maestra.allow"; undefined when undefined. */
export function evalRef(policy: RegoPolicy, ref: string, opts: EvalOptions): RegoValue | undefined {
  const rows = queryBindings(policy, `__result__ = ${ref}`, opts);
  if (rows.length > 1) throw new RegoError("rego_unsupported", `${ref} has more than one value`);
  return rows[0]?.["__result__"];
}

export interface TestResult {
  name: string;
  package: string;
  passed: boolean;
  error?: string;
}

/** Runs every rule named test_* like `opa test`: a test passes when it is true. */
export function runTests(policy: RegoPolicy, opts: { data?: unknown }): TestResult[] {
  const results: TestResult[] = [];
  for (const rule of policy.compiled.rules) {
    const ref = rule.fullRef;
    const last = ref[ref.length - 1]!;
    if (last.type !== "string" || !last.value.startsWith("test_") || rule.kind !== "complete") continue;
    const names = ref.map((t) => (t as { value: string }).value);
    const pkg = names.slice(0, -1).join(".");
    if (results.some((r) => r.package === pkg && r.name === last.value)) continue;
    const path = "data" + names.map((n) => `[${JSON.stringify(n)}]`).join("");
    try {
      const v = evalRef(policy, path, { data: opts.data });
      results.push({ name: last.value, package: pkg, passed: v === true });
    } catch (e) {
      results.push({ name: last.value, package: pkg, passed: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return results;
}
