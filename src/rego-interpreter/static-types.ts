// Which terms OPA's type checker types as `any`. OPA rejects at compile time
// a built-in call or a reference whose static types cannot match; at run
// time the same mistake on a value from input or base data is merely
// undefined. We do not replicate the type checker, so a run-time type
// mismatch on a term whose type OPA knows is refused instead of answered.

import type { Body, Expr, Term } from "./ast.ts";
import { DATA_SLOT, INPUT_SLOT, groundValue, type RuleNode } from "./compiler.ts";

/** Annotates calls and refs in a (reordered) body; `dynamic` holds slots of type any. */
export function annotateBody(body: Body, dynamic: Set<number>, root: RuleNode): void {
  for (const e of body) annotateExpr(e, dynamic, root);
}

function annotateExpr(e: Expr, dyn: Set<number>, root: RuleNode): void {
  for (const w of e.withs) annotateTerm(w.value, dyn, root);
  switch (e.kind) {
    case "term":
      annotateTerm(e.term, dyn, root);
      return;
    case "assign":
    case "unify": {
      annotateTerm(e.lhs, dyn, root);
      annotateTerm(e.rhs, dyn, root);
      if (isDynamic(e.rhs, dyn, root)) markPattern(e.lhs, dyn);
      if (isDynamic(e.lhs, dyn, root)) markPattern(e.rhs, dyn);
      return;
    }
    case "somein":
      annotateTerm(e.domain, dyn, root);
      if (isDynamic(e.domain, dyn, root)) {
        if (e.key) markPattern(e.key, dyn);
        markPattern(e.value, dyn);
      }
      return;
    case "every":
      annotateTerm(e.domain, dyn, root);
      if (isDynamic(e.domain, dyn, root)) {
        if (e.key) markPattern(e.key, dyn);
        markPattern(e.value, dyn);
      }
      annotateBody(e.body, dyn, root);
      return;
    case "some":
      return;
  }
}

function markPattern(t: Term, dyn: Set<number>): void {
  switch (t.type) {
    case "var":
      if (t.slot !== undefined && t.slot >= 0) dyn.add(t.slot);
      return;
    case "array":
      t.items.forEach((x) => markPattern(x, dyn));
      return;
    case "object":
      t.pairs.forEach(([, v]) => markPattern(v, dyn));
      return;
    default:
      return;
  }
}

function annotateTerm(t: Term, dyn: Set<number>, root: RuleNode): void {
  switch (t.type) {
    case "ref": {
      if (t.head.type !== "var") annotateTerm(t.head, dyn, root);
      const headDynamic = isDynamic(t.head, dyn, root);
      if (t.head.type === "var" && t.head.slot !== INPUT_SLOT && t.head.slot !== DATA_SLOT) t.staticHead = !headDynamic;
      else if (t.head.type !== "var") t.staticHead = true;
      t.path.forEach((p) => annotateTerm(p, dyn, root));
      // variables that iterate a dynamic document are dynamic keys
      if (isDynamic(t, dyn, root)) t.path.forEach((p) => markPattern(p, dyn));
      return;
    }
    case "array":
    case "set":
      t.items.forEach((x) => annotateTerm(x, dyn, root));
      return;
    case "object":
      t.pairs.forEach(([k, v]) => {
        annotateTerm(k, dyn, root);
        annotateTerm(v, dyn, root);
      });
      return;
    case "call":
      t.args.forEach((a) => annotateTerm(a, dyn, root));
      t.argDynamic = t.args.map((a) => isDynamic(a, dyn, root));
      return;
    case "arraycomp":
    case "setcomp":
      annotateBody(t.body, dyn, root);
      annotateTerm(t.term, dyn, root);
      return;
    case "objectcomp":
      annotateBody(t.body, dyn, root);
      annotateTerm(t.key, dyn, root);
      annotateTerm(t.value, dyn, root);
      return;
    default:
      return;
  }
}

/** True when OPA's checker types the term as any: input, base data, or values drawn from them. */
export function isDynamic(t: Term, dyn: Set<number>, root: RuleNode): boolean {
  if (t.type === "var") return t.slot === INPUT_SLOT || (t.slot !== undefined && dyn.has(t.slot));
  if (t.type !== "ref") return false;
  const h = t.head;
  if (h.type !== "var") return false;
  if (h.slot === INPUT_SLOT) return true;
  if (h.slot === DATA_SLOT) return !reachesRule(t.path, root);
  return h.slot !== undefined && dyn.has(h.slot);
}

function reachesRule(path: Term[], root: RuleNode): boolean {
  let node: RuleNode | undefined = root;
  for (const p of path) {
    const v = groundValue(p);
    if (v === undefined) return hasValuesBelow(node);
    node = node.child(v);
    if (!node) return false;
    if (node.hasValues) return true;
  }
  return true;
}

function hasValuesBelow(n: RuleNode): boolean {
  for (const c of n.children.values()) if (c.hasValues || hasValuesBelow(c)) return true;
  return false;
}
