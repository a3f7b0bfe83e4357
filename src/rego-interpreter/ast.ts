// Syntax tree of Rego v1 modules and queries, as the parser produces it and
// the compiler annotates it (variable slots, resolved references).

import type { SourceLocation } from "./errors.ts";

export type Loc = SourceLocation;

export type Term =
  | { type: "null"; loc: Loc }
  | { type: "boolean"; value: boolean; loc: Loc }
  | { type: "number"; value: number; text: string; loc: Loc }
  | { type: "string"; value: string; loc: Loc }
  | VarTerm
  | RefTerm
  | { type: "array"; items: Term[]; loc: Loc }
  | { type: "set"; items: Term[]; loc: Loc }
  | { type: "object"; pairs: Array<[Term, Term]>; loc: Loc }
  | { type: "arraycomp"; term: Term; body: Body; loc: Loc }
  | { type: "setcomp"; term: Term; body: Body; loc: Loc }
  | { type: "objectcomp"; key: Term; value: Term; body: Body; loc: Loc }
  | CallTerm;

export interface VarTerm {
  type: "var";
  name: string;
  loc: Loc;
  /** index into the frame of the enclosing rule or query; set by the compiler */
  slot?: number;
}

/** `head.a[b]...`; the head is a variable (input, data, local) or any other term. */
export interface RefTerm {
  type: "ref";
  head: Term;
  path: Term[];
  loc: Loc;
  /** set by the compiler: the head's type is known to OPA's type checker (not input or base data) */
  staticHead?: boolean;
}

export interface CallTerm {
  type: "call";
  /** dotted operator name as written or the built-in name of an infix operator */
  name: string;
  /** the operator as a term when written as a name (for resolving to data.pkg.f) */
  operator?: Term;
  args: Term[];
  loc: Loc;
  /** set by the compiler: a user function at this data path, or a built-in */
  target?: { kind: "function"; path: string[] } | { kind: "builtin"; name: string };
  /** set by the compiler: which arguments OPA types as `any` (from input or base data) */
  argDynamic?: boolean[];
}

export type Body = Expr[];

export interface WithModifier {
  target: Term;
  value: Term;
  loc: Loc;
}

interface ExprBase {
  loc: Loc;
  negated: boolean;
  withs: WithModifier[];
  /** made by the compiler, not written: its `=` is unification even where a rule named `eq` is in scope */
  generated?: boolean;
}

export type Expr =
  | (ExprBase & { kind: "term"; term: Term })
  | (ExprBase & { kind: "assign"; lhs: Term; rhs: Term })
  | (ExprBase & { kind: "unify"; lhs: Term; rhs: Term })
  | (ExprBase & { kind: "some"; vars: VarTerm[] })
  | (ExprBase & { kind: "somein"; key?: Term; value: Term; domain: Term })
  | (ExprBase & { kind: "every"; key?: VarTerm; value: VarTerm; domain: Term; body: Body });

export interface RuleHead {
  /** `p`, `p.q[r]`: first element is the rule name as a string term */
  ref: Term[];
  args?: Term[];
  value?: Term;
  /** the element of a multi-value (`contains`) rule */
  key?: Term;
  loc: Loc;
}

export interface Rule {
  isDefault: boolean;
  head: RuleHead;
  body: Body;
  /** the next `else` branch, evaluated when this body has no solution */
  orElse?: Rule;
  loc: Loc;
}

export interface Import {
  path: RefTerm | VarTerm;
  alias?: string;
  loc: Loc;
}

export interface Module {
  file: string;
  packagePath: string[];
  imports: Import[];
  rules: Rule[];
  loc: Loc;
}
