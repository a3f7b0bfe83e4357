// Tokenizer for Rego v1 source text. Every token keeps its line and column so
// parse errors and refusals can point at the exact place.

import { RegoError } from "./errors.ts";

export type TokenKind = "ident" | "number" | "string" | "punct" | "eof";

export interface Token {
  kind: TokenKind;
  /** identifier name, punctuation text, number literal text, or decoded string */
  text: string;
  line: number;
  col: number;
  /** a newline separates this token from the previous one */
  newlineBefore: boolean;
  /** any whitespace or comment separates this token from the previous one */
  spaceBefore: boolean;
  raw?: boolean;
}

const PUNCT2 = [":=", "==", "!=", "<=", ">="];
const PUNCT1 = "{}[](),.;:=<>+-*/%|&";

export function tokenize(src: string, file: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let newlineBefore = false;
  let spaceBefore = false;
  const fail = (msg: string, at = i): never => {
    throw new RegoError("rego_parse_error", msg, { file, line, col: at - lineStart + 1 });
  };
  const push = (kind: TokenKind, text: string, start: number, startLine: number, startLineStart: number, raw?: boolean) => {
    const tok: Token = { kind, text, line: startLine, col: start - startLineStart + 1, newlineBefore, spaceBefore };
    if (raw) tok.raw = true;
    out.push(tok);
    newlineBefore = false;
    spaceBefore = false;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\n") {
      i++;
      line++;
      lineStart = i;
      newlineBefore = true;
      spaceBefore = true;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      spaceBefore = true;
      continue;
    }
    if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      spaceBefore = true;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i]!)) i++;
      push("ident", src.slice(start, i), start, line, lineStart);
      continue;
    }
    if (/[0-9]/.test(c)) {
      i = scanNumber(src, i, fail);
      push("number", src.slice(start, i), start, line, lineStart);
      continue;
    }
    if (c === '"') {
      const { value, end } = scanString(src, i, fail);
      i = end;
      push("string", value, start, line, lineStart);
      continue;
    }
    if (c === "`") {
      const startLine = line;
      const startLineStart = lineStart;
      i++;
      while (i < src.length && src[i] !== "`") {
        if (src[i] === "\n") {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (i >= src.length) fail("non-terminated raw string", start);
      i++;
      push("string", src.slice(start + 1, i - 1), start, startLine, startLineStart, true);
      continue;
    }
    const two = src.slice(i, i + 2);
    if (PUNCT2.includes(two)) {
      i += 2;
      push("punct", two, start, line, lineStart);
      continue;
    }
    if (PUNCT1.includes(c)) {
      i++;
      push("punct", c, start, line, lineStart);
      continue;
    }
    fail(`illegal token ${JSON.stringify(c)}`);
  }
  push("eof", "", i, line, lineStart);
  return out;
}

function scanNumber(src: string, i: number, fail: (msg: string, at?: number) => never): number {
  const start = i;
  while (/[0-9]/.test(src[i] ?? "")) i++;
  if (src[i] === "." && /[0-9]/.test(src[i + 1] ?? "")) {
    i++;
    while (/[0-9]/.test(src[i] ?? "")) i++;
  }
  if (src[i] === "e" || src[i] === "E") {
    let j = i + 1;
    if (src[j] === "+" || src[j] === "-") j++;
    if (!/[0-9]/.test(src[j] ?? "")) fail("illegal number format", start);
    i = j;
    while (/[0-9]/.test(src[i] ?? "")) i++;
  }
  if (/[A-Za-z_]/.test(src[i] ?? "")) fail("illegal number format", start);
  return i;
}

/** JSON string semantics (OPA decodes string literals with encoding/json). */
function scanString(src: string, i: number, fail: (msg: string, at?: number) => never): { value: string; end: number } {
  const start = i;
  i++;
  let out = "";
  for (;;) {
    if (i >= src.length) fail("non-terminated string", start);
    const c = src[i]!;
    if (c === '"') return { value: out, end: i + 1 };
    if (c === "\n" || c.charCodeAt(0) < 0x20) fail("illegal string literal: control character or newline in string", start);
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const e = src[i + 1];
    switch (e) {
      case '"':
      case "\\":
      case "/":
        out += e;
        i += 2;
        break;
      case "b":
        out += "\b";
        i += 2;
        break;
      case "f":
        out += "\f";
        i += 2;
        break;
      case "n":
        out += "\n";
        i += 2;
        break;
      case "r":
        out += "\r";
        i += 2;
        break;
      case "t":
        out += "\t";
        i += 2;
        break;
      case "u": {
        const unit = readHex4(src, i + 2);
        if (unit === undefined) fail("illegal string literal: bad \\u escape", i);
        i += 6;
        if (unit >= 0xd800 && unit < 0xdc00 && src[i] === "\\" && src[i + 1] === "u") {
          const low = readHex4(src, i + 2);
          if (low !== undefined && low >= 0xdc00 && low < 0xe000) {
            out += String.fromCharCode(unit, low);
            i += 6;
            break;
          }
        }
        // A lone surrogate decodes to U+FFFD, as Go's encoding/json does.
        out += unit >= 0xd800 && unit < 0xe000 ? "\ufffd" : String.fromCharCode(unit);
        break;
      }
      default:
        fail(`illegal string literal: unknown escape \\${e ?? ""}`, i);
    }
  }
}

function readHex4(src: string, at: number): number | undefined {
  const h = src.slice(at, at + 4);
  return /^[0-9a-fA-F]{4}$/.test(h) ? parseInt(h, 16) : undefined;
}
