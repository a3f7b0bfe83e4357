// OPA's safety analysis: reorders each body so every variable is bound
// before it is needed (reorderBodyForSafety), and rejects unsafe variables.

import type { Body, CallTerm, Expr, RefTerm, Term } from "./ast.ts";
import { builtinArity } from "./builtin-names.ts";
import { RegoError } from "./errors.ts";
import { functionNode, groundValue, type RuleNode } from "./rule-tree.ts";
import { canonicalKey } from "./values.ts";

export type SlotSet = Set<number>;

interface VarParams {
  skipClosures: boolean;
  skipRefHead?: boolean;
  skipSets?: boolean;
  skipObjectKeys?: boolean;
}

export const SAFETY: VarParams = { skipClosures: true };

function collectVars(t: Term, out: SlotSet, p: VarParams): void {
  switch (t.type) {
    case "var":
      if (t.slot !== undefined && t.slot >= 0) out.add(t.slot);
      return;
    case "ref":
      if (!p.skipRefHead || t.head.type !== "var") collectVars(t.head, out, p);
      for (const x of t.path) collectVars(x, out, { ...p, skipRefHead: false });
      return;
    case "array":
      for (const x of t.items) collectVars(x, out, p);
      return;
    case "set":
      if (!p.skipSets) for (const x of t.items) collectVars(x, out, p);
      return;
    case "object":
      for (const [k, v] of t.pairs) {
        if (!p.skipObjectKeys) collectVars(k, out, p);
        collectVars(v, out, p);
      }
      return;
    case "call":
      for (const x of t.args) collectVars(x, out, p);
      return;
    case "arraycomp":
    case "setcomp":
      if (!p.skipClosures) {
        collectVars(t.term, out, p);
        bodyVars(t.body, out, p);
      }
      return;
    case "objectcomp":
      if (!p.skipClosures) {
        collectVars(t.key, out, p);
        collectVars(t.value, out, p);
        bodyVars(t.body, out, p);
      }
      return;
    default:
      return;
  }
}

function bodyVars(body: Body, out: SlotSet, p: VarParams): void {
  for (const e of body) exprVars(e, out, p);
}

export function exprVars(e: Expr, out: SlotSet, p: VarParams): void {
  for (const w of e.withs) collectVars(w.value, out, p);
  switch (e.kind) {
    case "term":
      collectVars(e.term, out, p);
      return;
    case "assign":
    case "unify":
      collectVars(e.lhs, out, p);
      collectVars(e.rhs, out, p);
      return;
    case "some":
      return;
    case "somein":
      if (e.key) collectVars(e.key, out, p);
      collectVars(e.value, out, p);
      collectVars(e.domain, out, p);
      return;
    case "every":
      collectVars(e.domain, out, p);
      if (!p.skipClosures) {
        if (e.key) collectVars(e.key, out, p);
        collectVars(e.value, out, p);
        bodyVars(e.body, out, p);
      }
      return;
  }
}

export function varsOf(t: Term, p: VarParams = SAFETY): SlotSet {
  const s: SlotSet = new Set();
  collectVars(t, s, p);
  return s;
}

/** Variables used inside comprehensions and `every` bodies of an expression. */
function closureVars(e: Expr): SlotSet {
  const out: SlotSet = new Set();
  const all: VarParams = { skipClosures: false };
  const visitTerm = (t: Term): void => {
    switch (t.type) {
      case "arraycomp":
      case "setcomp":
      case "objectcomp":
        collectVars(t, out, all);
        return;
      case "ref":
        visitTerm(t.head);
        t.path.forEach(visitTerm);
        return;
      case "array":
      case "set":
        t.items.forEach(visitTerm);
        return;
      case "object":
        t.pairs.forEach(([k, v]) => {
          visitTerm(k);
          visitTerm(v);
        });
        return;
      case "call":
        t.args.forEach(visitTerm);
        return;
      default:
        return;
    }
  };
  for (const w of e.withs) visitTerm(w.value);
  switch (e.kind) {
    case "term":
      visitTerm(e.term);
      break;
    case "assign":
    case "unify":
      visitTerm(e.lhs);
      visitTerm(e.rhs);
      break;
    case "somein":
      if (e.key) visitTerm(e.key);
      visitTerm(e.value);
      visitTerm(e.domain);
      break;
    case "every":
      visitTerm(e.domain);
      if (e.key) collectVars(e.key, out, all);
      collectVars(e.value, out, all);
      bodyVars(e.body, out, all);
      break;
    case "some":
      break;
  }
  return out;
}

function isRefSafe(r: RefTerm, safe: SlotSet): boolean {
  const h = r.head;
  if (h.type === "var") return h.slot === undefined || h.slot < 0 || safe.has(h.slot);
  for (const v of varsOf(h)) if (!safe.has(v)) return false;
  return true;
}

/** Vars that refs with safe heads bind by iteration (OPA's outputVarsForTerms). */
function refOutputs(t: Term, safe: SlotSet, out: SlotSet): void {
  switch (t.type) {
    case "arraycomp":
    case "setcomp":
    case "objectcomp":
      return;
    case "ref":
      if (isRefSafe(t, safe)) {
        for (const p of t.path) collectVars(p, out, { skipClosures: false });
        return;
      }
      refOutputs(t.head, safe, out);
      t.path.forEach((p) => refOutputs(p, safe, out));
      return;
    case "array":
    case "set":
      t.items.forEach((x) => refOutputs(x, safe, out));
      return;
    case "object":
      t.pairs.forEach(([k, v]) => {
        refOutputs(k, safe, out);
        refOutputs(v, safe, out);
      });
      return;
    case "call":
      t.args.forEach((x) => refOutputs(x, safe, out));
      return;
    default:
      return;
  }
}

/** OPA's ast.Unify: the variables a unification makes safe. */
function unifyOutputs(safe: SlotSet, a: Term, b: Term): SlotSet {
  const unified: SlotSet = new Set();
  const unknown = new Map<number, SlotSet>();
  const isSafe = (v: number) => safe.has(v) || unified.has(v);
  const markSafe = (v: number): void => {
    unified.add(v);
    const deps = unknown.get(v);
    if (deps) {
      unknown.delete(v);
      for (const d of deps) markSafe(d);
    }
  };
  const markUnknown = (a: number, b: number) => {
    const s = unknown.get(a) ?? new Set<number>();
    s.add(b);
    unknown.set(a, s);
  };
  const varSlot = (t: Term): number | undefined => (t.type === "var" && t.slot !== undefined && t.slot >= 0 ? t.slot : undefined);
  const markAllSafe = (t: Term) => {
    for (const v of varsOf(t, { skipClosures: false })) markSafe(v);
  };
  const unifyAll = (v: number, t: Term) => {
    if (isSafe(v)) markAllSafe(t);
    else {
      const vs = varsOf(t, { skipClosures: false });
      if ([...vs].every(isSafe)) markSafe(v);
      else for (const x of vs) if (!isSafe(x)) markUnknown(v, x);
    }
  };
  const headSafe = (r: RefTerm) => isRefSafe(r, new Set([...safe, ...unified]));
  const unify = (a: Term, b: Term): void => {
    const av = varSlot(a);
    const bv = varSlot(b);
    if (a.type === "var" && av === undefined) return unify({ type: "null", loc: a.loc }, b);
    if (b.type === "var" && bv === undefined) return unify(a, { type: "null", loc: b.loc });
    if (av !== undefined) {
      if (bv !== undefined) {
        if (isSafe(bv)) markSafe(av);
        else if (isSafe(av)) markSafe(bv);
        else {
          markUnknown(av, bv);
          markUnknown(bv, av);
        }
      } else if (b.type === "array" || b.type === "object") unifyAll(av, b);
      else if (b.type === "ref") {
        if (headSafe(b)) markSafe(av);
      } else if (b.type === "call") {
        if ([...varsOf(b)].every(isSafe)) markSafe(av);
      } else markSafe(av);
      return;
    }
    switch (a.type) {
      case "ref":
        if (headSafe(a)) {
          if (bv !== undefined) markSafe(bv);
          else if (b.type === "array" || b.type === "object") markAllSafe(b);
        }
        return;
      case "call":
        if ([...varsOf(a)].every(isSafe)) {
          if (bv !== undefined) markSafe(bv);
          else if (b.type === "array" || b.type === "object") markAllSafe(b);
        }
        return;
      case "arraycomp":
      case "setcomp":
      case "objectcomp":
        if (bv !== undefined) markSafe(bv);
        else if (b.type === "array" || b.type === "object") markAllSafe(b);
        return;
      case "array":
        if (bv !== undefined) unifyAll(bv, a);
        else if (b.type === "arraycomp" || b.type === "setcomp" || b.type === "objectcomp") markAllSafe(a);
        else if (b.type === "ref") {
          if (headSafe(b)) markAllSafe(a);
        } else if (b.type === "call") {
          if ([...varsOf(b)].every(isSafe)) markAllSafe(a);
        } else if (b.type === "array" && a.items.length === b.items.length) a.items.forEach((x, i) => unify(x, b.items[i]!));
        return;
      case "object":
        if (bv !== undefined) unifyAll(bv, a);
        else if (b.type === "ref") {
          if (headSafe(b)) markAllSafe(a);
        } else if (b.type === "call") {
          if ([...varsOf(b)].every(isSafe)) markAllSafe(a);
        } else if (b.type === "object" && a.pairs.length === b.pairs.length) {
          for (const [k, v] of a.pairs) {
            const kv = groundValue(k);
            if (kv === undefined) continue;
            const other = b.pairs.find(([k2]) => {
              const k2v = groundValue(k2);
              return k2v !== undefined && canonicalKey(k2v) === canonicalKey(kv);
            });
            if (other) unify(v, other[1]);
          }
        }
        return;
      default:
        if (bv !== undefined) markSafe(bv);
        return;
    }
  };
  unify(a, b);
  return unified;
}

function callArity(call: CallTerm, root: RuleNode): number {
  const t = call.target!;
  if (t.kind === "function") {
    const n = functionNode(root, t.path);
    const r = n && (n.rules[0] ?? n.defaultRule);
    return r?.args?.length ?? -1;
  }
  return builtinArity(t.name) ?? -1;
}

function outputVars(e: Expr, safe: SlotSet, root: RuleNode): SlotSet {
  const none: SlotSet = new Set();
  if (e.negated) return none;
  for (const w of e.withs) for (const v of varsOf(w.value)) if (!safe.has(v)) return none;
  const out: SlotSet = new Set();
  switch (e.kind) {
    case "term": {
      const t = e.term;
      refOutputs(t, safe, out);
      if (t.type !== "call") return out;
      const arity = callArity(t, root);
      if (arity < 0 || t.args.length <= arity) return out;
      const params: VarParams = { skipClosures: true, skipSets: true, skipObjectKeys: true, skipRefHead: true };
      for (const a of t.args.slice(0, arity)) for (const v of varsOf(a, params)) if (!out.has(v) && !safe.has(v)) return none;
      for (const a of t.args.slice(arity)) for (const v of varsOf(a, params)) out.add(v);
      return out;
    }
    case "assign":
    case "unify": {
      refOutputs(e.lhs, safe, out);
      refOutputs(e.rhs, safe, out);
      const known = new Set([...out, ...safe]);
      for (const v of unifyOutputs(known, e.lhs, e.rhs)) out.add(v);
      for (const v of safe) out.delete(v);
      return out;
    }
    case "somein": {
      refOutputs(e.domain, safe, out);
      const known = new Set([...out, ...safe]);
      for (const v of varsOf(e.domain)) if (!known.has(v)) return out;
      if (e.key) for (const v of varsOf(e.key, { skipClosures: false })) out.add(v);
      if (e.value.type === "var" || e.value.type === "array" || e.value.type === "object") {
        for (const v of varsOf(e.value, { skipClosures: false })) out.add(v);
      }
      return out;
    }
    case "every":
      refOutputs(e.domain, safe, out);
      return out;
    case "some":
      return out;
  }
}

export interface SafetyResult {
  body: Body;
  safe: SlotSet;
}

/** OPA's reorderBodyForSafety, then the same for every closure inside. */
export function reorderBody(body: Body, globals: SlotSet, root: RuleNode, names: string[]): SafetyResult {
  const outer: SlotSet = new Set();
  for (const e of body) exprVars(e, outer, SAFETY);
  const unsafe = new Map<Expr, SlotSet>();
  for (const e of body) {
    const vs: SlotSet = new Set();
    exprVars(e, vs, SAFETY);
    for (const v of globals) vs.delete(v);
    unsafe.set(e, vs);
  }
  const reordered: Body = [];
  const placed = new Set<Expr>();
  const safe: SlotSet = new Set(globals);
  for (;;) {
    const n = reordered.length;
    for (const e of body) {
      if (placed.has(e)) continue;
      const ovs = outputVars(e, safe, root);
      const cv = [...closureVars(e)].filter((v) => outer.has(v) && !globals.has(v));
      const uv = cv.filter((v) => !safe.has(v));
      if (uv.length > 0) {
        if (uv.length === ovs.size && uv.every((v) => ovs.has(v))) continue;
        for (const v of uv) unsafe.get(e)!.add(v);
      }
      const us = unsafe.get(e)!;
      for (const v of [...us]) if (ovs.has(v) || safe.has(v)) us.delete(v);
      if (us.size === 0) {
        placed.add(e);
        reordered.push(e);
        for (const v of ovs) safe.add(v);
      }
    }
    if (reordered.length === n) break;
  }
  for (const e of body) {
    if (placed.has(e)) continue;
    const v = [...unsafe.get(e)!][0];
    throw new RegoError("rego_unsafe_var_error", `var ${v === undefined ? "?" : names[v]} is unsafe`, e.loc);
  }
  // closures see the globals plus every variable of the expressions before them
  const g = new Set(globals);
  const out: Body = [];
  reordered.forEach((e, i) => {
    if (i > 0) exprVars(reordered[i - 1]!, g, SAFETY);
    out.push(reorderClosures(e, g, root, names));
  });
  return { body: out, safe };
}

function reorderClosures(e: Expr, globals: SlotSet, root: RuleNode, names: string[]): Expr {
  const term = (t: Term): Term => reorderTermClosures(t, globals, root, names);
  const withs = e.withs.map((w) => ({ ...w, value: term(w.value) }));
  switch (e.kind) {
    case "term":
      return { ...e, withs, term: term(e.term) };
    case "assign":
    case "unify":
      return { ...e, withs, lhs: term(e.lhs), rhs: term(e.rhs) };
    case "somein":
      return e.key ? { ...e, withs, key: term(e.key), value: term(e.value), domain: term(e.domain) } : { ...e, withs, value: term(e.value), domain: term(e.domain) };
    case "every": {
      const g = new Set(globals);
      if (e.key) g.add(e.key.slot!);
      g.add(e.value.slot!);
      return { ...e, withs, domain: term(e.domain), body: reorderBody(e.body, g, root, names).body };
    }
    case "some":
      return e;
  }
}

export function reorderTermClosures(t: Term, globals: SlotSet, root: RuleNode, names: string[]): Term {
  const rec = (x: Term) => reorderTermClosures(x, globals, root, names);
  switch (t.type) {
    case "ref":
      return { ...t, head: rec(t.head), path: t.path.map(rec) };
    case "array":
    case "set":
      return { ...t, items: t.items.map(rec) };
    case "object":
      return { ...t, pairs: t.pairs.map(([k, v]) => [rec(k), rec(v)] as [Term, Term]) };
    case "call":
      return { ...t, args: t.args.map(rec) };
    case "arraycomp":
    case "setcomp":
    case "objectcomp": {
      const r = reorderBody(t.body, globals, root, names);
      const heads = t.type === "objectcomp" ? [t.key, t.value] : [t.term];
      for (const h of heads) {
        for (const v of varsOf(h)) {
          if (!r.safe.has(v) && !globals.has(v)) throw new RegoError("rego_unsafe_var_error", `var ${names[v]} is unsafe`, h.loc);
        }
      }
      if (t.type === "objectcomp") return { ...t, body: r.body, key: rec(t.key), value: rec(t.value) };
      return { ...t, body: r.body, term: rec(t.term) };
    }
    default:
      return t;
  }
}
