// OPA's compiler stages RewriteExprTerms (expandExpr, expandExprTerm,
// expandExprRef), RewriteEquals (rewriteEquals) and RewriteDynamicTerms
// (rewriteDynamics, rewriteDynamicsEqExpr, rewriteDynamicsCallExpr,
// rewriteDynamicsInTerm, rewriteDynamicsOne), as far as they change answers.
//
// Together they move out of an expression, into generated `__localN__ = term`
// expressions placed just before it:
// - every call nested in it (`lower(x)` in `lower(x) == "a"`), and a
//   composite or call at the head of a reference (`[1, 2][i]`, `f(x)[0]`);
// - every reference and comprehension given to a call, also inside array,
//   object and set arguments (`startswith(input.a, "b")`, `x in [input.a]`,
//   `f({"k": input.a})`); `x == y` counts as a call, except in a module where
//   RewriteEquals first turns `equal` with two operands into unification;
// - in a unification or a lone term, the references and comprehensions inside
//   composite operands (`[input.a] = [1]`) and the dynamic parts of a
//   reference (`obj[input.k]`), but not a reference itself (`input.a = 1`).
// The generated expressions are never negated and carry the original's `with`
// modifiers. So for a negated expression they land before the `not`: a term
// they hold that is undefined makes the whole body fail instead of making the
// `not` true (OPA issues #1877 and #4743). `not input.a in ["x"]` is
// undefined when input.a is; `not input.a == "x"` in a module is true.
//
// An expression that is not negated answers the same with or without the
// hoisting (each generated expression only binds the one value the term had
// in place, under the same `with` modifiers), so it is left as written and
// costs nothing. Negated expressions are rewritten, in the bodies of rules,
// queries, comprehensions and `every`, after the body was reordered for
// safety, as in OPA where these stages follow the safety check: every variable
// of a negated expression is bound by then, so each hoisted term has at most
// one value and only adds "this term is defined".

import type { Body, CallTerm, Expr, Term, VarTerm } from "./ast.ts";
import { DATA_SLOT, INPUT_SLOT } from "./rule-tree.ts";

export interface DynamicTermsOptions {
  /** variable names by frame slot; generated variables are appended */
  slotNames: string[];
  /** RewriteEquals runs: true for modules, false for queries (OPA's query compiler keeps `==` a call) */
  equalsAsUnification: boolean;
}

/** The body with every negated expression in it (and in its closures) rewritten as OPA's compiler does. */
export function rewriteDynamicTerms(body: Body, opts: DynamicTermsOptions): Body {
  let changed = false;
  const out: Body = [];
  for (const e of body) {
    const inner = rewriteClosuresInExpr(e, opts);
    if (!inner.negated) {
      out.push(inner);
      if (inner !== e) changed = true;
      continue;
    }
    const support: Expr[] = [];
    const expanded = expandExpr(inner, support, opts);
    const hoisted = rewriteDynamicsExpr(expanded, support, opts);
    if (support.length === 0 && hoisted === e) {
      out.push(e);
      continue;
    }
    changed = true;
    out.push(...support, hoisted);
  }
  return changed ? out : body;
}

// ---------------------------------------------------------------- closures

function rewriteClosuresInExpr(e: Expr, opts: DynamicTermsOptions): Expr {
  const term = (t: Term) => rewriteClosuresInTerm(t, opts);
  const withs = mapSame(e.withs, (w) => {
    const value = term(w.value);
    return value === w.value ? w : { ...w, value };
  });
  switch (e.kind) {
    case "term": {
      const t = term(e.term);
      return t === e.term && withs === e.withs ? e : { ...e, withs, term: t };
    }
    case "assign":
    case "unify": {
      const lhs = term(e.lhs);
      const rhs = term(e.rhs);
      return lhs === e.lhs && rhs === e.rhs && withs === e.withs ? e : { ...e, withs, lhs, rhs };
    }
    case "somein": {
      const domain = term(e.domain);
      return domain === e.domain && withs === e.withs ? e : { ...e, withs, domain };
    }
    case "every": {
      const domain = term(e.domain);
      const body = rewriteDynamicTerms(e.body, opts);
      return domain === e.domain && body === e.body && withs === e.withs ? e : { ...e, withs, domain, body };
    }
    case "some":
      return e;
  }
}

function rewriteClosuresInTerm(t: Term, opts: DynamicTermsOptions): Term {
  const rec = (x: Term) => rewriteClosuresInTerm(x, opts);
  switch (t.type) {
    case "ref": {
      const head = rec(t.head);
      const path = mapSame(t.path, rec);
      return head === t.head && path === t.path ? t : { ...t, head, path };
    }
    case "array":
    case "set": {
      const items = mapSame(t.items, rec);
      return items === t.items ? t : { ...t, items };
    }
    case "object": {
      const pairs = mapSame(t.pairs, (p) => {
        const k = rec(p[0]);
        const v = rec(p[1]);
        return k === p[0] && v === p[1] ? p : ([k, v] as [Term, Term]);
      });
      return pairs === t.pairs ? t : { ...t, pairs };
    }
    case "call": {
      const args = mapSame(t.args, rec);
      return args === t.args ? t : { ...t, args };
    }
    case "arraycomp":
    case "setcomp": {
      const body = rewriteDynamicTerms(t.body, opts);
      const term = rec(t.term);
      return body === t.body && term === t.term ? t : { ...t, body, term };
    }
    case "objectcomp": {
      const body = rewriteDynamicTerms(t.body, opts);
      const key = rec(t.key);
      const value = rec(t.value);
      return body === t.body && key === t.key && value === t.value ? t : { ...t, body, key, value };
    }
    default:
      return t;
  }
}

function mapSame<T>(xs: T[], f: (x: T) => T): T[] {
  let out: T[] | undefined;
  xs.forEach((x, i) => {
    const y = f(x);
    if (y !== x && !out) out = xs.slice(0, i);
    if (out) out.push(y);
  });
  return out ?? xs;
}

// ---------------------------------------------------------------- generated expressions

/** A generated `__localN__ = term`, positive, under the `with` modifiers of the expression it comes from. */
function hoist(term: Term, from: Expr, support: Expr[], opts: DynamicTermsOptions): VarTerm {
  const slot = opts.slotNames.length;
  const local: VarTerm = { type: "var", name: `__local${slot}__`, slot, loc: term.loc };
  opts.slotNames.push(local.name);
  support.push({ kind: "unify", lhs: local, rhs: term, loc: term.loc, negated: false, withs: from.withs });
  return local;
}

// ---------------------------------------------------------------- RewriteExprTerms

/** expandExpr: calls nested in the expression's operands, and composite reference heads, move out. */
function expandExpr(e: Expr, support: Expr[], opts: DynamicTermsOptions): Expr {
  const expand = (t: Term) => expandExprTerm(t, e, support, opts);
  switch (e.kind) {
    case "term": {
      // a call written as the expression is OPA's call expression: its operands expand, not the call
      if (e.term.type === "call") {
        const args = mapSame(e.term.args, expand);
        return args === e.term.args ? e : { ...e, term: { ...e.term, args } };
      }
      const term = expand(e.term);
      return term === e.term ? e : { ...e, term };
    }
    case "assign":
    case "unify": {
      const lhs = expand(e.lhs);
      const rhs = expand(e.rhs);
      return lhs === e.lhs && rhs === e.rhs ? e : { ...e, lhs, rhs };
    }
    default:
      return e;
  }
}

/**
 * expandExprTerm. OPA generates `f(x, __localN__)` for a nested call; `__localN__ = f(x)` is the same
 * expression here (a call with an output operand and a unification with the call bind the same value).
 */
function expandExprTerm(t: Term, from: Expr, support: Expr[], opts: DynamicTermsOptions): Term {
  const rec = (x: Term) => expandExprTerm(x, from, support, opts);
  switch (t.type) {
    case "call": {
      const args = mapSame(t.args, rec);
      return hoist(args === t.args ? t : { ...t, args }, from, support, opts);
    }
    case "ref": {
      // expandExprRef: the head and every part expand; a head that is no variable moves out too
      let head = rec(t.head);
      const path = mapSame(t.path, rec);
      if (head.type !== "var") head = hoist(head, from, support, opts);
      return head === t.head && path === t.path ? t : { ...t, head, path };
    }
    case "array":
    case "set": {
      const items = mapSame(t.items, rec);
      return items === t.items ? t : { ...t, items };
    }
    case "object": {
      const pairs = mapSame(t.pairs, (p) => {
        const k = rec(p[0]);
        const v = rec(p[1]);
        return k === p[0] && v === p[1] ? p : ([k, v] as [Term, Term]);
      });
      return pairs === t.pairs ? t : { ...t, pairs };
    }
    default:
      // comprehensions keep their calls inside their own bodies, which do not change what they yield
      return t;
  }
}

// ---------------------------------------------------------------- RewriteEquals + RewriteDynamicTerms

/** `input` and `data` alone are references in OPA (a ref of one term), not variables. */
function isDocumentRoot(t: Term): boolean {
  return t.type === "var" && (t.slot === INPUT_SLOT || t.slot === DATA_SLOT);
}

/** RewriteEquals: `equal` with two operands becomes unification in modules, never in queries. */
function isEqualityCall(call: CallTerm, opts: DynamicTermsOptions): boolean {
  const target = call.target;
  return opts.equalsAsUnification && call.args.length === 2 && target?.kind === "builtin" && target.name === "equal";
}

/**
 * rewriteDynamics for one (negated) expression. A rewritten `equal` stays the `equal` built-in here: for the
 * bound operands of a negated expression it answers as the unification OPA makes of it; only its operands
 * are treated as a unification's.
 */
function rewriteDynamicsExpr(e: Expr, support: Expr[], opts: DynamicTermsOptions): Expr {
  const inTerm = (t: Term) => rewriteDynamicsInTerm(t, e, support, opts);
  const one = (t: Term) => rewriteDynamicsOne(t, e, support, opts);
  switch (e.kind) {
    case "term": {
      const t = e.term;
      if (t.type === "call") {
        // rewriteDynamicsEqExpr or rewriteDynamicsCallExpr
        const args = mapSame(t.args, isEqualityCall(t, opts) ? inTerm : one);
        return args === t.args ? e : { ...e, term: { ...t, args } };
      }
      // rewriteDynamicsTermExpr
      const term = inTerm(t);
      return term === t ? e : { ...e, term };
    }
    case "assign":
    case "unify": {
      // rewriteDynamicsEqExpr
      const lhs = inTerm(e.lhs);
      const rhs = inTerm(e.rhs);
      return lhs === e.lhs && rhs === e.rhs ? e : { ...e, lhs, rhs };
    }
    default:
      return e;
  }
}

/** rewriteDynamicsInTerm: a reference keeps its place (its dynamic parts move out); a comprehension stays. */
function rewriteDynamicsInTerm(t: Term, from: Expr, support: Expr[], opts: DynamicTermsOptions): Term {
  switch (t.type) {
    case "ref": {
      const path = mapSame(t.path, (p) => rewriteDynamicsOne(p, from, support, opts));
      return path === t.path ? t : { ...t, path };
    }
    case "arraycomp":
    case "setcomp":
    case "objectcomp":
      return t;
    default:
      if (isDocumentRoot(t)) return t;
      return rewriteDynamicsOne(t, from, support, opts);
  }
}

/** rewriteDynamicsOne: references and comprehensions move out, composites are searched for them. */
function rewriteDynamicsOne(t: Term, from: Expr, support: Expr[], opts: DynamicTermsOptions): Term {
  const rec = (x: Term) => rewriteDynamicsOne(x, from, support, opts);
  switch (t.type) {
    case "ref": {
      const path = mapSame(t.path, rec);
      return hoist(path === t.path ? t : { ...t, path }, from, support, opts);
    }
    case "var":
      return isDocumentRoot(t) ? hoist(t, from, support, opts) : t;
    case "array":
    case "set": {
      const items = mapSame(t.items, rec);
      return items === t.items ? t : { ...t, items };
    }
    case "object": {
      const pairs = mapSame(t.pairs, (p) => {
        const k = rec(p[0]);
        const v = rec(p[1]);
        return k === p[0] && v === p[1] ? p : ([k, v] as [Term, Term]);
      });
      return pairs === t.pairs ? t : { ...t, pairs };
    }
    case "arraycomp":
    case "setcomp":
    case "objectcomp":
      return hoist(t, from, support, opts);
    default:
      return t;
  }
}
