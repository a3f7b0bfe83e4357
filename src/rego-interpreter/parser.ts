// Recursive-descent parser for Rego v1 modules and queries. Operator
// precedence follows OPA's parser: `in` < relations < `|` < `&` < `+ -` < `* / %`.

import type { Body, CallTerm, Expr, Import, Loc, Module, RefTerm, Rule, RuleHead, Term, VarTerm, WithModifier } from "./ast.ts";
import { RegoError, unsupported } from "./errors.ts";
import { tokenize, type Token } from "./lexer.ts";
import { MAX_SAFE } from "./values.ts";

const KEYWORDS = new Set([
  "package", "import", "default", "if", "else", "not", "some", "every", "in", "contains", "with", "as",
  "true", "false", "null",
]);

const RELATIONS: Record<string, string> = { "==": "equal", "!=": "neq", "<": "lt", "<=": "lte", ">": "gt", ">=": "gte" };
const ARITH: Record<string, string> = { "+": "plus", "-": "minus" };
const FACTOR: Record<string, string> = { "*": "mul", "/": "div", "%": "rem" };

export const MEMBER2 = "internal.member_2";
export const MEMBER3 = "internal.member_3";

export function parseModule(text: string, file: string): Module {
  return new Parser(tokenize(text, file), file).module();
}

export function parseQuery(text: string, file = "query"): Body {
  const p = new Parser(tokenize(text, file), file);
  const body = p.query(["eof"]);
  p.expectEof();
  return body;
}

/** Parses a single term such as an `input_term`. */
export function parseTerm(text: string, file = "term"): Term {
  const p = new Parser(tokenize(text, file), file);
  const t = p.term();
  p.expectEof();
  return t;
}

class Parser {
  private pos = 0;
  /** when > 0, `|` ends a term: we are in the head of a possible comprehension */
  private noOr = 0;

  constructor(
    private readonly toks: Token[],
    private readonly file: string,
  ) {}

  // ---- token helpers

  private get tok(): Token {
    return this.toks[this.pos]!;
  }

  private peek(n = 1): Token {
    return this.toks[Math.min(this.pos + n, this.toks.length - 1)]!;
  }

  private loc(t: Token = this.tok): Loc {
    return { file: this.file, line: t.line, col: t.col };
  }

  private isPunct(text: string, t: Token = this.tok): boolean {
    return t.kind === "punct" && t.text === text;
  }

  private isKeyword(word: string, t: Token = this.tok): boolean {
    return t.kind === "ident" && t.text === word;
  }

  private next(): Token {
    const t = this.tok;
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }

  private fail(msg: string, t: Token = this.tok): never {
    throw new RegoError("rego_parse_error", msg, this.loc(t));
  }

  private describe(t: Token): string {
    if (t.kind === "eof") return "end of input";
    if (t.kind === "string") return "string";
    return `"${t.text}"`;
  }

  private expectPunct(text: string): Token {
    if (!this.isPunct(text)) this.fail(`expected "${text}" but found ${this.describe(this.tok)}`);
    return this.next();
  }

  private expectIdent(): Token {
    if (this.tok.kind !== "ident" || KEYWORDS.has(this.tok.text)) this.fail(`expected identifier but found ${this.describe(this.tok)}`);
    return this.next();
  }

  expectEof(): void {
    if (this.tok.kind !== "eof") this.fail(`unexpected ${this.describe(this.tok)}`);
  }

  // ---- module

  module(): Module {
    const start = this.tok;
    if (!this.isKeyword("package")) this.fail("expected package declaration");
    this.next();
    const packagePath = this.packagePath();
    const imports: Import[] = [];
    const rules: Rule[] = [];
    while (this.tok.kind !== "eof") {
      if (this.isKeyword("import")) {
        if (rules.length > 0) this.fail("imports must come before rules");
        imports.push(this.importDecl());
        continue;
      }
      if (this.isKeyword("package")) this.fail("unexpected package declaration: one package per module");
      rules.push(this.rule());
    }
    return { file: this.file, packagePath, imports, rules, loc: this.loc(start) };
  }

  private packagePath(): string[] {
    const path = [this.expectIdent().text];
    for (;;) {
      if (this.isPunct(".") && !this.tok.newlineBefore) {
        this.next();
        path.push(this.expectIdent().text);
      } else if (this.isPunct("[") && !this.tok.newlineBefore) {
        this.next();
        if (this.tok.kind !== "string") this.fail("package path elements must be strings");
        path.push(this.next().text);
        this.expectPunct("]");
      } else break;
    }
    return path;
  }

  private importDecl(): Import {
    const start = this.next();
    const t = this.postfix(this.varTerm(this.expectIdent()), false);
    if (t.type !== "var" && t.type !== "ref") this.fail("import path must be a reference", start);
    let alias: string | undefined;
    if (this.isKeyword("as")) {
      this.next();
      alias = this.expectIdent().text;
    }
    return alias === undefined ? { path: t, loc: this.loc(start) } : { path: t, alias, loc: this.loc(start) };
  }

  private rule(): Rule {
    const start = this.tok;
    let isDefault = false;
    if (this.isKeyword("default")) {
      this.next();
      isDefault = true;
    }
    const head = this.ruleHead();
    if (isDefault) {
      if (head.value === undefined || head.key !== undefined) this.fail("default rules must have a value assigned with :=", start);
      if (this.isKeyword("if") || this.isPunct("{")) this.fail("default rules cannot have a body", this.tok);
      return { isDefault, head, body: [trueExpr(head.loc)], loc: this.loc(start) };
    }
    const body = this.ruleBody(head);
    const rule: Rule = { isDefault, head, body, loc: this.loc(start) };
    let last = rule;
    while (this.isKeyword("else")) {
      const elseTok = this.next();
      if (head.key !== undefined) this.fail("else keyword cannot be used on multi-value rules", elseTok);
      let value: Term | undefined;
      if (this.isPunct(":=") || this.isPunct("=")) {
        this.next();
        value = this.termIn(false);
      }
      const elseHead: RuleHead = { ...head, value: value ?? { type: "boolean", value: true, loc: this.loc(elseTok) }, loc: this.loc(elseTok) };
      let elseBody: Body;
      if (this.isKeyword("if")) {
        this.next();
        elseBody = this.isPunct("{") ? this.braceBody() : [this.literal()];
      } else if (this.isPunct("{")) {
        this.fail("`if` keyword is required before rule body");
      } else {
        elseBody = [trueExpr(this.loc(elseTok))];
      }
      const elseRule: Rule = { isDefault: false, head: elseHead, body: elseBody, loc: this.loc(elseTok) };
      last.orElse = elseRule;
      last = elseRule;
    }
    return rule;
  }

  private ruleHead(): RuleHead {
    const nameTok = this.expectIdent();
    const loc = this.loc(nameTok);
    const ref: Term[] = [{ type: "string", value: nameTok.text, loc }];
    for (;;) {
      if (this.isPunct(".") && !this.tok.newlineBefore) {
        this.next();
        const t = this.expectIdent();
        ref.push({ type: "string", value: t.text, loc: this.loc(t) });
      } else if (this.isPunct("[") && !this.tok.newlineBefore) {
        this.next();
        ref.push(this.termIn(false));
        this.expectPunct("]");
      } else break;
    }
    const head: RuleHead = { ref, loc };
    if (this.isPunct("(") && !this.tok.newlineBefore) {
      this.next();
      head.args = this.termList(")");
      this.expectPunct(")");
    }
    if (this.isKeyword("contains")) {
      if (head.args) this.fail("functions cannot use the contains keyword");
      this.next();
      head.key = this.termIn(false);
      return head;
    }
    if (this.isPunct(":=") || this.isPunct("=")) {
      this.next();
      head.value = this.termIn(false);
    }
    return head;
  }

  private ruleBody(head: RuleHead): Body {
    if (this.isKeyword("if")) {
      this.next();
      return this.isPunct("{") ? this.braceBody() : [this.literal()];
    }
    if (this.isPunct("{")) this.fail("`if` keyword is required before rule body");
    if (head.value === undefined && head.key === undefined) {
      // OPA's reading of a bare head differs between versions; we do not guess.
      throw unsupported("a rule with neither a value nor a body", head.loc);
    }
    return [trueExpr(head.loc)];
  }

  private braceBody(): Body {
    this.expectPunct("{");
    const body = this.query(["}"]);
    this.expectPunct("}");
    return body;
  }

  // ---- queries and literals

  query(terminators: string[]): Body {
    const body: Body = [];
    const atEnd = () => (this.tok.kind === "eof" ? terminators.includes("eof") || true : terminators.includes(this.tok.text) && this.tok.kind === "punct");
    while (!atEnd()) {
      if (body.length > 0) {
        if (this.isPunct(";")) {
          this.next();
          if (atEnd()) break;
        } else if (!this.tok.newlineBefore) {
          this.fail(`unexpected ${this.describe(this.tok)}: expressions must be separated by a newline or ";"`);
        }
      }
      body.push(this.literal());
    }
    if (body.length === 0) this.fail("empty body");
    return body;
  }

  private literal(): Expr {
    const start = this.tok;
    const loc = this.loc(start);
    let negated = false;
    if (this.isKeyword("not")) {
      this.next();
      negated = true;
    }
    let expr: Expr;
    if (this.isKeyword("some")) {
      if (negated) this.fail("illegal negation of 'some'", start);
      expr = this.someDecl(loc);
    } else if (this.isKeyword("every")) {
      if (negated) this.fail("illegal negation of 'every'", start);
      expr = this.everyExpr(loc);
    } else {
      const lhs = this.termIn(true);
      if (this.isPunct(":=") || this.isPunct("=")) {
        const op = this.next().text;
        const rhs = this.termIn(false);
        expr = op === ":=" ? { kind: "assign", lhs, rhs, loc, negated, withs: [] } : { kind: "unify", lhs, rhs, loc, negated, withs: [] };
      } else {
        expr = { kind: "term", term: lhs, loc, negated, withs: [] };
      }
    }
    while (this.isKeyword("with")) expr.withs.push(this.withModifier());
    return expr;
  }

  private withModifier(): WithModifier {
    const start = this.next();
    const target = this.postfix(this.varTerm(this.expectIdent()), false);
    if (!this.isKeyword("as")) this.fail(`expected "as" in with modifier`);
    this.next();
    const value = this.termIn(false);
    return { target, value, loc: this.loc(start) };
  }

  private someDecl(loc: Loc): Expr {
    this.next();
    const t = this.termIn(true);
    if (t.type === "call" && (t.name === MEMBER2 || t.name === MEMBER3)) {
      if (t.name === MEMBER2) return { kind: "somein", value: t.args[0]!, domain: t.args[1]!, loc, negated: false, withs: [] };
      return { kind: "somein", key: t.args[0]!, value: t.args[1]!, domain: t.args[2]!, loc, negated: false, withs: [] };
    }
    const vars: VarTerm[] = [];
    let cur: Term = t;
    for (;;) {
      if (cur.type !== "var") this.fail("expected variable in some declaration", this.toks[this.pos - 1]);
      vars.push(cur);
      if (!this.isPunct(",")) break;
      this.next();
      cur = this.varTerm(this.expectIdent());
    }
    return { kind: "some", vars, loc, negated: false, withs: [] };
  }

  private everyExpr(loc: Loc): Expr {
    this.next();
    let key: VarTerm | undefined;
    let value = this.varTerm(this.expectIdent());
    if (this.isPunct(",")) {
      this.next();
      key = value;
      value = this.varTerm(this.expectIdent());
    }
    if (!this.isKeyword("in")) this.fail(`expected "in" in every expression`);
    this.next();
    const domain = this.termRelation();
    const body = this.braceBody();
    return key ? { kind: "every", key, value, domain, body, loc, negated: false, withs: [] } : { kind: "every", value, domain, body, loc, negated: false, withs: [] };
  }

  // ---- terms, by precedence

  term(): Term {
    return this.termIn(false);
  }

  private termIn(keyVal: boolean, lhsIn?: Term): Term {
    const lhs = lhsIn ?? this.termRelation();
    if (keyVal && this.isPunct(",")) {
      const save = this.pos;
      this.next();
      const mhs = this.tryTerm(() => this.termRelation());
      if (mhs && this.isKeyword("in")) {
        this.next();
        const rhs = this.termRelation();
        const call = this.call(MEMBER3, [lhs, mhs, rhs], lhs.loc);
        return this.isKeyword("in") ? this.termIn(keyVal, call) : call;
      }
      this.pos = save;
    }
    if (this.isKeyword("in")) {
      this.next();
      const rhs = this.termRelation();
      const call = this.call(MEMBER2, [lhs, rhs], lhs.loc);
      return this.isKeyword("in") ? this.termIn(keyVal, call) : call;
    }
    return lhs;
  }

  private tryTerm(f: () => Term): Term | undefined {
    const save = this.pos;
    try {
      return f();
    } catch (e) {
      if (e instanceof RegoError && e.code === "rego_parse_error") {
        this.pos = save;
        return undefined;
      }
      throw e;
    }
  }

  private termRelation(): Term {
    let lhs = this.termOr();
    while (this.tok.kind === "punct" && RELATIONS[this.tok.text]) {
      const op = this.next();
      lhs = this.call(RELATIONS[op.text]!, [lhs, this.termOr()], lhs.loc);
    }
    return lhs;
  }

  private termOr(): Term {
    let lhs = this.termAnd();
    while (this.isPunct("|") && this.noOr === 0) {
      this.next();
      lhs = this.call("or", [lhs, this.termAnd()], lhs.loc);
    }
    return lhs;
  }

  private termAnd(): Term {
    let lhs = this.termArith();
    while (this.isPunct("&")) {
      this.next();
      lhs = this.call("and", [lhs, this.termArith()], lhs.loc);
    }
    return lhs;
  }

  private termArith(): Term {
    let lhs = this.termFactor();
    while (this.tok.kind === "punct" && ARITH[this.tok.text]) {
      const op = this.next();
      lhs = this.call(ARITH[op.text]!, [lhs, this.termFactor()], lhs.loc);
    }
    return lhs;
  }

  private termFactor(): Term {
    let lhs = this.primary();
    while (this.tok.kind === "punct" && FACTOR[this.tok.text]) {
      const op = this.next();
      lhs = this.call(FACTOR[op.text]!, [lhs, this.primary()], lhs.loc);
    }
    return lhs;
  }

  private call(name: string, args: Term[], loc: Loc): CallTerm {
    return { type: "call", name, args, loc };
  }

  private primary(): Term {
    const t = this.tok;
    const loc = this.loc(t);
    switch (t.kind) {
      case "number":
        this.next();
        return numberTerm(t.text, loc);
      case "string":
        this.next();
        return { type: "string", value: t.text, loc };
      case "eof":
        this.fail("unexpected end of input");
    }
    if (t.kind === "punct") {
      switch (t.text) {
        case "(": {
          this.next();
          const saved = this.noOr;
          this.noOr = 0;
          const inner = this.termIn(true);
          this.noOr = saved;
          this.expectPunct(")");
          return inner;
        }
        case "[":
          return this.postfix(this.arrayLiteral(), true);
        case "{":
          return this.postfix(this.braceLiteral(), true);
        case "-": {
          const n = this.peek();
          if (n.kind === "number" && !n.spaceBefore) {
            this.next();
            this.next();
            return numberTerm("-" + n.text, loc);
          }
          throw unsupported("unary minus on a non-literal", loc);
        }
      }
      this.fail(`unexpected ${this.describe(t)}`);
    }
    // identifiers
    switch (t.text) {
      case "true":
      case "false":
        this.next();
        return { type: "boolean", value: t.text === "true", loc };
      case "null":
        this.next();
        return { type: "null", loc };
      case "set":
        if (this.isPunct("(", this.peek()) && !this.peek().spaceBefore && this.isPunct(")", this.peek(2))) {
          this.next();
          this.next();
          this.next();
          return { type: "set", items: [], loc };
        }
        break;
    }
    // `contains` is a keyword only in rule heads; contains(...) is the built-in.
    const containsCall = t.text === "contains" && this.isPunct("(", this.peek()) && !this.peek().spaceBefore;
    if (KEYWORDS.has(t.text) && !containsCall) this.fail(`unexpected keyword "${t.text}"`);
    this.next();
    return this.postfix(this.varTerm(t), true);
  }

  private varTerm(t: Token): VarTerm {
    return { type: "var", name: t.text, loc: this.loc(t) };
  }

  /** `.name`, `[term]` and `(args)` after a term, on the same line (a newline ends the term). */
  private postfix(head: Term, allowCall: boolean): Term {
    let path: Term[] = [];
    let cur: Term = head;
    const flush = () => {
      if (path.length > 0) {
        cur = cur.type === "ref" ? { ...cur, path: [...cur.path, ...path] } : ({ type: "ref", head: cur, path, loc: cur.loc } as RefTerm);
        path = [];
      }
    };
    for (;;) {
      const t = this.tok;
      if (t.newlineBefore) break;
      if (this.isPunct(".")) {
        this.next();
        const name = this.tok;
        if (name.kind !== "ident") this.fail(`expected name after "."`);
        this.next();
        path.push({ type: "string", value: name.text, loc: this.loc(name) });
      } else if (this.isPunct("[")) {
        this.next();
        const saved = this.noOr;
        this.noOr = 0;
        path.push(this.termIn(false));
        this.noOr = saved;
        this.expectPunct("]");
      } else if (this.isPunct("(") && allowCall) {
        flush();
        const operator: Term = cur;
        const name = operatorName(operator);
        if (name === undefined) this.fail("illegal call: operator must be a name");
        this.next();
        const saved = this.noOr;
        this.noOr = 0;
        const args = this.termList(")");
        this.noOr = saved;
        this.expectPunct(")");
        cur = { type: "call", name, operator, args, loc: operator.loc };
      } else break;
    }
    flush();
    return cur;
  }

  private termList(close: string): Term[] {
    const items: Term[] = [];
    while (!this.isPunct(close)) {
      items.push(this.termIn(false));
      if (!this.isPunct(",")) break;
      this.next();
    }
    return items;
  }

  private arrayLiteral(): Term {
    const open = this.next();
    const loc = this.loc(open);
    if (this.isPunct("]")) {
      this.next();
      return { type: "array", items: [], loc };
    }
    const first = this.headTerm();
    if (this.isPunct("|")) {
      this.next();
      const body = this.query(["]"]);
      this.expectPunct("]");
      return { type: "arraycomp", term: first, body, loc };
    }
    const items = [first];
    const saved = this.noOr;
    this.noOr = 0;
    while (this.isPunct(",")) {
      this.next();
      if (this.isPunct("]")) break;
      items.push(this.termIn(false));
    }
    this.noOr = saved;
    this.expectPunct("]");
    return { type: "array", items, loc };
  }

  /** The first term in `[`/`{`: `|` after it starts a comprehension. */
  private headTerm(): Term {
    this.noOr++;
    try {
      return this.termIn(false);
    } finally {
      this.noOr--;
    }
  }

  private braceLiteral(): Term {
    const open = this.next();
    const loc = this.loc(open);
    if (this.isPunct("}")) {
      this.next();
      return { type: "object", pairs: [], loc };
    }
    const first = this.headTerm();
    if (this.isPunct(":")) {
      this.next();
      const value = this.headTerm();
      if (this.isPunct("|")) {
        this.next();
        const body = this.query(["}"]);
        this.expectPunct("}");
        return { type: "objectcomp", key: first, value, body, loc };
      }
      const pairs: Array<[Term, Term]> = [[first, value]];
      const saved = this.noOr;
      this.noOr = 0;
      while (this.isPunct(",")) {
        this.next();
        if (this.isPunct("}")) break;
        const k = this.termIn(false);
        this.expectPunct(":");
        pairs.push([k, this.termIn(false)]);
      }
      this.noOr = saved;
      this.expectPunct("}");
      return { type: "object", pairs, loc };
    }
    if (this.isPunct("|")) {
      this.next();
      const body = this.query(["}"]);
      this.expectPunct("}");
      return { type: "setcomp", term: first, body, loc };
    }
    const items = [first];
    const saved = this.noOr;
    this.noOr = 0;
    while (this.isPunct(",")) {
      this.next();
      if (this.isPunct("}")) break;
      items.push(this.termIn(false));
    }
    this.noOr = saved;
    this.expectPunct("}");
    return { type: "set", items, loc };
  }
}

function trueExpr(loc: Loc): Expr {
  return { kind: "term", term: { type: "boolean", value: true, loc }, loc, negated: false, withs: [] };
}

function numberTerm(text: string, loc: Loc): Term {
  const value = Number(text);
  // OPA keeps arbitrary-precision numbers; we refuse what a double cannot hold exactly.
  if (!Number.isFinite(value) || (/^-?[0-9]+$/.test(text) && Math.abs(value) > MAX_SAFE)) {
    throw unsupported(`number ${text} (beyond 2^53)`, loc);
  }
  return { type: "number", value, text, loc };
}

/** `f`, `a.b.c`, `data.x["y"]` as a dotted name; undefined when not a plain name. */
export function operatorName(t: Term): string | undefined {
  if (t.type === "var") return t.name;
  if (t.type !== "ref" || t.head.type !== "var") return undefined;
  const parts = [t.head.name];
  for (const p of t.path) {
    if (p.type !== "string") return undefined;
    parts.push(p.value);
  }
  return parts.join(".");
}
