// The few kinds of declaration the generated module spells out as structures (its request interfaces and its
// decision procedure), printed as ts-morph prints them: two-space indentation, JSDoc above, a blank line between
// declarations. Printed here rather than by ts-morph, whose loading (the TypeScript compiler) cost each compile
// more than half a second of CPU; test/ts-declarations.test.ts holds the two printers to the same text.

export interface InterfaceDeclaration {
  kind: "interface";
  name: string;
  isExported?: boolean;
  docs?: string[];
  properties: PropertySignature[];
}

export interface PropertySignature {
  name: string;
  type: string;
  isReadonly?: boolean;
  hasQuestionToken?: boolean;
  docs?: string[];
}

export interface FunctionDeclaration {
  kind: "function";
  name: string;
  isExported?: boolean;
  docs?: string[];
  typeParameters?: Array<{ name: string; constraint?: string }>;
  parameters: Array<{ name: string; type: string; hasQuestionToken?: boolean }>;
  returnType: string;
  /**
   * The body's statements as text, a line break between lines: each line but an empty one is indented one level
   * (no line may be inside a multi-line template literal, which ts-morph would leave as it is).
   */
  statements: string;
}

/** A `const` with a type and an initializer. */
export interface ConstDeclaration {
  kind: "const";
  name: string;
  docs?: string[];
  type: string;
  initializer: string;
}

export type Declaration = InterfaceDeclaration | FunctionDeclaration | ConstDeclaration;

const INDENT = "  ";

/** The declarations a blank line apart, with no line break after the last. */
export function printDeclarations(declarations: readonly Declaration[]): string {
  return declarations.map(declarationText).join("\n\n");
}

function declarationText(declaration: Declaration): string {
  const docs = docsText(declaration.docs, "");
  switch (declaration.kind) {
    case "interface": {
      const head = `${docs}${declaration.isExported ? "export " : ""}interface ${declaration.name} {\n`;
      return head + declaration.properties.map(propertyText).join("") + "}";
    }
    case "function": {
      const typeParameters = declaration.typeParameters?.length
        ? `<${declaration.typeParameters.map((t) => (t.constraint === undefined ? t.name : `${t.name} extends ${t.constraint}`)).join(", ")}>`
        : "";
      const parameters = declaration.parameters.map((p) => `${p.name}${p.hasQuestionToken ? "?" : ""}: ${p.type}`).join(", ");
      const body = declaration.statements
        .split("\n")
        .map((line) => (line === "" ? "" : INDENT + line))
        .join("\n");
      return `${docs}${declaration.isExported ? "export " : ""}function ${declaration.name}${typeParameters}(${parameters}): ${declaration.returnType} {\n${body}\n}`;
    }
    case "const":
      return `${docs}const ${declaration.name}: ${declaration.type} = ${declaration.initializer};`;
  }
}

function propertyText(property: PropertySignature): string {
  const modifiers = property.isReadonly ? "readonly " : "";
  return `${docsText(property.docs, INDENT)}${INDENT}${modifiers}${property.name}${property.hasQuestionToken ? "?" : ""}: ${property.type};\n`;
}

/**
 * Each JSDoc comment on its own lines at `indent`: `/** text *\/` for one line; otherwise `/**`, a ` * ` line each
 * (a leading line break dropped, an empty line a bare ` *`), then ` *\/`.
 */
function docsText(docs: readonly string[] | undefined, indent: string): string {
  let text = "";
  for (const doc of docs ?? []) {
    const lines = doc.split(/\r?\n/);
    if (lines.length <= 1) {
      text += `${indent}/** ${doc}${doc === "" || doc.endsWith(" ") ? "" : " "}*/\n`;
      continue;
    }
    text += `${indent}/**\n`;
    for (const line of lines[0] === "" ? lines.slice(1) : lines) text += `${indent} *${line === "" ? "" : ` ${line}`}\n`;
    text += `${indent} */\n`;
  }
  return text;
}
