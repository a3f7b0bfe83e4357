// Cedar's formatter, for the policies this target renders, without a call into Cedar: formatting 10,000 policies
// took Cedar about 3 s. Each policy is read into the document Cedar's formatter builds for it (its groups, line
// breaks and indentation, level by level of Cedar's grammar) and laid out within the same width (layout-doc.ts).
// Only the constructs the templates write are read; a policy with any other, with a comment anywhere but in the
// lines above it, or with a character outside ASCII in its code (whose width the two might count otherwise) is
// not read, and Cedar formats it (format.ts). test/cedar-layout.test.ts proves the layout equals Cedar's on every
// policy of the seeds, examples, goldens and fuzzed specs.
import { group, hardLine, layout, line, nest, softLine, type Doc } from "./layout-doc.ts";

const RELATION = new Set(["==", "!=", "<", "<=", ">", ">=", "in"]);
const WORDS = new Set(["if", "then", "else", "has", "like", "is", "in", "true", "false"]);

/** The policy as Cedar's formatter writes it (no final line break), or undefined when this cannot say. */
export function layoutPolicy(text: string, lineWidth: number, indent: number): string | undefined {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === NEWLINE) end--;
  // The lines above the code that are comments, each without its line break.
  const comments: string[] = [];
  let start = 0;
  while (start <= end && text.startsWith("//", start)) {
    const lineEnd = text.indexOf("\n", start);
    const stop = lineEnd === -1 || lineEnd > end ? end : lineEnd;
    comments.push(text.slice(start, stop));
    start = stop + 1;
  }
  const code = start < end ? text.slice(start, end) : "";
  // Cedar trims a comment's end; it counts the display width of a character outside ASCII (an emoji: two columns).
  if (comments.some((c) => /\s/.test(c[c.length - 1]!)) || /[^\x20-\x7e\n]|\/\//.test(code)) return undefined;
  const tokens = tokenize(code);
  if (!tokens) return undefined;
  try {
    const doc = new PolicyReader(tokens, indent).policy(comments);
    const laid = layout(doc, lineWidth).trim();
    return laid === "" || BLANK_LINE.test(laid) ? undefined : laid;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

const NEWLINE = 10;

/** A line of nothing but white space between two others. */
const BLANK_LINE = /\n\s*\n/;

/** Two-character operators; any other operator is one character of ONE_CHARACTER. */
const TWO_CHARACTERS = new Set(["::", "&&", "||", "==", "!=", "<=", ">="]);
const ONE_CHARACTER = new Set("<>!()[]{},;.@+*-");

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The tokens of code in ASCII (layoutPolicy checks): names, string literals (no line break inside, `\` escaping
 * the next character), numbers and operators, white space between them skipped; undefined at anything else.
 */
function tokenize(code: string): string[] | undefined {
  const tokens: string[] = [];
  const length = code.length;
  let at = 0;
  for (;;) {
    while (at < length && (code.charCodeAt(at) === 32 || code.charCodeAt(at) === NEWLINE)) at++;
    if (at === length) return tokens;
    const first = code.charCodeAt(at);
    let stop = at + 1;
    if (isLetter(first)) {
      while (stop < length && (isLetter(code.charCodeAt(stop)) || isDigit(code.charCodeAt(stop)))) stop++;
    } else if (isDigit(first)) {
      while (stop < length && isDigit(code.charCodeAt(stop))) stop++;
    } else if (first === 34) {
      for (;;) {
        const c = stop < length ? code.charCodeAt(stop) : NEWLINE;
        if (c === NEWLINE) return undefined;
        stop += c === 92 ? 2 : 1;
        if (c === 34) break;
        if (c === 92 && (stop > length || code.charCodeAt(stop - 1) === NEWLINE)) return undefined;
      }
    } else if (TWO_CHARACTERS.has(code.slice(at, at + 2))) {
      stop = at + 2;
    } else if (!ONE_CHARACTER.has(code[at]!)) {
      return undefined;
    }
    tokens.push(code.slice(at, stop));
    at = stop;
  }
}

/** A construct this reader does not know: Cedar formats the policy. */
class Unsupported extends Error {}

const isIdentifier = (token: string | undefined): boolean => token !== undefined && /^[A-Za-z_]/.test(token);
const isString = (token: string | undefined): boolean => token !== undefined && token.startsWith('"');

/** Reads one policy's tokens into the document Cedar's formatter builds, level by level of Cedar's grammar. */
class PolicyReader {
  private at = 0;
  constructor(
    private readonly tokens: string[],
    private readonly indent: number,
  ) {}

  private peek(offset = 0): string | undefined {
    return this.tokens[this.at + offset];
  }

  private next(): string {
    const token = this.tokens[this.at++];
    if (token === undefined) throw new Unsupported();
    return token;
  }

  private expect(token: string): string {
    if (this.next() !== token) throw new Unsupported();
    return token;
  }

  /** Annotations, each on its line; `effect (` ; the scope; its conditions, each on its line; `;`. */
  policy(comments: string[]): Doc {
    const parts: Doc[] = comments.length ? [hardLine, ...comments.flatMap((c, i) => (i ? [hardLine, c] : [c])), hardLine] : [];
    while (this.peek() === "@") {
      this.next();
      const key = this.next();
      if (!isIdentifier(key)) throw new Unsupported();
      this.expect("(");
      const value = this.next();
      if (!isString(value)) throw new Unsupported();
      this.expect(")");
      parts.push(["@", key, "(", value, ")", hardLine]);
    }
    const effect = this.next();
    if (effect !== "permit" && effect !== "forbid") throw new Unsupported();
    parts.push(group([effect, line, this.expect("(")]));
    const variables = ["principal", "action", "resource"].map((name, i) => {
      if (i) this.expect(",");
      return this.variable(name);
    });
    this.expect(")");
    if (variables.every((v) => v.plain)) {
      parts.push(group(nest(this.indent, [variables[0]!.doc, ",", " ", variables[1]!.doc, ",", " ", variables[2]!.doc])));
    } else {
      parts.push(nest(this.indent, [hardLine, variables[0]!.doc, ",", hardLine, variables[1]!.doc, ",", hardLine, variables[2]!.doc]), hardLine);
    }
    parts.push(")");
    const conditions: Doc[] = [];
    while (this.peek() === "when" || this.peek() === "unless") conditions.push(this.condition());
    if (conditions.length) parts.push(hardLine, conditions.flatMap((c, i) => (i ? [hardLine, c] : [c])));
    parts.push(this.expect(";"));
    if (this.at !== this.tokens.length) throw new Unsupported();
    return parts;
  }

  /** `principal`, or `action == Ns::Action::"id"`: the operator kept with the variable, the value indented when it breaks. */
  private variable(name: string): { doc: Doc; plain: boolean } {
    this.expect(name);
    const op = this.peek();
    if (op !== "==" && op !== "in") return { doc: name, plain: true };
    this.next();
    return { doc: group([group([name, line, op]), nest(this.indent, [line, this.expression()])]), plain: false };
  }

  /** `when { expr }`: on one line when it fits, else the braces on lines of their own around the indented expression. */
  private condition(): Doc {
    const keyword = this.next();
    this.expect("{");
    if (this.peek() === "}") throw new Unsupported();
    const body = this.expression();
    this.expect("}");
    return group([keyword, line, "{", group([nest(this.indent, [line, group(body)]), line, "}"])]);
  }

  private expression(): Doc {
    if (this.peek() !== "if") return this.or();
    this.next();
    const condition = this.expression();
    this.expect("then");
    const then = this.expression();
    this.expect("else");
    const otherwise = this.expression();
    const part = (keyword: string, doc: Doc): Doc => [keyword, nest(this.indent, [line, doc])];
    return group([part("if", condition), line, part("then", then), line, part("else", otherwise)]);
  }

  /** A chain of `||` (or of `&&`): each operator ends its operand's line when the chain breaks. */
  private chain(operator: string, operand: () => Doc): Doc {
    const parts: Doc[] = [operand()];
    while (this.peek() === operator) {
      this.next();
      parts.push(" ", operator, line, operand());
    }
    return parts;
  }

  private or(): Doc {
    return this.chain("||", () => this.and());
  }

  private and(): Doc {
    return this.chain("&&", () => this.relation());
  }

  private relation(): Doc {
    const target = this.add();
    const op = this.peek();
    if (op === "has") {
      this.next();
      return group([target, line, "has", line, nest(this.indent, this.add())]);
    }
    if (op === undefined || !RELATION.has(op)) {
      if (op === "like" || op === "is") throw new Unsupported();
      return target;
    }
    this.next();
    const right = this.add();
    const after = this.peek();
    if (after !== undefined && (RELATION.has(after) || after === "has" || after === "like" || after === "is")) throw new Unsupported();
    return [target, " ", op, " ", right];
  }

  /** Cedar's formatter groups every sum and product, even of one term. */
  private add(): Doc {
    const first = this.mult();
    if (this.peek() === "+" || this.peek() === "-") throw new Unsupported();
    return group(first);
  }

  private mult(): Doc {
    const first = this.unary();
    if (this.peek() === "*") throw new Unsupported();
    return group(first);
  }

  private unary(): Doc {
    let bangs = "";
    while (this.peek() === "!") bangs += this.next();
    if (this.peek() === "-") throw new Unsupported();
    return bangs ? [bangs, this.member()] : this.member();
  }

  /** A value and its accesses (`.name`, `(args)`, `[key]`), which break apart (indented) only when the whole does not fit. */
  private member(): Doc {
    const item = this.primary();
    const accesses: Doc[] = [];
    for (;;) {
      const token = this.peek();
      if (token === ".") {
        this.next();
        const name = this.next();
        if (!isIdentifier(name)) throw new Unsupported();
        accesses.push([".", name]);
        if (this.peek() === "(") accesses.push(this.call());
      } else if (token === "[") {
        this.next();
        const key = this.expression();
        this.expect("]");
        accesses.push(["[", softLine, key, softLine, "]"]);
      } else break;
    }
    if (!accesses.length) return group(item);
    const joined = accesses.flatMap((a, i) => (i ? [softLine, a] : [a]));
    return group([item, nest(this.indent, joined)]);
  }

  private call(): Doc {
    this.expect("(");
    const args = this.list(")");
    return [nest(this.indent, ["(", softLine, args]), softLine, ")"];
  }

  /** Comma-separated expressions up to `close` (consumed), each comma followed by a line break or a space. */
  private list(close: string): Doc {
    const items: Doc[] = [];
    while (this.peek() !== close) {
      if (items.length) items.push(this.expect(","), line);
      items.push(this.expression());
    }
    this.next();
    return items;
  }

  private primary(): Doc {
    const token = this.next();
    if (token === "(") {
      const inner = this.expression();
      this.expect(")");
      return group(["(", nest(1, inner), ")"]);
    }
    if (token === "[") return ["[", nest(1, this.list("]")), "]"];
    if (isString(token) || /^[0-9]/.test(token) || token === "true" || token === "false") return token;
    if (!isIdentifier(token) || WORDS.has(token)) throw new Unsupported();
    // A name (`principal`, `Ns::Type`) or an entity (`Ns::Type::"id"`).
    let path = token;
    while (this.peek() === "::") {
      this.next();
      const part = this.next();
      if (isString(part)) return path + "::" + part;
      if (!isIdentifier(part)) throw new Unsupported();
      path += "::" + part;
    }
    return path;
  }
}
