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
import type { ActionIR, ContextKeyIR, PermissionIR, PrincipalAttributeIR, ResourceAttributeIR, SystemIR } from "../../ir/types.ts";
import { canFunction, declaredPermissionsStatement, factsInterface, helperFunctions, roleGrantCacheStatement } from "./guard.ts";
import { conditionLiteral, literalText, propertyKey, requirementLiteral, writeRequirement, type Literal } from "./literal.ts";
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
    exportedType("PrincipalAttributeName", "Every declared attribute of the principal.", union(system.principalAttributes.map((a) => JSON.stringify(a.name)))),
    shape(
      "Principal",
      "Who asks. Omitted lists are empty; `staff` defaults to false, `projectUser` to true; an omitted attribute takes its default. `id` decides only relations.",
      [
        ["id", "string", "Who the user is: compared with the resource's user attributes, and decides nothing else."],
        ["permissions", "readonly string[]"],
        ["roles", "readonly string[]"],
        ["staff", "boolean"],
        ["projectUser", "boolean"],
        ...system.principalAttributes.map((a): [string, string, string] => [a.name, principalType(a), withDefault(a.description, a.default)]),
      ],
    ),
    shape("Context", "The request's declared context; an omitted flag is off, an omitted list is empty.", system.contextKeys.map((k) => [k.key, contextType(k), k.description])),
    shape("Resource", "The declared attributes of the resource acted on; an omitted attribute satisfies no condition.", system.resourceAttributes.map((a) => [a.name, resourceType(a), withDefault(a.description, a.default)])),
    shape("ActionEntry", "One row of the document: where it is, its text, its effective requirement, its deny rules and its non-member rule.", [
      ["path", "readonly string[]", undefined, true],
      ["row", "string", undefined, true],
      ["requires", "Requirement", undefined, true],
      ["denies", "readonly DenyEntry[]", "Rules that deny whatever the requirements say: those of the pages above, then the row's own. Omitted: none."],
      ["nonMembers", "Requirement", "What a principal who is not a user of the project needs. Omitted: non-members may not."],
    ]),
    shape("DenyEntry", "A deny rule: the action is denied when `when` holds or cannot be decided.", [
      ["when", "Condition", undefined, true],
      ["text", "string | null", "The document's words for the rule.", true],
    ]),
    shape("RoleEntry", "What a role grants directly, the roles whose grants it includes, and what it does not take from them.", [
      ["grants", "readonly PermissionName[]", undefined, true],
      ["includes", "readonly RoleName[]", undefined, true],
      ["except", "readonly PermissionName[]", "Permissions not taken from the included roles (its own grants still count). Omitted: none."],
    ]),
    shape("AttributeEntry", "A declared key of the request: its kind, an enum's values and the value an omitted one takes.", [
      ["kind", '"enum" | "flag" | "roleName" | "permissionList" | "user" | "users"', undefined, true],
      ["values", "readonly string[]", "An enum's declared values: another string makes every condition on it unknown."],
      ["default", "string | boolean", "The value an omitted attribute takes. Omitted: an omitted attribute is unknown."],
    ]),
    exportedConst("permissionNames", "Every declared permission, in the document's order.", "readonly PermissionName[]", list(system.permissions.map((p) => JSON.stringify(p.name)))),
    exportedConst(
      "permissionSpellings",
      "Every name a request may use for a permission (its name and the document's other spellings of it) and the permission it names.",
      "Readonly<Record<string, PermissionName>>",
      table(permissionSpellings(system).map(([spelling, p]) => [spelling, JSON.stringify(p.name)])),
    ),
    exportedConst("contextKeys", "Every declared context key.", "Readonly<Record<keyof Context, AttributeEntry>>", table(system.contextKeys.map((k) => [k.key, literalText({ kind: k.kind })]))),
    exportedConst("resourceAttributes", "Every declared resource attribute.", "Readonly<Record<keyof Resource, AttributeEntry>>", table(system.resourceAttributes.map((a) => [a.name, attributeEntry(a)]))),
    exportedConst(
      "principalAttributes",
      "Every declared attribute of the principal.",
      "Readonly<Record<PrincipalAttributeName, AttributeEntry>>",
      table(system.principalAttributes.map((a) => [a.name, attributeEntry(a)])),
    ),
    exportedConst(
      "roles",
      "Every role's own grants, includes and exceptions; `can` expands includes transitively.",
      "Readonly<Record<RoleName, RoleEntry>>",
      table(
        system.roles.map((r) => {
          const names = (ids: string[]) => ids.map((id) => permissions.get(id)?.name ?? id);
          const entry: Record<string, Literal> = { grants: names(r.grants), includes: r.includes.map((i) => roleName.get(i) ?? i) };
          if (r.except.length) entry.except = names(r.except);
          return [r.name, literalText(entry)];
        }),
      ),
    ),
    exportedConst(
      "actions",
      "Every action with its effective requirement (the pages' open requirements and the row's own, staff gates explicit), its deny rules and its non-member rule.",
      "Readonly<Record<ActionId, ActionEntry>>",
      (w) => {
      w.write("{").newLine();
      w.indent(() => {
        for (const action of system.actions) {
          w.writeLine(`// ${oneLine([...action.path, action.row].join(" > "))}${action.rowRequirement === null ? "" : ` | document: ${oneLine(action.rowRequirement)}`}`);
          if (action.note !== null) w.writeLine(`// reading: ${oneLine(action.note)}`);
          w.write(`${JSON.stringify(action.id)}: { path: ${literalText(action.path)}, row: ${JSON.stringify(action.row)}, requires: `);
          writeRequirement(w, requirementLiteral(action.effective, permissions));
          writeRules(w, action, permissions);
          w.write(" },").newLine();
        }
      });
      w.write("}");
      },
    ),
    canFunction,
    factsInterface,
    declaredPermissionsStatement,
    roleGrantCacheStatement,
    ...helperFunctions,
  ];
  const header: WriterFunction = (w) => {
    w.writeLine(`// Generated by policyc from the spec of ${oneLine(system.document)}: ${oneLine(system.title)}, typed.`);
    w.writeLine("// Do not edit: change the spec and run `policyc compile`. `can` decides as docs/semantics.md says.");
  };
  return [header, ...declarations.flatMap((d) => [blankLine, d])];
}

const blankLine: WriterFunction = (w) => w.blankLineIfLastNot();


/** The deny rules and the non-member rule of an action, each written only when the action has one. */
function writeRules(w: CodeBlockWriter, action: ActionIR, permissions: Map<string, PermissionIR>): void {
  if (action.denies.length) {
    w.write(", denies: [").newLine();
    w.indent(() => action.denies.forEach((rule) => w.writeLine(`${literalText({ when: conditionLiteral(rule.when), text: rule.text })},`)));
    w.write("]");
  }
  if (action.nonMembers) {
    w.write(", nonMembers: ");
    writeRequirement(w, requirementLiteral(action.nonMembers, permissions));
  }
}

/** An attribute's table entry: its kind, an enum's values, a declared default. */
function attributeEntry(attribute: ResourceAttributeIR | PrincipalAttributeIR): string {
  const entry: Record<string, Literal> = { kind: attribute.kind };
  if (attribute.kind === "enum") entry.values = attribute.values;
  if (attribute.default !== null) entry.default = attribute.default;
  return literalText(entry);
}

/** A declared attribute's description, saying what an omitted one reads as. */
function withDefault(description: string, value: string | boolean | null): string {
  return value === null ? description : `${description} Omitted: ${JSON.stringify(value)}.`;
}

const CONDITION_SHAPES = [
  '{ readonly kind: "contextFlag"; readonly key: string }',
  '{ readonly kind: "principalStaff" }',
  '{ readonly kind: "resourceIn"; readonly attribute: string; readonly values: readonly string[] }',
  '{ readonly kind: "resourceFlag"; readonly attribute: string; readonly value: boolean }',
  '{ readonly kind: "memberOfRole"; readonly attribute: string }',
  '{ readonly kind: "holdsAllListed"; readonly from: "context" | "resource"; readonly key: string }',
  '{ readonly kind: "principalFlag"; readonly attribute: string; readonly value: boolean }',
  '{ readonly kind: "principalIn"; readonly attribute: string; readonly values: readonly string[] }',
  '{ readonly kind: "relation"; readonly attribute: string }',
  '{ readonly kind: "not"; readonly condition: Condition }',
];

const REQUIREMENT_SHAPES = [
  "{ readonly kind: \"permission\"; readonly permission: PermissionName }",
  '{ readonly kind: "allOf"; readonly items: readonly Requirement[] }',
  '{ readonly kind: "anyOf"; readonly items: readonly Requirement[] }',
  '{ readonly kind: "anyUser" }',
  '{ readonly kind: "condition"; readonly condition: Condition }',
  '{ readonly kind: "onlyIf"; readonly condition: Condition; readonly then: Requirement }',
  '{ readonly kind: "never" }',
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
    case "users":
      return "readonly string[]";
    case "user":
      return "string";
  }
}

function principalType(attribute: PrincipalAttributeIR): string {
  if (attribute.kind === "flag") return "boolean";
  return attribute.values.length ? attribute.values.map((v) => JSON.stringify(v)).join(" | ") : "never";
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
