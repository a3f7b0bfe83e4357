import fs from "node:fs";
import { Node, Project, SyntaxKind, type CallExpression, type ObjectLiteralExpression, type SourceFile } from "ts-morph";
import type { SourcePosition } from "../ir/types.ts";

/**
 * A spec file read as TypeScript syntax, to point warnings at the exact token responsible. The IR keeps
 * positions of calls (from stack traces); this finds the catalogue keys and string literals inside them.
 */
export class SpecSource {
  private readonly file: SourceFile;
  private readonly system: ObjectLiteralExpression | undefined;

  /** `specFile` as the IR names it (relative to the working directory); positions keep that name. */
  constructor(private readonly specFile: string) {
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: false } });
    this.file = project.createSourceFile("spec.ts", fs.readFileSync(specFile, "utf8"));
    this.system = this.declaration();
  }

  /** The key of a catalogue entry in the `defineSystem({...})` argument, e.g. ("permissions", "Edit orders"). */
  catalogueKey(catalogue: "permissions" | "roles" | "context" | "resource", key: string): SourcePosition | null {
    const entries = this.system && objectOf(this.system.getProperty(catalogue));
    const entry = entries?.getProperties().find((p) => propertyName(p) === key);
    return entry ? this.position(Node.isPropertyAssignment(entry) ? entry.getNameNode() : entry) : null;
  }

  /**
   * The string literal `text` inside the builder call that declared `label` (an action's row, a page's title),
   * or the call itself when the requirement is built elsewhere; null when no such call is found.
   */
  literalInCall(declared: { label: string; at: SourcePosition }, text: string, argument: "requirement" | "open"): SourcePosition | null {
    const call = this.builderCall(declared.label, declared.at, argument === "requirement" ? ["action"] : ["section", "area"]);
    if (!call) return null;
    const scope = argument === "requirement" ? call.getArguments()[1] : objectOf(call.getArguments()[1])?.getProperty("open");
    const literal = scope && [scope, ...scope.getDescendants()].find((n) => (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) && n.getLiteralValue() === text);
    return this.position(literal ?? call);
  }

  /**
   * The `.action(...)` / `.section(...)` / `.area(...)` call whose first argument is `label`, the one nearest
   * `at` when several are; for a label computed at run time, the call at `at` as the stack trace reported it.
   */
  private builderCall(label: string, at: SourcePosition, methods: string[]): CallExpression | undefined {
    const calls = this.file.getDescendantsOfKind(SyntaxKind.CallExpression).filter((c) => {
      const callee = c.getExpression();
      return Node.isPropertyAccessExpression(callee) && methods.includes(callee.getName());
    });
    const nameStart = (c: CallExpression) => {
      const callee = c.getExpression();
      return this.file.getLineAndColumnAtPos((Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee).getStart());
    };
    const labelled = calls.filter((c) => {
      const first = c.getArguments()[0];
      return (Node.isStringLiteral(first) || Node.isNoSubstitutionTemplateLiteral(first)) && first.getLiteralValue() === label;
    });
    if (labelled.length > 0) return labelled.reduce((best, c) => (Math.abs(nameStart(c).line - at.line) < Math.abs(nameStart(best).line - at.line) ? c : best));
    return calls.find((c) => nameStart(c).line === at.line && nameStart(c).column === at.column) ?? calls.find((c) => nameStart(c).line === at.line);
  }

  /** The object literal passed to `defineSystem`, following a variable and `as const` / `satisfies`. */
  private declaration(): ObjectLiteralExpression | undefined {
    const call = this.file.getDescendantsOfKind(SyntaxKind.CallExpression).find((c) => /(^|\.)defineSystem$/.test(c.getExpression().getText()));
    return objectOf(call?.getArguments()[0]);
  }

  private position(node: Node): SourcePosition {
    const { line, column } = this.file.getLineAndColumnAtPos(node.getStart());
    return { file: this.specFile, line, column };
  }
}

/** The object literal a node stands for: itself, its initializer, or the variable it names in this file. */
function objectOf(node: Node | undefined): ObjectLiteralExpression | undefined {
  for (let current = node, hops = 0; current && hops < 8; hops++) {
    if (Node.isObjectLiteralExpression(current)) return current;
    if (Node.isPropertyAssignment(current) || Node.isVariableDeclaration(current)) current = current.getInitializer();
    else if (Node.isAsExpression(current) || Node.isSatisfiesExpression(current) || Node.isParenthesizedExpression(current)) current = current.getExpression();
    else if (Node.isShorthandPropertyAssignment(current) || Node.isIdentifier(current)) {
      const name = Node.isIdentifier(current) ? current.getText() : current.getName();
      current = current.getSourceFile().getVariableDeclaration(name);
    } else return undefined;
  }
  return undefined;
}

function propertyName(property: Node): string | undefined {
  if (Node.isShorthandPropertyAssignment(property)) return property.getName();
  if (!Node.isPropertyAssignment(property)) return undefined;
  const name = property.getNameNode();
  if (Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name) || Node.isNumericLiteral(name)) return String(name.getLiteralValue());
  return name.getText();
}
