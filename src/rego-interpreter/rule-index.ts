// Rule indexing, as OPA's "baseDocEqIndex": the definitions of one rule or
// function that test `input.<path> == <scalar>` (or, in a function, compare a
// parameter with a scalar, or take a scalar in the head) at the top level of
// their body are grouped by that scalar, so a request evaluates only the
// bodies whose constant equals the current value, plus the bodies that test
// nothing of the kind. Skipping a body is sound only when it provably has no
// solution: such an expression is pure (reading input or a bound parameter
// never errs, `equal` never errs) and fails whenever the value differs or is
// undefined.

import type { Expr, Term } from "./ast.ts";
import { groundValue, INPUT_SLOT, type CompiledRule } from "./rule-tree.ts";
import { canonicalKey, RegoObject, RegoSet, type RegoValue } from "./values.ts";

/** `input.<path> == <value>` (or the same of a function argument): without it holding, the body has no solution. */
export interface IndexGuard {
  /** INPUT_ROOT for the input, else the index of the function argument the path starts from */
  root: number;
  /** the constant keys after the root (empty for `input == v`) */
  path: RegoValue[];
  /** root and path, to group guards on the same reference */
  pathKey: string;
  value: RegoValue;
  /** canonicalKey of value: equal exactly when Rego's `==` says so (1 and 1.0 are one number) */
  valueKey: string;
}

export const INPUT_ROOT = -1;

function isScalarTerm(t: Term): boolean {
  return t.type === "string" || t.type === "number" || t.type === "boolean" || t.type === "null";
}

function isScalar(v: RegoValue | undefined): boolean {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/** Frame slots of a function's parameters that are plain variables, to the index of their argument. */
export type ParamSlots = Map<number, number>;

/** The root and constant path of `input.a["b"][0]` (or of a parameter `p.a`), or undefined for any other term. */
function rootedPath(t: Term, params: ParamSlots): { root: number; path: RegoValue[] } | undefined {
  const rootOf = (slot: number | undefined): number | undefined => (slot === INPUT_SLOT ? INPUT_ROOT : slot === undefined ? undefined : params.get(slot));
  if (t.type === "var") {
    const root = rootOf(t.slot);
    return root === undefined ? undefined : { root, path: [] };
  }
  // a parameter's type is what the caller passes: a ref into it is never one OPA's type checker rejects
  if (t.type !== "ref" || t.head.type !== "var" || t.staticHead) return undefined;
  const root = rootOf(t.head.slot);
  if (root === undefined) return undefined;
  const path: RegoValue[] = [];
  for (const p of t.path) {
    if (!isScalarTerm(p)) return undefined;
    path.push(groundValue(p)!);
  }
  return { root, path };
}

function makeGuard(root: number, path: RegoValue[], value: RegoValue): IndexGuard {
  return { root, path, pathKey: `${root}:${canonicalKey(path)}`, value, valueKey: canonicalKey(value) };
}

/** The guard an expression is, if it is `input.<path> == c`, `c == input.<path>`, the same with `=`, or the same of a parameter. */
export function guardOf(e: Expr, params: ParamSlots = new Map()): IndexGuard | undefined {
  // OPA's indexer also ignores negated expressions and those with `with` modifiers.
  if (e.negated || e.withs.length > 0) return undefined;
  let a: Term;
  let b: Term;
  if (e.kind === "unify") [a, b] = [e.lhs, e.rhs];
  else if (e.kind === "term" && e.term.type === "call" && e.term.args.length === 2) {
    // three arguments (`equal(x, y, out)`) capture false instead of failing: never a guard
    const target = e.term.target;
    if (target?.kind !== "builtin" || target.name !== "equal") return undefined;
    [a, b] = [e.term.args[0]!, e.term.args[1]!];
  } else return undefined;
  let ref = rootedPath(a, params);
  let constant = b;
  if (ref === undefined || !isScalarTerm(b)) {
    ref = rootedPath(b, params);
    constant = a;
  }
  if (ref === undefined || !isScalarTerm(constant)) return undefined;
  return makeGuard(ref.root, ref.path, groundValue(constant)!);
}

function isPrint(e: Expr): boolean {
  if (e.kind !== "term" || e.term.type !== "call") return false;
  const t = e.term.target;
  return t?.kind === "builtin" && (t.name === "print" || t.name === "internal.print");
}

/**
 * Every guard of a definition: its scalar parameters (`f("x")` unifies only with an equal argument) and the
 * equalities at the top level of its body. None for a body that prints: OPA does not index those either.
 */
export function guardsOf(rule: CompiledRule): IndexGuard[] {
  if (rule.body.some(isPrint)) return [];
  const out: IndexGuard[] = [];
  const params: ParamSlots = new Map();
  rule.args?.forEach((a, i) => {
    if (isScalarTerm(a)) out.push(makeGuard(i, [], groundValue(a)!));
    else if (a.type === "var" && a.slot !== undefined && a.slot >= 0 && !params.has(a.slot)) params.set(a.slot, i);
  });
  for (const e of rule.body) {
    const g = guardOf(e, params);
    if (g) out.push(g);
  }
  return out;
}

/** The value at a constant path of the input, as a reference to it evaluates (undefined when absent). */
export function inputAt(input: RegoValue | undefined, path: RegoValue[]): RegoValue | undefined {
  let v = input;
  for (const key of path) {
    if (v === undefined) return undefined;
    if (Array.isArray(v)) v = typeof key === "number" && Number.isInteger(key) && key >= 0 && key < v.length ? v[key] : undefined;
    else if (v instanceof RegoObject) v = v.get(key);
    else if (v instanceof RegoSet) v = v.has(key) ? key : undefined;
    else return undefined;
  }
  return v;
}

/** The value a guard tests, for this input and these function arguments. */
function guardedValue(root: number, path: RegoValue[], input: RegoValue | undefined, args: RegoValue[] | undefined): RegoValue | undefined {
  return inputAt(root === INPUT_ROOT ? input : args?.[root], path);
}

/** False when some guard of the rule fails against this input and arguments, so its body has no solution. */
export function guardsHold(rule: CompiledRule, input: RegoValue | undefined, args: RegoValue[] | undefined): boolean {
  const guards = rule.guards;
  if (guards === undefined) return true;
  for (const g of guards) {
    const v = guardedValue(g.root, g.path, input, args);
    if (v === undefined || !isScalar(v) || canonicalKey(v) !== g.valueKey) return false;
  }
  return true;
}

/** OPA stops a rule body at its first solution when every rule (and else) has the same ground value. */
function earlyExit(rules: CompiledRule[]): boolean {
  let seen: string | undefined;
  for (const r of rules) {
    for (let b: CompiledRule | undefined = r; b; b = b.orElse) {
      const v = b.value ? groundValue(b.value) : undefined;
      if (v === undefined) return false;
      const key = canonicalKey(v);
      if (seen !== undefined && seen !== key) return false;
      seen = key;
    }
  }
  return true;
}

/**
 * The definitions of one rule group (in source order) indexed on the input path most of them test.
 * Definitions with an `else` chain are never indexed: their else branches run when the first body fails.
 */
export class RuleIndex {
  /** the rules, in source order */
  readonly rules: CompiledRule[];
  /** OPA's early exit applies to this group */
  readonly earlyExit: boolean;
  private readonly root: number = INPUT_ROOT;
  private readonly path: RegoValue[] | undefined;
  private readonly byValue = new Map<string, CompiledRule[]>();
  /** rules that do not test the indexed path: candidates whatever the input holds */
  private readonly always: CompiledRule[];
  /** per indexed value: its rules merged with `always`, in source order */
  private readonly merged = new Map<string, CompiledRule[]>();

  constructor(rules: CompiledRule[]) {
    this.rules = rules;
    this.earlyExit = earlyExit(rules);
    const counts = new Map<string, { root: number; path: RegoValue[]; n: number }>();
    for (const r of rules) {
      if (r.orElse) continue;
      const seen = new Set<string>();
      for (const g of r.guards ?? []) {
        if (seen.has(g.pathKey)) continue;
        seen.add(g.pathKey);
        const c = counts.get(g.pathKey) ?? { root: g.root, path: g.path, n: 0 };
        c.n++;
        counts.set(g.pathKey, c);
      }
    }
    let best: { key: string; root: number; path: RegoValue[]; n: number } | undefined;
    for (const [key, c] of counts) if (!best || c.n > best.n) best = { key, ...c };
    if (!best || best.n < 2) {
      this.path = undefined;
      this.always = rules;
      return;
    }
    this.root = best.root;
    this.path = best.path;
    this.always = [];
    for (const r of rules) {
      const g = r.orElse ? undefined : r.guards?.find((x) => x.pathKey === best.key);
      if (!g) {
        this.always.push(r);
        continue;
      }
      const bucket = this.byValue.get(g.valueKey);
      if (bucket) bucket.push(r);
      else this.byValue.set(g.valueKey, [r]);
    }
  }

  /** The rules that may have a solution for this input (and arguments), in source order; every other one provably fails. */
  candidates(input: RegoValue | undefined, args: RegoValue[] | undefined): CompiledRule[] {
    if (this.path === undefined) return this.rules;
    const v = guardedValue(this.root, this.path, input, args);
    // an undefined or composite value equals no scalar: every indexed body fails
    if (v === undefined || !isScalar(v)) return this.always;
    const key = canonicalKey(v);
    const hit = this.merged.get(key);
    if (hit) return hit;
    const bucket = this.byValue.get(key);
    if (!bucket) return this.always;
    const out: CompiledRule[] = [];
    let i = 0;
    let j = 0;
    while (i < bucket.length || j < this.always.length) {
      if (j >= this.always.length || (i < bucket.length && bucket[i]!.order < this.always[j]!.order)) out.push(bucket[i++]!);
      else out.push(this.always[j++]!);
    }
    this.merged.set(key, out);
    return out;
  }
}
