// A document to lay out within a line width, the way Wadler's "prettier printer" does and as the Rust `pretty`
// crate (which Cedar's formatter uses) implements it: a group is printed flat when it fits, with what follows it
// up to the next possible line break, else its line breaks are taken and its inner groups decided in turn.

/**
 * Text, a sequence, an indented part, a group, a line break or its flat alternative, or a forced break ("\n":
 * text never holds a line break, so a text of one is the forced break).
 */
export type Doc = string | Doc[] | { nest: number; doc: Doc } | { group: Doc } | { line: string } | "\n";

/** A line break, or one space when its group is flat. */
export const line: Doc = { line: " " };
/** A line break, or nothing when its group is flat. */
export const softLine: Doc = { line: "" };
/** A line break whatever the group. */
export const hardLine: Doc = "\n";

export const nest = (indent: number, doc: Doc): Doc => ({ nest: indent, doc });
/**
 * A group. A group of text or of a group is the same document as what it holds (a group only changes how the
 * line breaks inside it are laid out, and the inner group decides as the outer would): it is not wrapped again.
 */
export const group = (doc: Doc): Doc => (typeof doc === "string" || (typeof doc === "object" && "group" in doc) ? doc : { group: doc });

type Mode = "flat" | "break";

/**
 * The documents still to lay out, last first, each with its indentation and mode: three stacks side by side
 * rather than one of triples, since a policy pushes hundreds.
 */
class Pending {
  readonly indents: number[] = [];
  readonly modes: Mode[] = [];
  readonly docs: Doc[] = [];
  get length(): number {
    return this.docs.length;
  }
  push(indent: number, mode: Mode, doc: Doc): void {
    this.indents.push(indent);
    this.modes.push(mode);
    this.docs.push(doc);
  }
}

/**
 * The document laid out within `width` columns. Text is counted one column per UTF-16 unit: right for ASCII,
 * the only text policy-layout.ts lays out (Cedar counts the display width of other characters, an emoji two
 * columns). After a forced line break the indentation is that of what comes next, as the crate does it.
 */
export function layout(doc: Doc, width: number): string {
  let out = "";
  const pending = new Pending();
  pending.push(0, "break", doc);
  let column = 0;
  const newline = (indent: number) => {
    out += "\n" + " ".repeat(indent);
    column = indent;
  };
  while (pending.length) {
    let indent = pending.indents.pop()!;
    let mode = pending.modes.pop()!;
    let current = pending.docs.pop()!;
    for (;;) {
      if (current === hardLine) {
        if (!pending.length) {
          newline(indent);
          break;
        }
        indent = pending.indents.pop()!;
        mode = pending.modes.pop()!;
        current = pending.docs.pop()!;
        newline(indent);
        continue;
      }
      if (typeof current === "string") {
        out += current;
        column += current.length;
      } else if (Array.isArray(current)) {
        for (let i = current.length - 1; i > 0; i--) pending.push(indent, mode, current[i]!);
        if (current.length) {
          current = current[0]!;
          continue;
        }
      } else if ("line" in current) {
        if (mode === "flat") {
          current = current.line;
          continue;
        }
        current = hardLine;
        continue;
      } else if ("nest" in current) {
        indent += current.nest;
        current = current.doc;
        continue;
      } else {
        if (mode === "break" && fits(current.group, column, width, pending)) mode = "flat";
        current = current.group;
        continue;
      }
      break;
    }
  }
  return out;
}

/** Whether `doc`, flat, fits from `column`, followed by the pending documents (their breaks taken) up to the first line break. */
function fits(doc: Doc, column: number, width: number, pending: Pending): boolean {
  const stack: Doc[] = [doc];
  let mode: Mode = "flat";
  let rest = pending.length;
  for (;;) {
    let current = stack.pop();
    if (current === undefined) {
      if (rest === 0) return true;
      mode = "break";
      current = pending.docs[--rest]!;
    }
    for (;;) {
      if (current === hardLine) return mode === "break";
      if (typeof current === "string") {
        column += current.length;
        if (column > width) return false;
      } else if (Array.isArray(current)) {
        for (let i = current.length - 1; i > 0; i--) stack.push(current[i]!);
        if (current.length) {
          current = current[0]!;
          continue;
        }
      } else if ("line" in current) {
        current = mode === "flat" ? current.line : hardLine;
        continue;
      } else {
        current = "nest" in current ? current.doc : current.group;
        continue;
      }
      break;
    }
  }
}
