import { IndentationText, NewLineKind, Project, QuoteKind, StructureKind, VariableDeclarationKind, type StatementStructures } from "ts-morph";
import { describe, expect, it } from "vitest";
import { printDeclarations, type Declaration } from "../src/targets/ts/declarations.ts";
import { decisionProcedureDeclarations, interfaces } from "../src/targets/ts/module.ts";
import { cedarCorpus } from "./support/cedar-corpus.ts";

// The TypeScript target prints its interfaces and decision procedure itself (declarations.ts) instead of loading
// ts-morph: the text must be ts-morph's, byte for byte, so a change to either printer or to a declaration that
// breaks the equality fails here.

/** The declaration as a ts-morph structure. */
function structure(declaration: Declaration): StatementStructures {
  switch (declaration.kind) {
    case "interface":
      return { ...declaration, kind: StructureKind.Interface };
    case "function":
      return { ...declaration, kind: StructureKind.Function };
    case "const": {
      const { name, type, initializer, docs } = declaration;
      return { kind: StructureKind.VariableStatement, declarationKind: VariableDeclarationKind.Const, docs, declarations: [{ name, type, initializer }] };
    }
  }
}

/** What the target printed with ts-morph: the structures a blank line apart, the file's text without its last line break. */
function printedByTsMorph(declarations: readonly Declaration[]): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, newLineKind: NewLineKind.LineFeed, quoteKind: QuoteKind.Double },
  });
  const statements = declarations.flatMap((d, i): Array<StatementStructures | ((w: { blankLineIfLastNot(): void }) => void)> => (i === 0 ? [structure(d)] : [(w) => w.blankLineIfLastNot(), structure(d)]));
  return project.createSourceFile("printed.ts", { statements: statements as StatementStructures[] }).getFullText().trimEnd();
}

it("prints the decision procedure as ts-morph does", () => {
  expect(printDeclarations(decisionProcedureDeclarations)).toBe(printedByTsMorph(decisionProcedureDeclarations));
});

describe("prints each system's interfaces as ts-morph does", async () => {
  it.each(await cedarCorpus())("$name", ({ system }) => {
    const declared = interfaces(system);
    expect(printDeclarations(declared)).toBe(printedByTsMorph(declared));
  });
});

it("prints JSDoc of one line, several lines, empty lines and trailing spaces, and empty interfaces as ts-morph does", () => {
  const declarations: Declaration[] = [
    { kind: "interface", name: "Empty", isExported: true, docs: [""], properties: [] },
    {
      kind: "interface",
      name: "Several",
      docs: ["first\nsecond\n\nfourth", "\nafter a leading break", "ends in a space "],
      properties: [
        { name: '"quoted-key"', type: '"a" | "b\\"c"', isReadonly: true, hasQuestionToken: true, docs: ["one\ntwo"] },
        { name: "plain", type: "readonly string[]", docs: [] },
        { name: "other", type: "boolean", isReadonly: true, docs: ["a", "b "] },
      ],
    },
    {
      kind: "function",
      name: "generic",
      isExported: true,
      docs: ["A function."],
      typeParameters: [{ name: "K", constraint: "string" }, { name: "V" }],
      parameters: [
        { name: "key", type: "K" },
        { name: "value", type: "V", hasQuestionToken: true },
      ],
      returnType: "key is K",
      statements: "if (key) {\n  return true;\n}\n\n// a comment with a 'quote\nreturn false;",
    },
    { kind: "const", name: "table", docs: ["A table."], type: "Map<string, string>", initializer: "new Map()" },
  ];
  expect(printDeclarations(declarations)).toBe(printedByTsMorph(declarations));
});
