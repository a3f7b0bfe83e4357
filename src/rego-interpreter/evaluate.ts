// Top-down evaluation with backtracking, in continuation-passing style:
// every producer calls its continuation once per solution, with variable
// bindings set in the frame, and undoes them afterwards. A continuation
// returns true to stop the enumeration (early exit).

import type { Body, CallTerm, Expr, Loc, RefTerm, Term } from "./ast.ts";
import { BuiltinError, getBuiltin } from "./builtins.ts";
import { DATA_SLOT, INPUT_SLOT, functionNode, groundValue, type CompiledPolicy, type CompiledRule, type RuleNode } from "./compiler.ts";
import { RegoError, unsupported } from "./errors.ts";
import { guardsHold, RuleIndex } from "./rule-index.ts";
import { canonicalKey, equal, RegoObject, RegoSet, typeName, type RegoValue } from "./values.ts";

type Env = Array<RegoValue | undefined>;

/** evalOne's answer for a term that may have several values. */
const NONDET = Symbol("nondeterministic");
type Cont = () => boolean;
type ValueCont = (v: RegoValue) => boolean;

interface CompleteCacheEntry {
  value: RegoValue | undefined;
}

/** Everything a `with` modifier can change; caches belong to one context. */
class EvalContext {
  readonly complete = new Map<RuleNode, CompleteCacheEntry>();
  readonly full = new Map<RuleNode, RegoValue>();
  /** per function node, results by argsKey(args) */
  readonly functions = new Map<RuleNode, Map<string, { value: RegoValue | undefined }>>();
  readonly active = new Set<string>();

  constructor(
    readonly input: RegoValue | undefined,
    readonly data: RegoValue,
    readonly nodeOverrides: Map<RuleNode, RegoValue>,
  ) {}
}

export interface EvaluatorOptions {
  strictBuiltinErrors: boolean;
}

export class Evaluator {
  private ctx: EvalContext;

  constructor(
    private readonly policy: CompiledPolicy,
    input: RegoValue | undefined,
    data: RegoValue,
    private readonly opts: EvaluatorOptions,
  ) {
    this.ctx = new EvalContext(input, data, new Map());
  }

  // ------------------------------------------------------------ bodies

  evalBody(body: Body, i: number, env: Env, k: Cont): boolean {
    if (i >= body.length) return k();
    return this.evalExpr(body[i]!, env, () => this.evalBody(body, i + 1, env, k));
  }

  private evalExpr(e: Expr, env: Env, k: Cont): boolean {
    if (e.withs.length > 0) return this.evalWith(e, env, k);
    if (e.negated) {
      // OPA enumerates every solution of the negated expression (no early exit).
      let found = false;
      this.evalPositive(e, env, () => {
        found = true;
        return false;
      });
      return found ? false : k();
    }
    return this.evalPositive(e, env, k);
  }

  private evalPositive(e: Expr, env: Env, k: Cont): boolean {
    switch (e.kind) {
      case "term":
        if (e.term.type === "call") return this.evalCallExpr(e.term, env, k);
        return this.evalTerm(e.term, env, (v) => (v === false ? false : k()));
      case "unify":
      case "assign":
        return this.unify(e.lhs, e.rhs, env, k);
      case "some":
        return k();
      case "somein":
        return this.evalTerm(e.domain, env, (coll) => this.iterate(coll, (key, val) => {
          if (e.key) return this.unifyValue(e.key, key, env, () => this.unifyValue(e.value, val, env, k));
          return this.unifyValue(e.value, val, env, k);
        }));
      case "every":
        return this.evalEvery(e, env, k);
    }
  }

  private evalEvery(e: Extract<Expr, { kind: "every" }>, env: Env, k: Cont): boolean {
    return this.evalTerm(e.domain, env, (coll) => {
      const t = typeName(coll);
      if (t !== "array" && t !== "object" && t !== "set") return false;
      let all = true;
      this.iterate(coll, (key, val) => {
        // (closures passed inline, not named: tsx's keepNames wraps every named closure in a costly __name call)
        let ok = false;
        if (e.key) this.bindValue(e.key.slot!, key, env, () => this.bindValue(e.value.slot!, val, env, () => (ok = this.hasSolution(e.body, env))));
        else this.bindValue(e.value.slot!, val, env, () => (ok = this.hasSolution(e.body, env)));
        if (!ok) all = false;
        return !ok;
      });
      return all ? k() : false;
    });
  }

  private hasSolution(body: Body, env: Env): boolean {
    let ok = false;
    this.evalBody(body, 0, env, () => {
      ok = true;
      return true;
    });
    return ok;
  }

  private bindValue(slot: number, v: RegoValue, env: Env, k: Cont): boolean {
    const prev = env[slot];
    if (prev !== undefined) return equal(prev, v) ? k() : false;
    env[slot] = v;
    try {
      return k();
    } finally {
      env[slot] = undefined;
    }
  }

  // ------------------------------------------------------------ with

  private evalWith(e: Expr, env: Env, k: Cont): boolean {
    const values: RegoValue[] = [];
    const collect = (i: number): boolean => {
      if (i >= e.withs.length) return this.runWith(e, values, env, k);
      return this.evalTerm(e.withs[i]!.value, env, (v) => {
        values[i] = v;
        return collect(i + 1);
      });
    };
    return collect(0);
  }

  private runWith(e: Expr, values: RegoValue[], env: Env, k: Cont): boolean {
    const outer = this.ctx;
    let input = outer.input;
    let data = outer.data;
    const overrides = new Map(outer.nodeOverrides);
    e.withs.forEach((w, i) => {
      const target = w.target;
      const head = target.type === "ref" ? target.head : target;
      const path = target.type === "ref" ? target.path.map((p) => groundValue(p)) : [];
      if (head.type !== "var" || (head.slot !== INPUT_SLOT && head.slot !== DATA_SLOT) || path.some((p) => p === undefined)) {
        throw unsupported("`with` on a function or non-document target", w.loc);
      }
      const keys = path as RegoValue[];
      if (head.slot === INPUT_SLOT) input = setPath(input, keys, values[i]!);
      else {
        const node = this.overrideNode(keys, w.loc);
        if (node) overrides.set(node, values[i]!);
        else data = setPath(data, keys, values[i]!) ?? new RegoObject();
      }
    });
    const inner = new EvalContext(input, data, overrides);
    this.ctx = inner;
    try {
      const positive = { ...e, withs: [] } as Expr;
      return this.evalExpr(positive, env, () => {
        this.ctx = outer;
        try {
          return k();
        } finally {
          this.ctx = inner;
        }
      });
    } finally {
      this.ctx = outer;
    }
  }

  /** The rule-tree node a `with data...` replaces, if the path reaches one. */
  private overrideNode(keys: RegoValue[], loc: Loc): RuleNode | undefined {
    let node: RuleNode | undefined = this.policy.root;
    for (let i = 0; i < keys.length; i++) {
      if (node.hasValues) throw unsupported("`with` replacing part of a rule's value", loc);
      const next: RuleNode | undefined = node.child(keys[i]!);
      // beside the rules: only the base document changes
      if (!next) return undefined;
      node = next;
    }
    const fn = node.rules[0] ?? node.defaultRule;
    if (fn?.kind === "function") throw unsupported("`with` replacing a function", loc);
    return node;
  }

  // ------------------------------------------------------------ terms

  /** Enumerates the values of a term; unbound variables inside refs iterate. */
  evalTerm(t: Term, env: Env, k: ValueCont): boolean {
    switch (t.type) {
      case "null":
        return k(null);
      case "boolean":
      case "number":
      case "string":
        return k(t.value);
      case "var": {
        if (t.slot === INPUT_SLOT) return this.ctx.input === undefined ? false : k(this.ctx.input);
        if (t.slot === DATA_SLOT) return this.evalDataRef([], 0, env, k, t.loc);
        const v = env[t.slot!];
        if (v === undefined) throw new RegoError("eval_internal_error", `var ${t.name} is unbound`, t.loc);
        return k(v);
      }
      case "ref":
        return this.evalRef(t, env, k);
      case "array":
      case "set":
      case "object": {
        // Most literals have one value: build it directly, without a frame per element.
        const one = this.evalOne(t, env);
        if (one !== NONDET) return one === undefined ? false : k(one);
        if (t.type === "array") return this.evalTerms(t.items, 0, [], env, (vs) => k(vs.slice()));
        if (t.type === "set") return this.evalTerms(t.items, 0, [], env, (vs) => k(RegoSet.of(vs)));
        return this.evalPairs(t.pairs, 0, new RegoObject(), env, k);
      }
      case "arraycomp": {
        const out: RegoValue[] = [];
        this.evalBody(t.body, 0, env, () => this.evalTerm(t.term, env, (v) => (out.push(v), false)));
        return k(out);
      }
      case "setcomp": {
        const out = new RegoSet();
        this.evalBody(t.body, 0, env, () => this.evalTerm(t.term, env, (v) => (out.add(v), false)));
        return k(out);
      }
      case "objectcomp": {
        const out = new RegoObject();
        this.evalBody(t.body, 0, env, () =>
          this.evalTerm(t.key, env, (kv) =>
            this.evalTerm(t.value, env, (vv) => {
              const prev = out.get(kv);
              if (prev !== undefined && !equal(prev, vv)) throw new RegoError("eval_conflict_error", "object keys must be unique", t.loc);
              out.set(kv, vv);
              return false;
            }),
          ),
        );
        return k(out);
      }
      case "call":
        return this.evalCall(t, env, k);
    }
  }

  /**
   * The single value of a term that cannot iterate (undefined when it has
   * none), or NONDET when an unbound variable could make it enumerate.
   */
  private evalOne(t: Term, env: Env): RegoValue | undefined | typeof NONDET {
    switch (t.type) {
      case "null":
        return null;
      case "boolean":
      case "number":
      case "string":
        return t.value;
      case "var":
        if (t.slot! >= 0) return env[t.slot!] ?? NONDET;
        return this.first(t, env);
      case "array": {
        const out: RegoValue[] = [];
        for (const x of t.items) {
          const v = this.evalOne(x, env);
          if (v === undefined || v === NONDET) return v;
          out.push(v);
        }
        return out;
      }
      case "set": {
        const out = new RegoSet();
        for (const x of t.items) {
          const v = this.evalOne(x, env);
          if (v === undefined || v === NONDET) return v;
          out.add(v);
        }
        return out;
      }
      case "object": {
        const out = new RegoObject();
        for (const [kt, vt] of t.pairs) {
          const kv = this.evalOne(kt, env);
          if (kv === undefined || kv === NONDET) return kv;
          const vv = this.evalOne(vt, env);
          if (vv === undefined || vv === NONDET) return vv;
          out.set(kv, vv);
        }
        return out;
      }
      case "ref":
        if (!this.isEvaluable(t.head, env)) return NONDET;
        for (const p of t.path) if (!this.isDeterministic(p, env)) return NONDET;
        return this.first(t, env);
      case "call":
        for (const a of t.args) if (!this.isDeterministic(a, env)) return NONDET;
        return this.first(t, env);
      default:
        return this.first(t, env);
    }
  }

  private isDeterministic(t: Term, env: Env): boolean {
    switch (t.type) {
      case "var":
        return t.slot! < 0 || env[t.slot!] !== undefined;
      case "array":
      case "set":
        return t.items.every((x) => this.isDeterministic(x, env));
      case "object":
        return t.pairs.every(([a, b]) => this.isDeterministic(a, env) && this.isDeterministic(b, env));
      case "ref":
        return this.isEvaluable(t.head, env) && t.path.every((p) => this.isDeterministic(p, env));
      case "call":
        return t.args.every((a) => this.isDeterministic(a, env));
      default:
        return true;
    }
  }

  private first(t: Term, env: Env): RegoValue | undefined {
    let out: RegoValue | undefined;
    this.evalTerm(t, env, (v) => {
      out = v;
      return true;
    });
    return out;
  }

  private evalTerms(items: Term[], i: number, acc: RegoValue[], env: Env, k: (vs: RegoValue[]) => boolean): boolean {
    if (i >= items.length) return k(acc);
    return this.evalTerm(items[i]!, env, (v) => {
      acc[i] = v;
      const r = this.evalTerms(items, i + 1, acc, env, k);
      acc.length = i;
      return r;
    });
  }

  private evalPairs(pairs: Array<[Term, Term]>, i: number, acc: RegoObject, env: Env, k: ValueCont): boolean {
    if (i >= pairs.length) return k(acc.copy());
    const [kt, vt] = pairs[i]!;
    return this.evalTerm(kt, env, (kv) =>
      this.evalTerm(vt, env, (vv) => {
        const had = acc.has(kv);
        const prev = acc.get(kv);
        acc.set(kv, vv);
        try {
          return this.evalPairs(pairs, i + 1, acc, env, k);
        } finally {
          if (had) acc.set(kv, prev!);
          else acc.delete(kv);
        }
      }),
    );
  }

  // ------------------------------------------------------------ patterns and unification

  /** True when evaluating t needs no unbound variable except inside ref brackets. */
  private isEvaluable(t: Term, env: Env): boolean {
    switch (t.type) {
      case "var":
        return t.slot! < 0 || env[t.slot!] !== undefined;
      case "array":
      case "set":
        return t.items.every((x) => this.isEvaluable(x, env));
      case "object":
        return t.pairs.every(([a, b]) => this.isEvaluable(a, env) && this.isEvaluable(b, env));
      default:
        return true;
    }
  }

  unify(a: Term, b: Term, env: Env, k: Cont): boolean {
    return this.unifyPairs([[a, b]], env, k);
  }

  private unifyPairs(pairs: Array<[Term, Term]>, env: Env, k: Cont): boolean {
    if (pairs.length === 0) return k();
    for (let i = 0; i < pairs.length; i++) {
      const [a, b] = pairs[i]!;
      const rest = pairs.slice(0, i).concat(pairs.slice(i + 1));
      if (this.isEvaluable(a, env)) return this.evalTerm(a, env, (v) => this.unifyValue(b, v, env, () => this.unifyPairs(rest, env, k)));
      if (this.isEvaluable(b, env)) return this.evalTerm(b, env, (v) => this.unifyValue(a, v, env, () => this.unifyPairs(rest, env, k)));
    }
    // No side can be evaluated yet: split composite patterns element-wise.
    for (let i = 0; i < pairs.length; i++) {
      const [a, b] = pairs[i]!;
      const rest = pairs.slice(0, i).concat(pairs.slice(i + 1));
      if (a.type === "array" && b.type === "array") {
        if (a.items.length !== b.items.length) return false;
        return this.unifyPairs([...a.items.map((x, j) => [x, b.items[j]!] as [Term, Term]), ...rest], env, k);
      }
      if (a.type === "object" && b.type === "object") {
        if (a.pairs.length !== b.pairs.length) return false;
        const keysA = a.pairs.map(([kt]) => groundValue(kt));
        const keysB = b.pairs.map(([kt]) => groundValue(kt));
        if (keysA.some((x) => x === undefined) || keysB.some((x) => x === undefined)) {
          throw unsupported("unification of objects with variable keys", a.loc);
        }
        const split: Array<[Term, Term]> = [];
        for (let j = 0; j < a.pairs.length; j++) {
          const idx = keysB.findIndex((kb) => canonicalKey(kb!) === canonicalKey(keysA[j]!));
          if (idx < 0) return false;
          split.push([a.pairs[j]![1], b.pairs[idx]![1]]);
        }
        return this.unifyPairs([...split, ...rest], env, k);
      }
    }
    throw unsupported("unification of two terms that are both unbound", pairs[0]![0].loc);
  }

  /** Matches a pattern term against a value, binding its unbound variables. */
  unifyValue(t: Term, v: RegoValue, env: Env, k: Cont): boolean {
    switch (t.type) {
      case "var": {
        if (t.slot! < 0) return this.evalTerm(t, env, (x) => (equal(x, v) ? k() : false));
        return this.bindValue(t.slot!, v, env, k);
      }
      case "array": {
        if (!Array.isArray(v) || v.length !== t.items.length) return false;
        const step = (i: number): boolean => (i >= t.items.length ? k() : this.unifyValue(t.items[i]!, v[i]!, env, () => step(i + 1)));
        return step(0);
      }
      case "object": {
        if (!(v instanceof RegoObject) || v.size !== t.pairs.length) return false;
        if (!t.pairs.every(([kt]) => this.isEvaluable(kt, env))) throw unsupported("object pattern with unbound variable keys", t.loc);
        const step = (i: number): boolean => {
          if (i >= t.pairs.length) return k();
          const [kt, vt] = t.pairs[i]!;
          return this.evalTerm(kt, env, (kv) => {
            const child = v.get(kv);
            return child === undefined ? false : this.unifyValue(vt, child, env, () => step(i + 1));
          });
        };
        return step(0);
      }
      case "set":
        if (!this.isEvaluable(t, env)) throw unsupported("set pattern with unbound variables", t.loc);
        return this.evalTerm(t, env, (x) => (equal(x, v) ? k() : false));
      default:
        return this.evalTerm(t, env, (x) => (equal(x, v) ? k() : false));
    }
  }

  // ------------------------------------------------------------ references

  private evalRef(r: RefTerm, env: Env, k: ValueCont): boolean {
    const h = r.head;
    if (h.type === "var") {
      if (h.slot === DATA_SLOT) return this.evalDataRef(r.path, 0, env, k, r.loc);
      if (h.slot === INPUT_SLOT) return this.ctx.input === undefined ? false : this.deref(this.ctx.input, r.path, 0, env, k);
    }
    const staticFrom = r.staticHead ? 0 : Infinity;
    return this.evalTerm(h, env, (v) => this.deref(v, r.path, 0, env, k, staticFrom));
  }

  /** Walks `path[i..]` into a value; unbound variables enumerate keys. */
  /** Walks `path[i..]` into a value; unbound variables enumerate keys. From `staticFrom` on, OPA knows the types. */
  deref(v: RegoValue, path: Term[], i: number, env: Env, k: ValueCont, staticFrom = Infinity): boolean {
    if (i >= path.length) return k(v);
    const p = path[i]!;
    if (this.isEvaluable(p, env)) {
      return this.evalTerm(p, env, (key) => {
        const child = lookup(v, key);
        if (child === undefined) {
          if (i >= staticFrom && !(v instanceof RegoSet) && (isConstant(p) || typeof v !== "object" || v === null)) {
            throw unsupported(`reference into a value whose type OPA's type checker knows (key ${JSON.stringify(toJsonSafe(key))} is not there); OPA may reject this at compile time`, p.loc);
          }
          return false;
        }
        return this.deref(child, path, i + 1, env, k, staticFrom);
      });
    }
    return this.iterate(v, (key, child) => this.unifyValue(p, key, env, () => this.deref(child, path, i + 1, env, k, staticFrom)));
  }

  /** Calls f(key, value) for each element of a collection in OPA's order. */
  private iterate(coll: RegoValue, f: (key: RegoValue, value: RegoValue) => boolean): boolean {
    if (Array.isArray(coll)) {
      for (let j = 0; j < coll.length; j++) if (f(j, coll[j]!)) return true;
    } else if (coll instanceof RegoObject) {
      for (const [key, val] of coll.sorted()) if (f(key, val)) return true;
    } else if (coll instanceof RegoSet) {
      for (const x of coll.sorted()) if (f(x, x)) return true;
    }
    return false;
  }

  // ------------------------------------------------------------ the data document

  private evalDataRef(path: Term[], i: number, env: Env, k: ValueCont, loc: Loc): boolean {
    return this.walkTree(this.policy.root, this.ctx.data, path, i, env, k, loc);
  }

  private walkTree(node: RuleNode | undefined, base: RegoValue | undefined, path: Term[], i: number, env: Env, k: ValueCont, loc: Loc): boolean {
    if (node) {
      const override = this.ctx.nodeOverrides.get(node);
      if (override !== undefined) return this.deref(override, path, i, env, k);
    }
    if (i >= path.length) {
      const v = this.extent(node, base);
      return v === undefined ? false : k(v);
    }
    const p = path[i]!;
    if (this.isEvaluable(p, env)) return this.evalTerm(p, env, (key) => this.walkStep(node, base, key, path, i, env, k, loc));
    if (base !== undefined && this.iterate(base, (key) => this.unifyValue(p, key, env, () => this.walkStep(node, base, key, path, i, env, k, loc)))) return true;
    if (!node) return false;
    for (const c of node.sortedChildren()) {
      if (this.unifyValue(p, c.key, env, () => this.walkStep(node, base, c.key, path, i, env, k, loc))) return true;
    }
    return false;
  }

  /** walkTree one key down: `key` is the value of `path[i]`. */
  private walkStep(node: RuleNode | undefined, base: RegoValue | undefined, key: RegoValue, path: Term[], i: number, env: Env, k: ValueCont, loc: Loc): boolean {
    const child = node?.child(key);
    const baseChild = base === undefined ? undefined : lookupBase(base, key);
    if (child && child.hasValues && !this.ctx.nodeOverrides.has(child)) return this.evalVirtual(child, path, i + 1, env, k, loc);
    if (!child && baseChild === undefined) return false;
    return this.walkTree(child, baseChild, path, i + 1, env, k, loc);
  }

  /** The full value of a node: base data merged with the virtual documents below it. */
  private extent(node: RuleNode | undefined, base: RegoValue | undefined): RegoValue | undefined {
    if (!node) return base;
    const override = this.ctx.nodeOverrides.get(node);
    if (override !== undefined) return override;
    if (node.hasValues) return this.virtualValue(node);
    const virtual = this.leaves(node);
    if (base === undefined) return virtual;
    return merge(base, virtual);
  }

  private leaves(node: RuleNode): RegoObject {
    const out = new RegoObject();
    for (const c of node.sortedChildren()) {
      const v = this.extent(c, undefined);
      if (v !== undefined) out.set(c.key, v);
    }
    return out;
  }

  private virtualValue(node: RuleNode): RegoValue | undefined {
    let result: RegoValue | undefined;
    this.evalVirtual(node, [], 0, [], (v) => {
      result = v;
      return true;
    }, node.rules[0]?.loc ?? node.defaultRule!.loc);
    return result;
  }

  /** Evaluates the rules at `node` (and below it); `path[i..]` continues the reference. */
  private evalVirtual(node: RuleNode, path: Term[], i: number, env: Env, k: ValueCont, loc: Loc): boolean {
    const first = node.rules[0] ?? node.defaultRule!;
    if (first.kind === "function") return false;
    const onlyGround = (node.onlyGround ??= node.subtreeRules().every((r) => r.kind === "complete" || (r.kind === "multi" && r.fullRef.length === node.path.length)));
    if (onlyGround && first.kind === "complete") {
      const v = this.completeValue(node);
      return v === undefined ? false : this.deref(v, path, i, env, k, i);
    }
    const rules = subtreeIndexOf(node);
    const mode = onlyGround ? "set" : "object";
    if (i < path.length) {
      const p = path[i]!;
      if (this.isEvaluable(p, env) && !this.ctx.full.has(node)) {
        return this.evalTerm(p, env, (key) => {
          const partial = this.evalPartial(node, rules, mode, key, loc);
          if (mode === "set") return (partial as RegoSet).has(key) ? this.deref(key, path, i + 1, env, k, i + 1) : false;
          const child = (partial as RegoObject).get(key);
          return child === undefined ? false : this.deref(child, path, i + 1, env, k, i + 1);
        });
      }
    }
    let full = this.ctx.full.get(node);
    if (full === undefined) {
      full = this.evalPartial(node, rules, mode, undefined, loc);
      this.ctx.full.set(node, full);
    }
    return this.deref(full, path, i, env, k, i + 1);
  }

  private guard<T>(key: string, loc: Loc, f: () => T): T {
    if (this.ctx.active.has(key)) throw new RegoError("rego_recursion_error", `rule ${key} is recursive`, loc);
    this.ctx.active.add(key);
    try {
      return f();
    } finally {
      this.ctx.active.delete(key);
    }
  }

  /** Partial set or object rules; with `firstKey`, only rules whose next head term can match it. */
  private evalPartial(node: RuleNode, index: RuleIndex, mode: "set" | "object", firstKey: RegoValue | undefined, loc: Loc): RegoValue {
    return this.guard(node.pathString(), loc, () => {
      const depth = node.path.length;
      const input = this.ctx.input;
      // only bodies whose input tests can hold: the others have no solution
      const rules = index.candidates(input, undefined).filter((r) => guardsHold(r, input, undefined));
      if (mode === "set") {
        const out = new RegoSet();
        for (const r of rules) {
          const env: Env = new Array(r.nslots);
          const run = () => this.evalBody(r.body, 0, env, () => this.evalTerm(r.key!, env, (v) => (out.add(v), false)));
          if (firstKey !== undefined) this.unifyValue(r.key!, firstKey, env, run);
          else run();
        }
        return out;
      }
      const out = new RegoObject();
      const visited: RegoValue[][] = [];
      for (const r of rules) {
        const env: Env = new Array(r.nslots);
        const rel = r.fullRef.slice(depth);
        const run = () =>
          this.evalBody(r.body, 0, env, () =>
            this.evalTerms(rel, 0, [], env, (keys) => {
              if (r.kind === "multi") return this.evalTerm(r.key!, env, (v) => (reduceInto(out, keys.slice(), v, "multi", visited, r.loc), false));
              return this.evalTerm(r.value!, env, (v) => (reduceInto(out, keys.slice(), v, "single", visited, r.loc), false));
            }),
          );
        if (firstKey !== undefined && rel.length > 0) this.unifyValue(rel[0]!, firstKey, env, run);
        else run();
      }
      return out;
    });
  }

  private completeValue(node: RuleNode): RegoValue | undefined {
    const cached = this.ctx.complete.get(node);
    if (cached) return cached.value;
    const value = this.guard(node.pathString(), node.rules[0]?.loc ?? node.defaultRule!.loc, () => this.computeComplete(node));
    this.ctx.complete.set(node, { value });
    return value;
  }

  private computeComplete(node: RuleNode): RegoValue | undefined {
    return this.evalDefinitions(node, undefined, "complete rules must not produce multiple outputs");
  }

  /**
   * The value of a complete rule or of a function call: every definition that may have a solution (the
   * others provably have none), its else chain when its body has none, the default when no definition has.
   */
  private evalDefinitions(node: RuleNode, args: RegoValue[] | undefined, conflict: string): RegoValue | undefined {
    const index = indexOf(node);
    const input = this.ctx.input;
    const state: DefinitionState = { prev: undefined, findOne: index.earlyExit, conflict };
    for (const r of index.candidates(input, args)) {
      let next = guardsHold(r, input, args) ? this.evalDefinition(r, args, state) : undefined;
      for (let b = r.orElse; next === undefined && b; b = b.orElse) next = guardsHold(b, input, args) ? this.evalDefinition(b, args, state) : undefined;
      if (next !== undefined) state.prev = next;
    }
    if (state.prev === undefined && node.defaultRule) return this.evalDefinition(node.defaultRule, args, state);
    return state.prev;
  }

  /** One definition's value, undefined when its body has no solution; a value unequal to state.prev is a conflict. */
  private evalDefinition(r: CompiledRule, args: RegoValue[] | undefined, state: DefinitionState): RegoValue | undefined {
    let result: RegoValue | undefined;
    const env: Env = new Array(r.nslots);
    this.bindParams(r.args, args, 0, env, () =>
      this.evalBody(r.body, 0, env, () =>
        this.evalTerm(r.value!, env, (v) => {
          result = v;
          if (state.prev !== undefined) {
            if (!equal(v, state.prev)) throw new RegoError("eval_conflict_error", state.conflict, r.loc);
            return state.findOne;
          }
          state.prev = v;
          return state.findOne;
        }),
      ),
    );
    return result;
  }

  /** Unifies a function's parameters with the arguments of a call, from `i` on. */
  private bindParams(params: Term[] | undefined, args: RegoValue[] | undefined, i: number, env: Env, k: Cont): boolean {
    if (params === undefined || i >= params.length) return k();
    return this.unifyValue(params[i]!, args![i]!, env, () => this.bindParams(params, args, i + 1, env, k));
  }

  // ------------------------------------------------------------ calls

  private evalCallExpr(call: CallTerm, env: Env, k: Cont): boolean {
    const arity = this.arityOf(call);
    if (call.args.length > arity) {
      const out = call.args[arity]!;
      return this.evalCall({ ...call, args: call.args.slice(0, arity) }, env, (v) => this.unifyValue(out, v, env, k));
    }
    return this.evalCall(call, env, (v) => (v === false ? false : k()));
  }

  private arityOf(call: CallTerm): number {
    const t = call.target!;
    if (t.kind === "function") {
      const n = this.functionAt(t.path);
      return (n.rules[0] ?? n.defaultRule)!.args!.length;
    }
    const b = getBuiltin(t.name);
    return b ? b.arity : call.args.length;
  }

  private evalCall(call: CallTerm, env: Env, k: ValueCont): boolean {
    const direct = call.args.map((a) => this.evalOne(a, env));
    if (direct.some((v) => v === undefined)) return false;
    if (!direct.includes(NONDET)) return this.applyCall(call, direct as RegoValue[], k);
    return this.evalTerms(call.args, 0, [], env, (args) => this.applyCall(call, args.slice(), k));
  }

  private applyCall(call: CallTerm, args: RegoValue[], k: ValueCont): boolean {
    const t = call.target!;
    if (t.kind === "function") {
      const v = this.callFunction(t.path, args.slice(), call.loc);
      return v === undefined ? false : k(v);
    }
    const b = getBuiltin(t.name);
    if (!b) throw unsupported(`built-in function ${call.name}`, call.loc);
    let v: RegoValue | undefined;
    try {
      v = b.impl(args, call.loc);
    } catch (err) {
      if (!(err instanceof BuiltinError)) throw err;
      if (this.opts.strictBuiltinErrors || err.halt) {
        throw new RegoError(err.kind === "type" ? "eval_type_error" : "eval_builtin_error", `${b.name}: ${err.message}`, call.loc);
      }
      if (err.kind === "type" && !(err.operand !== undefined && call.argDynamic?.[err.operand])) {
        throw unsupported(`${b.name} on an operand whose type OPA's type checker knows (${err.message}); OPA may reject this at compile time`, call.loc);
      }
      return false;
    }
    return v === undefined ? false : k(v);
  }

  /** The node of a called function: calls name it by a path array of the compiled policy, resolved once. */
  private functionAt(path: string[]): RuleNode {
    let node = functionNodes.get(path);
    if (!node) {
      node = functionNode(this.policy.root, path)!;
      functionNodes.set(path, node);
    }
    return node;
  }

  private callFunction(path: string[], args: RegoValue[], loc: Loc): RegoValue | undefined {
    const node = this.functionAt(path);
    let results = this.ctx.functions.get(node);
    if (!results) {
      results = new Map();
      this.ctx.functions.set(node, results);
    }
    const cacheKey = argsKey(args);
    const cached = results.get(cacheKey);
    if (cached) return cached.value;
    const value = this.guard(node.pathString() + "()", loc, () =>
      this.evalDefinitions(node, args, "functions must not produce multiple outputs for same inputs"),
    );
    results.set(cacheKey, { value });
    return value;
  }
}

interface DefinitionState {
  /** the value the definitions evaluated so far produced */
  prev: RegoValue | undefined;
  /** stop each body at its first solution (OPA's early exit) */
  findOne: boolean;
  /** the conflict error's message */
  conflict: string;
}

/** Equal exactly for equal argument lists: each canonical key prefixed by its length, without re-escaping it. */
function argsKey(args: RegoValue[]): string {
  let key = "";
  for (const a of args) {
    const k = canonicalKey(a);
    key += k.length + ":" + k;
  }
  return key;
}

/** Function nodes by the path array of a compiled call (each array belongs to one compiled policy). */
const functionNodes = new WeakMap<string[], RuleNode>();

/** The index of a node's definitions, built on first use (the tree no longer changes once compiled). */
function indexOf(node: RuleNode): RuleIndex {
  return (node.index ??= new RuleIndex(node.rules));
}

/** The index of every rule at and below a node, which OPA evaluates together as one document. */
function subtreeIndexOf(node: RuleNode): RuleIndex {
  return (node.subtreeIndex ??= new RuleIndex(node.subtreeRules()));
}

function isConstant(t: Term): boolean {
  return t.type === "string" || t.type === "number" || t.type === "boolean" || t.type === "null";
}

function toJsonSafe(v: RegoValue): unknown {
  return typeof v === "object" && v !== null ? "(composite)" : v;
}

export function lookup(v: RegoValue, key: RegoValue): RegoValue | undefined {
  if (Array.isArray(v)) {
    return typeof key === "number" && Number.isInteger(key) && key >= 0 && key < v.length ? v[key] : undefined;
  }
  if (v instanceof RegoObject) return v.get(key);
  if (v instanceof RegoSet) return v.has(key) ? key : undefined;
  return undefined;
}

/** Base documents live in storage, whose paths are strings: data.x[2] reads key "2". */
function lookupBase(v: RegoValue, key: RegoValue): RegoValue | undefined {
  if (v instanceof RegoObject && typeof key === "number") return v.get(String(key)) ?? v.get(key);
  return lookup(v, key);
}

/** OPA's evalVirtualPartial.reduce: insert one rule result into the object being built. */
function reduceInto(out: RegoObject, keys: RegoValue[], value: RegoValue, kind: "single" | "multi", visited: RegoValue[][], loc: Loc): void {
  const conflict = () => new RegoError("eval_conflict_error", "object keys must be unique", loc);
  const keyStr = keys.map(canonicalKey);
  for (const v of visited) {
    if (v.length < keys.length && v.every((x, i) => canonicalKey(x) === keyStr[i])) throw conflict();
  }
  visited.push(keys);
  let obj = out;
  for (const key of keys.slice(0, -1)) {
    const child = obj.get(key);
    if (child === undefined) {
      const fresh = new RegoObject();
      obj.set(key, fresh);
      obj = fresh;
    } else if (child instanceof RegoObject) obj = child;
    else throw conflict();
  }
  const leaf = keys[keys.length - 1]!;
  const cur = obj.get(leaf);
  if (kind === "single") {
    if (cur !== undefined) {
      if (!equal(cur, value)) throw conflict();
      return;
    }
    obj.set(leaf, value);
    return;
  }
  if (cur === undefined) obj.set(leaf, RegoSet.of([value]));
  else if (cur instanceof RegoSet) {
    cur.add(value);
    obj.set(leaf, cur);
  } else throw conflict();
}

/** Deep merge of a base document with virtual documents; equal leaves are fine. */
function merge(base: RegoValue, virtual: RegoObject): RegoValue | undefined {
  if (!(base instanceof RegoObject)) return virtual.size === 0 ? base : virtual;
  const out = base.copy();
  for (const [k, v] of virtual.sorted()) {
    const cur = out.get(k);
    if (cur instanceof RegoObject && v instanceof RegoObject) out.set(k, merge(cur, v)!);
    else out.set(k, v);
  }
  return out;
}

function setPath(doc: RegoValue | undefined, keys: RegoValue[], value: RegoValue): RegoValue {
  if (keys.length === 0) return value;
  const obj = doc instanceof RegoObject ? doc.copy() : new RegoObject();
  const [first, ...rest] = keys;
  obj.set(first!, setPath(obj.get(first!), rest, value));
  return obj;
}
