import {
  IndentationText,
  NewLineKind,
  Project,
  QuoteKind,
  StructureKind,
  type CodeBlockWriter,
  type InterfaceDeclarationStructure,
  type StatementStructures,
  type WriterFunction,
} from "ts-morph";
import type { ContextKeyIR, ResourceAttributeIR, SystemIR } from "../../ir/types.ts";
import { canFunction, declaredPermissionsStatement, factsInterface, helperFunctions } from "./guard.ts";
import { literalText, propertyKey, requirementLiteral, writeRequirement } from "./literal.ts";
import { permissionSpellings } from "../../ir/spellings.ts";

/** The typed module of one system, printed by ts-morph from structures. */
export function typedModule(system: SystemIR): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, newLineKind: NewLineKind.LineFeed, quoteKind: QuoteKind.Double },
  });
  const file = project.createSourceFile(`${system.id}.ts`, { statements: statements(system) });
  // A line never ends inside a string literal (JSON escapes line breaks), so trailing blanks are only layout.
  return file.getFullText().replace(/[ \t]+$/gm, "").replace(/\s*$/, "\n");
}

function statements(system: SystemIR): Array<string | WriterFunction | StatementStructures> {
  const permissions = new Map(system.permissions.map((p) => [p.id, p]));
  const roleName = new Map(system.roles.map((r) => [r.id, r.name]));
  const exportedType = (name: string, docs: string, type: string | WriterFunction): StatementStructures => ({
    kind: StructureKind.TypeAlias,
    name,
    isExported: true,
    docs: [docs],
    type,
  });
  // Tables are statement writers rather than VariableStatement structures: ts-morph prints a structure's
  // initializer with a hanging indent, which would push every line of a multi-line literal one level right.
  const exportedConst = (name: string, docs: string, type: string, initializer: WriterFunction): WriterFunction => (w) => {
    w.writeLine(`/** ${docs} */`);
    w.write(`export const ${name}: ${type} = `);
    initializer(w);
    w.write(";").newLine();
  };
  const declarations: Array<WriterFunction | StatementStructures> = [
    exportedType("ActionId", "Every action of the system: `<area>.<section>.<page>.<row>`.", union(system.actions.map((a) => JSON.stringify(a.id)))),
    exportedType("PermissionName", "Every permission, by the name requests carry.", union(system.permissions.map((p) => JSON.stringify(p.name)))),
    exportedType("RoleName", "Every role (permission group), by name.", union(system.roles.map((r) => JSON.stringify(r.name)))),
    exportedType("Condition", "A condition of a requirement, as in the IR.", union(CONDITION_SHAPES)),
    exportedType("Requirement", "A requirement, as in the IR, with permissions by name.", union(REQUIREMENT_SHAPES)),
    shape("Principal", "Who asks. Omitted lists are empty; `staff` defaults to false, `projectUser` to true.", [
      ["permissions", "readonly string[]"],
      ["roles", "readonly string[]"],
      ["staff", "boolean"],
      ["projectUser", "boolean"],
    ]),
    shape("Context", "The request's declared context; an omitted flag is off, an omitted list is empty.", system.contextKeys.map((k) => [k.key, contextType(k), k.description])),
    shape("Resource", "The declared attributes of the resource acted on; an omitted attribute satisfies no condition.", system.resourceAttributes.map((a) => [a.name, resourceType(a), a.description])),
    shape("ActionEntry", "One row of the document: where it is, its text and its effective requirement.", [
      ["path", "readonly string[]", undefined, true],
      ["row", "string", undefined, true],
      ["requires", "Requirement", undefined, true],
    ]),
    shape("RoleEntry", "What a role grants directly and the roles whose grants it includes.", [
      ["grants", "readonly PermissionName[]", undefined, true],
      ["includes", "readonly RoleName[]", undefined, true],
    ]),
    exportedConst("permissionNames", "Every declared permission, in the document's order.", "readonly PermissionName[]", list(system.permissions.map((p) => JSON.stringify(p.name)))),
    exportedConst(
      "permissionSpellings",
      "Every name a request may use for a permission (its name and the document's other spellings of it) and the permission it names.",
      "Readonly<Record<string, PermissionName>>",
      table(permissionSpellings(system).map(([spelling, p]) => [spelling, JSON.stringify(p.name)])),
    ),
    exportedConst("contextKeys", "The kind of every declared context key.", 'Readonly<Record<keyof Context, "flag" | "permissionList">>', table(system.contextKeys.map((k) => [k.key, JSON.stringify(k.kind)]))),
    exportedConst(
      "resourceAttributes",
      "The kind of every declared resource attribute.",
      'Readonly<Record<keyof Resource, "enum" | "flag" | "roleName" | "permissionList">>',
      table(system.resourceAttributes.map((a) => [a.name, JSON.stringify(a.kind)])),
    ),
    exportedConst(
      "roles",
      "Every role's own grants and includes; `can` expands includes transitively.",
      "Readonly<Record<RoleName, RoleEntry>>",
      table(system.roles.map((r) => [r.name, literalText({ grants: r.grants.map((g) => permissions.get(g)?.name ?? g), includes: r.includes.map((i) => roleName.get(i) ?? i) })])),
    ),
    exportedConst("actions", "Every action with its effective requirement: the pages' open requirements and the row's own, staff gates explicit.", "Readonly<Record<ActionId, ActionEntry>>", (w) => {
      w.write("{").newLine();
      w.indent(() => {
        for (const action of system.actions) {
          w.writeLine(`// ${oneLine([...action.path, action.row].join(" > "))}${action.rowRequirement === null ? "" : ` | document: ${oneLine(action.rowRequirement)}`}`);
          if (action.note !== null) w.writeLine(`// reading: ${oneLine(action.note)}`);
          w.write(`${JSON.stringify(action.id)}: { path: ${literalText(action.path)}, row: ${JSON.stringify(action.row)}, requires: `);
          writeRequirement(w, requirementLiteral(action.effective, permissions));
          w.write(" },").newLine();
        }
      });
      w.write("}");
    }),
    canFunction,
    factsInterface,
    declaredPermissionsStatement,
    ...helperFunctions,
  ];
  const header: WriterFunction = (w) => {
    w.writeLine(`// Generated by policyc from the spec of ${oneLine(system.document)}: ${oneLine(system.title)}, typed.`);
    w.writeLine("// Do not edit: change the spec and run `policyc compile`. `can` decides as docs/semantics.md says.");
  };
  return [header, ...declarations.flatMap((d) => [blankLine, d])];
}

const blankLine: WriterFunction = (w) => w.blankLineIfLastNot();


const CONDITION_SHAPES = [
  '{ readonly kind: "contextFlag"; readonly key: string }',
  '{ readonly kind: "principalStaff" }',
  '{ readonly kind: "resourceIn"; readonly attribute: string; readonly values: readonly string[] }',
  '{ readonly kind: "resourceFlag"; readonly attribute: string; readonly value: boolean }',
  '{ readonly kind: "memberOfRole"; readonly attribute: string }',
  '{ readonly kind: "holdsAllListed"; readonly from: "context" | "resource"; readonly key: string }',
];

const REQUIREMENT_SHAPES = [
  "{ readonly kind: \"permission\"; readonly permission: PermissionName }",
  '{ readonly kind: "allOf"; readonly items: readonly Requirement[] }',
  '{ readonly kind: "anyOf"; readonly items: readonly Requirement[] }',
  '{ readonly kind: "anyUser" }',
  '{ readonly kind: "condition"; readonly condition: Condition }',
  '{ readonly kind: "onlyIf"; readonly condition: Condition; readonly then: Requirement }',
];

/** An exported interface of readonly properties: [name, type, description, required]. */
function shape(name: string, docs: string, properties: Array<[string, string, string?, boolean?]>): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name,
    isExported: true,
    docs: [docs],
    properties: properties.map(([key, type, description, required]) => ({
      name: propertyKey(key),
      type,
      isReadonly: true,
      hasQuestionToken: !required,
      docs: description ? [oneLine(description)] : [],
    })),
  };
}

function contextType(key: ContextKeyIR): string {
  return key.kind === "flag" ? "boolean" : "readonly string[]";
}

function resourceType(attribute: ResourceAttributeIR): string {
  switch (attribute.kind) {
    case "enum":
      return attribute.values.length ? attribute.values.map((v) => JSON.stringify(v)).join(" | ") : "never";
    case "flag":
      return "boolean";
    case "roleName":
      return "string";
    case "permissionList":
      return "readonly string[]";
  }
}

/** A union type with one member per line, so a diff shows exactly which member changed. */
function union(members: string[]): string | WriterFunction {
  if (members.length === 0) return "never";
  if (members.length === 1) return members[0]!;
  return (w: CodeBlockWriter) => {
    for (const member of members) w.newLine().write(`| ${member}`);
  };
}

function list(items: string[]): WriterFunction {
  return (w) => {
    if (items.length === 0) {
      w.write("[]");
      return;
    }
    w.write("[").newLine();
    w.indent(() => items.forEach((item) => w.writeLine(`${item},`)));
    w.write("]");
  };
}

function table(entries: Array<[string, string]>): WriterFunction {
  return (w) => {
    if (entries.length === 0) {
      w.write("{}");
      return;
    }
    w.write("{").newLine();
    w.indent(() => entries.forEach(([key, value]) => w.writeLine(`${propertyKey(key)}: ${value},`)));
    w.write("}");
  };
}

/** Spec text inside a line comment or JSDoc: whitespace runs (line separators too) become one space, and `*\/` cannot end a JSDoc. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\*\//g, "*\\/").trim();
}
