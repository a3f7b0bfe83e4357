import { TextBuilder } from "../text-builder.ts";

/**
 * Module text built line by line, indented two spaces a level: the generated module's large tables are written
 * with it in one pass, as strings.
 */
export class TextWriter {
  private readonly out = new TextBuilder();
  private depth = 0;
  private lineStarted = false;

  /** Text on the current line, indented if it starts the line (a line break inside it is copied, not indented). */
  write(text: string): this {
    if (text === "") return this;
    if (!this.lineStarted && this.depth > 0) this.out.push(indentation(this.depth));
    this.out.push(text);
    this.lineStarted = true;
    return this;
  }

  newLine(): this {
    this.out.push("\n");
    this.lineStarted = false;
    return this;
  }

  /** Text on a line of its own: the current line is ended first if anything is on it. */
  writeLine(text: string): this {
    if (this.lineStarted) this.newLine();
    return this.write(text).newLine();
  }

  /** The lines `block` writes, one level further in. */
  indent(block: () => void): this {
    this.depth++;
    try {
      block();
    } finally {
      this.depth--;
    }
    return this;
  }

  toString(): string {
    return this.out.text();
  }
}

const indentations: string[] = [];
function indentation(depth: number): string {
  return (indentations[depth] ??= "  ".repeat(depth));
}
