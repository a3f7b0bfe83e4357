// Recursion is an error in Rego: find cycles between rules (through data
// references and function calls) before evaluating anything.

import type { CallTerm, Expr, RefTerm, Term } from "./ast.ts";
import { RegoError } from "./errors.ts";
import { DATA_SLOT, functionNode, groundValue, type CompiledRule, type RuleNode } from "./rule-tree.ts";

export function checkRecursion(rules: CompiledRule[], root: RuleNode): void {
  const deps = new Map<RuleNode, Set<RuleNode>>();
  const nodesOf = (r: CompiledRule) => r.node;
  const addDeps = (from: RuleNode, t: Term) => {
    const set = deps.get(from) ?? new Set<RuleNode>();
    deps.set(from, set);
    visitRefs(t, (ref) => {
      for (const n of referencedNodes(ref, root)) set.add(n);
    }, (call) => {
      if (call.target?.kind === "function") {
        const n = functionNode(root, call.target.path);
        if (n) set.add(n);
      }
    });
  };
  for (const r of rules) {
    for (let b: CompiledRule | undefined = r; b; b = b.orElse) {
      const from = nodesOf(b);
      for (const e of b.body) forEachExprTerm(e, (t) => addDeps(from, t));
      for (const t of [...b.fullRef, ...(b.value ? [b.value] : []), ...(b.key ? [b.key] : [])]) addDeps(from, t);
    }
  }
  const state = new Map<RuleNode, number>();
  const stack: RuleNode[] = [];
  const visit = (n: RuleNode) => {
    state.set(n, 1);
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      if (state.get(d) === 1) {
        const cycle = [...stack.slice(stack.indexOf(d)), d].map((x) => x.pathString()).join(" -> ");
        const r = n.rules[0] ?? n.defaultRule!;
        throw new RegoError("rego_recursion_error", `rule ${d.pathString()} is recursive: ${cycle}`, r.loc);
      }
      if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of deps.keys()) if (!state.has(n)) visit(n);
}

/** Rule nodes a data reference may read: along its ground prefix, and everything below where it stops. */
function referencedNodes(ref: RefTerm, root: RuleNode): RuleNode[] {
  if (ref.head.type !== "var" || ref.head.slot !== DATA_SLOT) return [];
  const out: RuleNode[] = [];
  let node = root;
  for (const p of ref.path) {
    const v = groundValue(p);
    if (v === undefined) break;
    const c = node.child(v);
    if (!c) return out;
    node = c;
    if (node.hasValues) out.push(node);
  }
  const below = (n: RuleNode) => {
    for (const c of n.children.values()) {
      if (c.hasValues) out.push(c);
      below(c);
    }
  };
  below(node);
  return out;
}

export function forEachExprTerm(e: Expr, f: (t: Term) => void): void {
  for (const w of e.withs) {
    f(w.value);
  }
  switch (e.kind) {
    case "term":
      f(e.term);
      return;
    case "assign":
    case "unify":
      f(e.lhs);
      f(e.rhs);
      return;
    case "somein":
      if (e.key) f(e.key);
      f(e.value);
      f(e.domain);
      return;
    case "every":
      f(e.domain);
      for (const x of e.body) forEachExprTerm(x, f);
      return;
    case "some":
      return;
  }
}

function visitRefs(t: Term, onRef: (r: RefTerm) => void, onCall: (c: CallTerm) => void): void {
  const rec = (x: Term) => visitRefs(x, onRef, onCall);
  switch (t.type) {
    case "ref":
      onRef(t);
      if (t.head.type !== "var") rec(t.head);
      t.path.forEach(rec);
      return;
    case "var":
      if (t.slot === DATA_SLOT) onRef({ type: "ref", head: t, path: [], loc: t.loc });
      return;
    case "array":
    case "set":
      t.items.forEach(rec);
      return;
    case "object":
      t.pairs.forEach(([k, v]) => {
        rec(k);
        rec(v);
      });
      return;
    case "call":
      onCall(t);
      t.args.forEach(rec);
      return;
    case "arraycomp":
    case "setcomp":
      rec(t.term);
      t.body.forEach((e) => forEachExprTerm(e, rec));
      return;
    case "objectcomp":
      rec(t.key);
      rec(t.value);
      t.body.forEach((e) => forEachExprTerm(e, rec));
      return;
    default:
      return;
  }
}
