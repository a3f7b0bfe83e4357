// Turns parsed modules into an evaluable policy: resolves names (imports,
// rules of the package, local variables with OPA's `:=`/`some` scoping),
// reorders bodies for safety as OPA does, builds the rule tree under `data`,
// and rejects recursion.

import type { Body, CallTerm, Expr, Loc, Module, RefTerm, Rule, Term, VarTerm } from "./ast.ts";
import { builtinArity } from "./builtin-names.ts";
import { rewriteDynamicTerms } from "./dynamic-terms.ts";
import { RegoError } from "./errors.ts";
import { checkRecursion } from "./recursion.ts";
import { guardsOf } from "./rule-index.ts";
import { DATA_SLOT, INPUT_SLOT, RuleNode, functionNode, groundValue, type CompiledRule, type RuleKind } from "./rule-tree.ts";
import { SAFETY, exprVars, reorderBody, reorderTermClosures, varsOf, type SlotSet } from "./safety.ts";
import { annotateBody } from "./static-types.ts";

export { DATA_SLOT, INPUT_SLOT, RuleNode, functionNode, groundValue } from "./rule-tree.ts";
export type { CompiledRule, RuleKind } from "./rule-tree.ts";

export interface CompiledPolicy {
  root: RuleNode;
  rules: CompiledRule[];
}

export interface CompiledQuery {
  body: Body;
  nslots: number;
  vars: Array<{ name: string; slot: number }>;
}

// ---------------------------------------------------------------- resolution

class Scope {
  readonly declared = new Map<string, number>();
  readonly used = new Set<string>();
  constructor(readonly parent?: Scope) {}

  lookup(name: string): number | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const slot = s.declared.get(name);
      if (slot !== undefined) return slot;
    }
    return undefined;
  }
}

interface PendingCall {
  call: CallTerm;
}

class Resolver {
  nslots = 0;
  private readonly plain = new Map<string, number>();
  readonly someDeclared: Array<{ slot: number; name: string; loc: Loc }> = [];
  readonly slotUses = new Map<number, number>();
  readonly slotNames: string[] = [];

  constructor(
    private readonly globals: Map<string, Term>,
    private readonly calls: PendingCall[],
    private readonly pkgPath: string[],
    private readonly importAliases: Map<string, string[]>,
  ) {}

  fresh(name: string): number {
    this.slotNames.push(name);
    return this.nslots++;
  }

  plainSlot(name: string): number {
    let s = this.plain.get(name);
    if (s === undefined) {
      s = this.fresh(name);
      this.plain.set(name, s);
    }
    return s;
  }

  private useVar(v: VarTerm, scope: Scope, direct: boolean): Term {
    const name = v.name;
    if (name === "_") return { ...v, slot: this.fresh("_") };
    const local = scope.lookup(name);
    if (local !== undefined) return this.mark({ ...v, slot: local });
    if (direct) scope.used.add(name);
    if (this.plain.has(name)) return this.mark({ ...v, slot: this.plain.get(name)! });
    if (name === "input") return { ...v, slot: INPUT_SLOT };
    if (name === "data") return { ...v, slot: DATA_SLOT };
    const g = this.globals.get(name);
    if (g) return cloneTerm(g, v.loc);
    return this.mark({ ...v, slot: this.plainSlot(name) });
  }

  private mark(v: VarTerm): VarTerm {
    this.slotUses.set(v.slot!, (this.slotUses.get(v.slot!) ?? 0) + 1);
    return v;
  }

  term(t: Term, scope: Scope, direct = true): Term {
    switch (t.type) {
      case "null":
      case "boolean":
      case "number":
      case "string":
        return t;
      case "var":
        return this.useVar(t, scope, direct);
      case "ref": {
        const head = this.term(t.head, scope, direct);
        const path = t.path.map((p) => this.term(p, scope, direct));
        if (head.type === "ref") return { type: "ref", head: head.head, path: [...head.path, ...path], loc: t.loc };
        return { type: "ref", head, path, loc: t.loc };
      }
      case "array":
        return { ...t, items: t.items.map((x) => this.term(x, scope, direct)) };
      case "set":
        return { ...t, items: t.items.map((x) => this.term(x, scope, direct)) };
      case "object":
        return { ...t, pairs: t.pairs.map(([k, v]) => [this.term(k, scope, direct), this.term(v, scope, direct)] as [Term, Term]) };
      case "arraycomp":
      case "setcomp": {
        const inner = new Scope(scope);
        const body = this.body(t.body, inner);
        return { ...t, body, term: this.term(t.term, inner) };
      }
      case "objectcomp": {
        const inner = new Scope(scope);
        const body = this.body(t.body, inner);
        return { ...t, body, key: this.term(t.key, inner), value: this.term(t.value, inner) };
      }
      case "call": {
        const args = t.args.map((a) => this.term(a, scope, direct));
        const call: CallTerm = { type: "call", name: t.name, args, loc: t.loc };
        call.target = this.callTarget(t, scope);
        this.calls.push({ call });
        return call;
      }
    }
  }

  private callTarget(t: CallTerm, scope: Scope): CallTerm["target"] {
    const parts = t.name.split(".");
    const first = parts[0]!;
    if (t.operator && scope.lookup(first) !== undefined) {
      throw new RegoError("rego_type_error", `${t.name} is a local variable, not a function`, t.loc);
    }
    if (first === "data") return { kind: "function", path: parts.slice(1) };
    const alias = this.importAliases.get(first);
    if (alias) return { kind: "function", path: [...alias, ...parts.slice(1)] };
    if (this.globals.has(first) && this.globals.get(first)!.type === "ref") {
      return { kind: "function", path: [...this.pkgPath, ...parts] };
    }
    return { kind: "builtin", name: t.name };
  }

  /** Declares the variables of an assignment or `some ... in` pattern. */
  private declarePattern(t: Term, scope: Scope, assign: boolean, loc: Loc): Term {
    switch (t.type) {
      case "var": {
        if (t.name === "_") return { ...t, slot: this.fresh("_") };
        if (scope.declared.has(t.name)) throw new RegoError("rego_compile_error", `var ${t.name} assigned above`, t.loc);
        if (scope.used.has(t.name)) throw new RegoError("rego_compile_error", `var ${t.name} referenced above`, t.loc);
        const slot = this.fresh(t.name);
        scope.declared.set(t.name, slot);
        return { ...t, slot };
      }
      case "array":
        return { ...t, items: t.items.map((x) => this.declarePattern(x, scope, assign, loc)) };
      case "object":
        return { ...t, pairs: t.pairs.map(([k, v]) => [this.term(k, scope), this.declarePattern(v, scope, assign, loc)] as [Term, Term]) };
      case "null":
      case "boolean":
      case "number":
      case "string":
        if (assign) throw new RegoError("rego_compile_error", `cannot assign to ${t.type}`, t.loc);
        return t;
      default:
        if (assign) throw new RegoError("rego_compile_error", `cannot assign to ${t.type}`, t.loc);
        return this.term(t, scope);
    }
  }

  body(body: Body, scope: Scope): Body {
    const out: Body = [];
    for (const e of body) {
      const r = this.expr(e, scope);
      if (r) out.push(r);
    }
    if (out.length === 0) out.push({ kind: "term", term: { type: "boolean", value: true, loc: body[0]!.loc }, loc: body[0]!.loc, negated: false, withs: [] });
    return out;
  }

  private expr(e: Expr, scope: Scope): Expr | undefined {
    const withs = e.withs.map((w) => ({ target: this.withTarget(w.target), value: this.term(w.value, scope), loc: w.loc }));
    switch (e.kind) {
      case "term":
        return { ...e, withs, term: this.term(e.term, scope) };
      case "unify":
        if (!e.generated && this.operatorIsRule("eq")) return this.operatorCall("eq", e, scope);
        return { ...e, withs, lhs: this.term(e.lhs, scope), rhs: this.term(e.rhs, scope) };
      case "assign": {
        if (this.operatorIsRule("assign")) return this.operatorCall("assign", e, scope);
        const rhs = this.term(e.rhs, scope);
        const lhs = this.declarePattern(e.lhs, scope, true, e.loc);
        return { kind: "unify", lhs, rhs, loc: e.loc, negated: e.negated, withs };
      }
      case "some":
        for (const v of e.vars) {
          const d = this.declarePattern(v, scope, true, e.loc) as VarTerm;
          this.someDeclared.push({ slot: d.slot!, name: v.name, loc: v.loc });
        }
        return undefined;
      case "somein": {
        const domain = this.term(e.domain, scope);
        const key = e.key ? this.declarePattern(e.key, scope, false, e.loc) : undefined;
        const value = this.declarePattern(e.value, scope, false, e.loc);
        return key ? { ...e, withs, key, value, domain } : { kind: "somein", value, domain, loc: e.loc, negated: e.negated, withs };
      }
      case "every": {
        const domain = this.term(e.domain, scope);
        const inner = new Scope(scope);
        const key = e.key ? (this.declarePattern(e.key, inner, true, e.loc) as VarTerm) : undefined;
        const value = this.declarePattern(e.value, inner, true, e.loc) as VarTerm;
        const body = this.body(e.body, inner);
        return key ? { ...e, withs, key, value, domain, body } : { kind: "every", value, domain, body, loc: e.loc, negated: e.negated, withs };
      }
    }
  }

  /**
   * `=` and `:=` are the built-ins `eq` and `assign` to OPA, and like every operator their names resolve
   * first to a rule or import of the package: with a rule `eq` in the package, `x = y` calls `data.pkg.eq(x, y)`.
   * Expressions the compiler generates (from rule heads) are made after that resolution and keep unification.
   */
  private operatorIsRule(name: string): boolean {
    return this.globals.get(name)?.type === "ref";
  }

  private operatorCall(name: string, e: Extract<Expr, { kind: "unify" | "assign" }>, scope: Scope): Expr | undefined {
    const operator: VarTerm = { type: "var", name, loc: e.loc };
    const call: CallTerm = { type: "call", name, operator, args: [e.lhs, e.rhs], loc: e.loc };
    return this.expr({ kind: "term", term: call, loc: e.loc, negated: e.negated, withs: e.withs }, scope);
  }

  /** `with` targets name documents, never local variables. */
  private withTarget(t: Term): Term {
    const resolveHead = (v: VarTerm): Term => {
      if (v.name === "input") return { ...v, slot: INPUT_SLOT };
      if (v.name === "data") return { ...v, slot: DATA_SLOT };
      const g = this.globals.get(v.name);
      if (g) return cloneTerm(g, v.loc);
      return v;
    };
    if (t.type === "var") return resolveHead(t);
    if (t.type === "ref" && t.head.type === "var") {
      const head = resolveHead(t.head);
      if (head.type === "ref") return { type: "ref", head: head.head, path: [...head.path, ...t.path], loc: t.loc };
      return { ...t, head };
    }
    return t;
  }

  headTerm(t: Term, root: Scope): Term {
    return this.term(t, root, false);
  }
}

function cloneTerm(t: Term, loc: Loc): Term {
  if (t.type === "ref") return { type: "ref", head: { ...t.head, loc }, path: t.path.map((p) => ({ ...p, loc })), loc };
  return { ...t, loc };
}

function refTo(root: "data" | "input", path: string[], loc: Loc): RefTerm {
  return {
    type: "ref",
    head: { type: "var", name: root, slot: root === "data" ? DATA_SLOT : INPUT_SLOT, loc },
    path: path.map((s) => ({ type: "string", value: s, loc })),
    loc,
  };
}

// ---------------------------------------------------------------- policy

export function compilePolicy(modules: Module[]): CompiledPolicy {
  const ruleNames = new Map<string, Set<string>>();
  for (const m of modules) {
    const key = m.packagePath.join(".");
    const names = ruleNames.get(key) ?? new Set<string>();
    for (const r of m.rules) names.add((r.head.ref[0] as { value: string }).value);
    ruleNames.set(key, names);
  }
  const root = new RuleNode(null, []);
  const rules: CompiledRule[] = [];
  const calls: PendingCall[] = [];
  let order = 0;
  for (const m of modules) {
    const { globals, aliases } = moduleGlobals(m, ruleNames.get(m.packagePath.join("."))!);
    for (const r of m.rules) {
      let prev: CompiledRule | undefined;
      let top: CompiledRule | undefined;
      for (let branch: Rule | undefined = r; branch; branch = branch.orElse) {
        const c = compileRule(branch, m, globals, aliases, calls);
        c.order = order++;
        if (prev) prev.orElse = c;
        else top = c;
        prev = c;
      }
      placeRule(top!, root);
      rules.push(top!);
    }
  }
  checkTreeConflicts(root);
  for (const { call } of calls) checkCall(call, root);
  for (const r of rules) {
    for (let b: CompiledRule | undefined = r; b; b = b.orElse) {
      finishRuleSafety(b, root);
      const guards = guardsOf(b);
      if (guards.length > 0) b.guards = guards;
    }
  }
  checkRecursion(rules, root);
  return { root, rules };
}

function moduleGlobals(m: Module, names: Set<string>): { globals: Map<string, Term>; aliases: Map<string, string[]> } {
  const globals = new Map<string, Term>();
  const aliases = new Map<string, string[]>();
  for (const name of names) globals.set(name, refTo("data", [...m.packagePath, name], m.loc));
  for (const imp of m.imports) {
    const p = imp.path;
    const headName = p.type === "var" ? p.name : p.head.type === "var" ? p.head.name : "";
    const parts: string[] = [];
    if (p.type === "ref") {
      for (const x of p.path) {
        if (x.type !== "string") throw new RegoError("rego_parse_error", "import path must contain only names", imp.loc);
        parts.push(x.value);
      }
    }
    if (headName === "rego" || headName === "future") continue;
    if (headName !== "data" && headName !== "input") {
      throw new RegoError("rego_compile_error", `invalid import ${headName}: must begin with input or data`, imp.loc);
    }
    const alias = imp.alias ?? (parts.length > 0 ? parts[parts.length - 1]! : headName);
    if (parts.length === 0 && imp.alias === undefined) continue;
    globals.set(alias, refTo(headName, parts, imp.loc));
    if (headName === "data") aliases.set(alias, parts);
  }
  return { globals, aliases };
}

function compileRule(
  rule: Rule,
  m: Module,
  globals: Map<string, Term>,
  aliases: Map<string, string[]>,
  calls: PendingCall[],
): CompiledRule {
  const res = new Resolver(globals, calls, m.packagePath, aliases);
  const scope = new Scope();
  const moved = moveHeadTermsToBody(rule);
  for (const a of rule.head.args ?? []) for (const name of varNames(a)) res.plainSlot(name);
  const args = rule.head.args?.map((a) => res.headTerm(a, scope));
  const body = res.body(moved.body, scope);
  const headRef = moved.ref.map((t, i) => (i === 0 ? t : res.headTerm(t, scope)));
  const value = moved.value ? res.headTerm(moved.value, scope) : undefined;
  const key = moved.key ? res.headTerm(moved.key, scope) : undefined;
  for (const d of res.someDeclared) {
    if ((res.slotUses.get(d.slot) ?? 0) === 0) throw new RegoError("rego_compile_error", `declared var ${d.name} unused`, d.loc);
  }
  const pkgTerms: Term[] = m.packagePath.map((s) => ({ type: "string", value: s, loc: rule.loc }));
  const fullRef = [...pkgTerms, ...headRef];
  const kind: RuleKind = args ? "function" : key ? "multi" : fullRef.every((t) => groundValue(t) !== undefined) ? "complete" : "object";
  const name = fullRef.map((t, i) => (i === 0 ? "data." : "") + (t.type === "string" ? t.value : "[…]")).join(".");
  const compiled: CompiledRule = {
    kind,
    node: undefined as unknown as RuleNode,
    fullRef,
    body,
    nslots: res.nslots,
    isDefault: rule.isDefault,
    loc: rule.loc,
    name,
    order: 0,
    slotNames: res.slotNames,
  };
  if (args) compiled.args = args;
  if (kind === "function" || kind === "complete" || kind === "object") {
    compiled.value = value ?? { type: "boolean", value: true, loc: rule.loc };
  }
  if (key) compiled.key = key;
  if (kind === "multi" && value) throw new RegoError("rego_parse_error", "multi-value rules cannot have a value", rule.loc);
  return compiled;
}

function requiresEval(t: Term): boolean {
  switch (t.type) {
    case "ref":
    case "call":
    case "arraycomp":
    case "setcomp":
    case "objectcomp":
      return true;
    case "array":
    case "set":
      return t.items.some(requiresEval);
    case "object":
      return t.pairs.some(([k, v]) => requiresEval(k) || requiresEval(v));
    default:
      return false;
  }
}

/** OPA's rewriteRefsInHead: head terms that need evaluation become body expressions. */
function moveHeadTermsToBody(rule: Rule): { body: Body; ref: Term[]; value?: Term; key?: Term } {
  const body = [...rule.body];
  let n = 0;
  const move = (t: Term): Term => {
    if (!requiresEval(t)) return t;
    const v: VarTerm = { type: "var", name: `$head${n++}`, loc: t.loc };
    body.push({ kind: "unify", lhs: v, rhs: t, loc: t.loc, negated: false, withs: [], generated: true });
    return v;
  };
  const ref = rule.head.ref.map((t, i) => (i > 0 && (t.type === "ref" || t.type === "call") ? move(t) : t));
  const out: { body: Body; ref: Term[]; value?: Term; key?: Term } = { body, ref };
  if (rule.head.value) out.value = move(rule.head.value);
  if (rule.head.key) out.key = move(rule.head.key);
  return out;
}

function varNames(t: Term): string[] {
  switch (t.type) {
    case "var":
      return t.name === "_" ? [] : [t.name];
    case "array":
    case "set":
      return t.items.flatMap(varNames);
    case "object":
      return t.pairs.flatMap(([, v]) => varNames(v));
    default:
      return [];
  }
}

function placeRule(rule: CompiledRule, root: RuleNode): void {
  let node = root;
  for (const t of rule.fullRef) {
    const v = groundValue(t);
    if (v === undefined) break;
    node = node.ensureChild(v);
  }
  for (let b: CompiledRule | undefined = rule; b; b = b.orElse) b.node = node;
  if (rule.isDefault) {
    if (node.defaultRule) throw new RegoError("rego_type_error", `multiple default rules ${node.pathString()} found`, rule.loc);
    node.defaultRule = rule;
  } else node.rules.push(rule);
}

/** Shapes OPA rejects at compile time and we do not attempt to merge. */
function checkTreeConflicts(root: RuleNode): void {
  const walk = (n: RuleNode) => {
    const all = n.defaultRule ? [...n.rules, n.defaultRule] : n.rules;
    const kinds = new Set(all.map((r) => r.kind));
    if (kinds.size > 1) throw new RegoError("rego_type_error", `conflicting rules ${n.pathString()} found`, all[0]!.loc);
    if (kinds.has("function")) {
      const arities = new Set(all.map((r) => r.args!.length));
      if (arities.size > 1) throw new RegoError("rego_type_error", `conflicting rules ${n.pathString()} found`, all[0]!.loc);
    }
    const groundAtNode = all.some((r) => r.kind !== "object" && r.fullRef.every((t) => groundValue(t) !== undefined));
    if (groundAtNode && hasRulesBelow(n)) {
      throw new RegoError("rego_type_error", `rule ${n.pathString()} conflicts with rules below it`, all[0]!.loc);
    }
    for (const c of n.children.values()) walk(c);
  };
  walk(root);
}

function hasRulesBelow(n: RuleNode): boolean {
  for (const c of n.children.values()) if (c.hasValues || hasRulesBelow(c)) return true;
  return false;
}

function checkCall(call: CallTerm, root: RuleNode): void {
  const target = call.target!;
  if (target.kind === "function") {
    const node = functionNode(root, target.path);
    const fn = node && (node.rules[0] ?? node.defaultRule);
    if (!fn) throw new RegoError("rego_type_error", `undefined function data.${target.path.join(".")}`, call.loc);
    if (fn.kind !== "function") {
      throw new RegoError("rego_type_error", `function data.${target.path.join(".")} has arity 0, got ${call.args.length} arguments`, call.loc);
    }
    const arity = fn.args!.length;
    if (call.args.length !== arity && call.args.length !== arity + 1) {
      throw new RegoError("rego_type_error", `function data.${target.path.join(".")} has arity ${arity}, got ${call.args.length} arguments`, call.loc);
    }
    return;
  }
  const arity = builtinArity(target.name);
  if (arity === undefined) throw new RegoError("rego_type_error", `undefined function ${call.name}`, call.loc);
  if (target.name === "print" || target.name === "internal.print") return;
  if (call.args.length !== arity && call.args.length !== arity + 1) {
    throw new RegoError("rego_type_error", `${call.name}: arity mismatch: expected ${arity} arguments, got ${call.args.length}`, call.loc);
  }
}


function finishRuleSafety(rule: CompiledRule, root: RuleNode): void {
  const globals: SlotSet = new Set();
  for (const a of rule.args ?? []) for (const v of varsOf(a)) globals.add(v);
  const r = reorderBody(rule.body, globals, root, rule.slotNames);
  // OPA's RewriteExprTerms, RewriteEquals and RewriteDynamicTerms stages on negated expressions (dynamic-terms.ts)
  rule.body = rewriteDynamicTerms(r.body, { slotNames: rule.slotNames, equalsAsUnification: true });
  rule.nslots = rule.slotNames.length;
  // function parameters hold whatever callers pass: OPA checks those types at call sites
  annotateBody(rule.body, new Set(globals), root);
  const headTerms = [...rule.fullRef, ...(rule.value ? [rule.value] : []), ...(rule.key ? [rule.key] : [])];
  for (const t of headTerms) {
    const closed = reorderTermClosures(t, r.safe, root, rule.slotNames);
    void closed;
    for (const v of varsOf(t)) {
      if (!r.safe.has(v)) throw new RegoError("rego_unsafe_var_error", `var ${rule.slotNames[v]} is unsafe`, t.loc);
    }
  }
  if (rule.value) rule.value = reorderTermClosures(rule.value, r.safe, root, rule.slotNames);
  if (rule.key) rule.key = reorderTermClosures(rule.key, r.safe, root, rule.slotNames);
}

// ---------------------------------------------------------------- queries

export function compileQuery(policy: CompiledPolicy, body: Body): CompiledQuery {
  const calls: PendingCall[] = [];
  const res = new Resolver(new Map(), calls, [], new Map());
  const scope = new Scope();
  const resolved = res.body(body, scope);
  for (const { call } of calls) checkCall(call, policy.root);
  const r = reorderBody(resolved, new Set(), policy.root, res.slotNames);
  const top: SlotSet = new Set();
  for (const e of r.body) exprVars(e, top, SAFETY);
  const vars: Array<{ name: string; slot: number }> = [];
  for (const slot of [...top].sort((a, b) => a - b)) {
    const name = res.slotNames[slot]!;
    if (name !== "_") vars.push({ name, slot });
  }
  // OPA's query compiler runs RewriteDynamicTerms but not RewriteEquals: `not input.x == 1` hoists input.x
  const rewritten = rewriteDynamicTerms(r.body, { slotNames: res.slotNames, equalsAsUnification: false });
  annotateBody(rewritten, new Set(), policy.root);
  return { body: rewritten, nslots: res.slotNames.length, vars };
}
