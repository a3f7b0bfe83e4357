// JSON for reviewers: a value that fits on its line is written on it, a larger one is broken into one member per
// line, indented by two spaces. A literal `{"permission": "View orders"}` stays whole while the lists around it
// read one item per line, so a diff shows the items that changed. Same data as JSON.stringify, other whitespace.
import { TextBuilder } from "../text-builder.ts";

const WIDTH = 100;

export function layoutJson(value: unknown): string {
  const out = new TextBuilder();
  write(out, value, "", 0);
  out.push("\n");
  return out.text();
}

/** `value` at `indent`, its first line already holding `before` characters (a key, say). */
function write(out: TextBuilder, value: unknown, indent: string, before: number): void {
  if (value === null || typeof value !== "object") return out.push(scalar(value));
  if (inlineLength(value, WIDTH - indent.length - before) >= 0) return out.push(inline(value));
  const inner = indent + "  ";
  const separator = ",\n" + inner;
  if (Array.isArray(value)) {
    out.push("[\n");
    for (let i = 0; i < value.length; i++) {
      out.push(i === 0 ? inner : separator);
      write(out, value[i], inner, 0);
    }
    return out.push("\n" + indent + "]");
  }
  out.push("{\n");
  let first = true;
  for (const key of Object.keys(value)) {
    const keyText = memberKey(key);
    out.push((first ? inner : separator) + keyText);
    first = false;
    write(out, (value as Record<string, unknown>)[key], inner, keyText.length);
  }
  out.push("\n" + indent + "}");
}

/**
 * The length of the value on one line, or -1 as soon as it is known to be longer than `budget`: a large
 * document's lists are never measured whole just to learn they do not fit, and nothing is built to measure them.
 */
function inlineLength(value: unknown, budget: number): number {
  if (typeof value === "string") return quotedLength(value);
  if (value === null || typeof value !== "object") return scalar(value).length;
  // Both brackets, so that each member's budget leaves room for the closing one.
  let length = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && length <= budget; i++) {
      const separator = i > 0 ? 2 : 0;
      const item = inlineLength(value[i], budget - length - separator);
      if (item < 0) return -1;
      length += separator + item;
    }
  } else {
    let first = true;
    for (const key of Object.keys(value)) {
      if (length > budget) return -1;
      length += (first ? 0 : 2) + memberKey(key).length;
      first = false;
      const item = inlineLength((value as Record<string, unknown>)[key], budget - length);
      if (item < 0) return -1;
      length += item;
    }
  }
  return length <= budget ? length : -1;
}

/** The value on one line, with a space after each `:` and `,` as a person would write it. */
function inline(value: unknown): string {
  if (value === null || typeof value !== "object") return scalar(value);
  if (Array.isArray(value)) {
    let text = "[";
    for (let i = 0; i < value.length; i++) text += (i === 0 ? "" : ", ") + inline(value[i]);
    return text + "]";
  }
  let text = "{";
  let first = true;
  for (const key of Object.keys(value)) {
    text += (first ? "" : ", ") + memberKey(key) + inline((value as Record<string, unknown>)[key]);
    first = false;
  }
  return text + "}";
}

function scalar(value: unknown): string {
  return typeof value === "string" ? quoted(value) : String(JSON.stringify(value));
}

const memberKeys = new Map<string, string>();

/** `"key": `, written once per distinct key: a document repeats a few keys (id, input, action) a million times. */
function memberKey(key: string): string {
  let text = memberKeys.get(key);
  if (text === undefined) memberKeys.set(key, (text = JSON.stringify(key) + ": "));
  return text;
}

/** Whether JSON writes the string as it is between quotes: no quote, backslash, control character or surrogate. */
function unescaped(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

function quoted(text: string): string {
  return unescaped(text) ? `"${text}"` : JSON.stringify(text);
}

function quotedLength(text: string): number {
  return unescaped(text) ? text.length + 2 : JSON.stringify(text).length;
}
