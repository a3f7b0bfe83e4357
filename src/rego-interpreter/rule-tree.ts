// The rule tree under `data`: one node per key of a rule's ground head
// prefix, holding the compiled rules that define that document.

import type { Body, Loc, Term } from "./ast.ts";
import type { IndexGuard, RuleIndex } from "./rule-index.ts";
import { canonicalKey, compare, RegoObject, RegoSet, type RegoValue } from "./values.ts";

export const INPUT_SLOT = -1;
export const DATA_SLOT = -2;

export type RuleKind = "complete" | "multi" | "object" | "function";

export interface CompiledRule {
  kind: RuleKind;
  node: RuleNode;
  /** the full head reference from the data root: package names, then the head ref terms */
  fullRef: Term[];
  args?: Term[];
  value?: Term;
  key?: Term;
  body: Body;
  nslots: number;
  isDefault: boolean;
  orElse?: CompiledRule;
  loc: Loc;
  name: string;
  /** position in source order across all modules */
  order: number;
  /** variable names by frame slot, for messages */
  slotNames: string[];
  /** what must hold for the body to have a solution (rule-index.ts): its top-level `input.<path> == <scalar>`
   *  tests and, for a function, its scalar parameters and parameter tests; set once the body is final */
  guards?: IndexGuard[];
}

export class RuleNode {
  readonly children = new Map<string, RuleNode>();
  readonly rules: CompiledRule[] = [];
  defaultRule: CompiledRule | undefined;
  private sortedCache: RuleNode[] | undefined;
  private pathText: string | undefined;
  /** built on first evaluation, once the tree is complete: the index of `rules` */
  index: RuleIndex | undefined;
  /** built on first evaluation: the index of `subtreeRules()` */
  subtreeIndex: RuleIndex | undefined;
  /** built on first evaluation: only complete rules, or multi-value rules at this node, define it */
  onlyGround: boolean | undefined;

  constructor(
    readonly key: RegoValue,
    readonly path: RegoValue[],
  ) {}

  child(key: RegoValue): RuleNode | undefined {
    return this.children.get(canonicalKey(key));
  }

  ensureChild(key: RegoValue): RuleNode {
    const k = canonicalKey(key);
    let c = this.children.get(k);
    if (!c) {
      c = new RuleNode(key, [...this.path, key]);
      this.children.set(k, c);
      this.sortedCache = undefined;
    }
    return c;
  }

  sortedChildren(): RuleNode[] {
    if (!this.sortedCache) this.sortedCache = [...this.children.values()].sort((a, b) => compare(a.key, b.key));
    return this.sortedCache;
  }

  get hasValues(): boolean {
    return this.rules.length > 0 || this.defaultRule !== undefined;
  }

  /** All rules at this node and below, in source order: OPA evaluates them together. */
  subtreeRules(): CompiledRule[] {
    const out: CompiledRule[] = [];
    const walk = (n: RuleNode) => {
      out.push(...n.rules);
      for (const c of n.children.values()) walk(c);
    };
    walk(this);
    return out.sort((a, b) => a.order - b.order);
  }

  pathString(): string {
    return (this.pathText ??= ["data", ...this.path.map((k) => (typeof k === "string" ? k : JSON.stringify(k)))].join("."));
  }
}

export function groundValue(t: Term): RegoValue | undefined {
  switch (t.type) {
    case "null":
      return null;
    case "boolean":
    case "number":
    case "string":
      return t.value;
    case "array": {
      const out: RegoValue[] = [];
      for (const x of t.items) {
        const v = groundValue(x);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    case "set": {
      const s = new RegoSet();
      for (const x of t.items) {
        const v = groundValue(x);
        if (v === undefined) return undefined;
        s.add(v);
      }
      return s;
    }
    case "object": {
      const o = new RegoObject();
      for (const [k, x] of t.pairs) {
        const kv = groundValue(k);
        const vv = groundValue(x);
        if (kv === undefined || vv === undefined) return undefined;
        o.set(kv, vv);
      }
      return o;
    }
    default:
      return undefined;
  }
}

export function functionNode(root: RuleNode, path: string[]): RuleNode | undefined {
  let node: RuleNode | undefined = root;
  for (const p of path) {
    node = node.child(p);
    if (!node) return undefined;
  }
  return node;
}
