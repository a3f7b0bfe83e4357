import { StructureKind, VariableDeclarationKind, type FunctionDeclarationStructure, type InterfaceDeclarationStructure, type VariableStatementStructure } from "ts-morph";

// The decision procedure of the generated module: docs/semantics.md, self-contained (no imports), the same for
// every system. It reads the module's tables: `permissionSpellings`, `contextKeys`, `resourceAttributes`,
// `roles` and `actions`.

export const factsInterface: InterfaceDeclarationStructure = {
  kind: StructureKind.Interface,
  name: "Facts",
  docs: ["What a decision reads once the request is checked: the permission names held and the groups belonged to."],
  properties: [
    { name: "held", type: "ReadonlySet<string>", isReadonly: true },
    { name: "memberships", type: "ReadonlySet<string>", isReadonly: true },
    { name: "staff", type: "boolean", isReadonly: true },
    { name: "context", type: "Readonly<Record<string, unknown>>", isReadonly: true },
    { name: "resource", type: "Readonly<Record<string, unknown>>", isReadonly: true },
  ],
};

export const declaredPermissionsStatement: VariableStatementStructure = {
  kind: StructureKind.VariableStatement,
  declarationKind: VariableDeclarationKind.Const,
  docs: ["Names that grant something, each with the permission it names; any other name in a request grants nothing."],
  declarations: [{ name: "spellings", type: "ReadonlyMap<string, string>", initializer: "new Map<string, string>(Object.entries(permissionSpellings))" }],
};

export const canFunction: FunctionDeclarationStructure = {
  kind: StructureKind.Function,
  name: "can",
  isExported: true,
  docs: [
    [
      "Whether the principal may do the action: the reference evaluator's decision (docs/semantics.md).",
      "A malformed request, an unknown action or a principal who is not a user of the project is denied.",
      "An omitted context or resource is empty; undeclared keys are ignored.",
    ].join("\n"),
  ],
  parameters: [
    { name: "principal", type: "Principal" },
    { name: "action", type: "ActionId" },
    { name: "context", type: "Context", hasQuestionToken: true },
    { name: "resource", type: "Resource", hasQuestionToken: true },
  ],
  returnType: "boolean",
  statements: body([
    "// Callers may pass anything at run time; check the shape as every engine does. Only an absent key takes its default.",
    "const who: unknown = principal;",
    "const what: unknown = action;",
    "const given: unknown = context === undefined ? {} : context;",
    "const about: unknown = resource === undefined ? {} : resource;",
    "if (!isRecord(who) || typeof what !== \"string\" || !isRecord(given) || !isRecord(about)) return false;",
    "const permissions = who[\"permissions\"] === undefined ? [] : who[\"permissions\"];",
    "const roleNames = who[\"roles\"] === undefined ? [] : who[\"roles\"];",
    "const staff = who[\"staff\"] === undefined ? false : who[\"staff\"];",
    "const projectUser = who[\"projectUser\"] === undefined ? true : who[\"projectUser\"];",
    "if (!isStringList(permissions) || !isStringList(roleNames) || typeof staff !== \"boolean\" || typeof projectUser !== \"boolean\") return false;",
    "if (!declaredKeysWellTyped(given, contextKeys) || !declaredKeysWellTyped(about, resourceAttributes)) return false;",
    "if (!isKey(actions, what) || !projectUser) return false;",
    "const roleClosure = expandRoles(roleNames);",
    "const held = new Set<string>(roleClosure.grants);",
    "for (const name of permissions) {",
    "  const permission = spellings.get(name);",
    "  if (permission !== undefined) held.add(permission);",
    "}",
    "return holds(actions[what].requires, { held, memberships: roleClosure.memberships, staff, context: given, resource: about });",
  ]),
};

/** A function body as one statement block, so the printer keeps the lines exactly as written. */
function body(lines: string[]): string {
  return lines.join("\n");
}

const helper = (structure: Omit<FunctionDeclarationStructure, "kind">): FunctionDeclarationStructure => ({ kind: StructureKind.Function, ...structure });

export const helperFunctions: FunctionDeclarationStructure[] = [
  helper({
    name: "holds",
    parameters: [
      { name: "requirement", type: "Requirement" },
      { name: "facts", type: "Facts" },
    ],
    returnType: "boolean",
    statements: body([
      "switch (requirement.kind) {",
      "  case \"permission\":",
      "    return facts.held.has(requirement.permission);",
      "  case \"allOf\":",
      "    return requirement.items.every((item) => holds(item, facts));",
      "  case \"anyOf\":",
      "    return requirement.items.some((item) => holds(item, facts));",
      "  case \"anyUser\":",
      "    return true;",
      "  case \"condition\":",
      "    return conditionHolds(requirement.condition, facts);",
      "  case \"onlyIf\":",
      "    return !conditionHolds(requirement.condition, facts) || holds(requirement.then, facts);",
      "}",
    ]),
  }),
  helper({
    name: "conditionHolds",
    parameters: [
      { name: "condition", type: "Condition" },
      { name: "facts", type: "Facts" },
    ],
    returnType: "boolean",
    statements: body([
      "switch (condition.kind) {",
      "  case \"contextFlag\":",
      "    return facts.context[condition.key] === true;",
      "  case \"principalStaff\":",
      "    return facts.staff;",
      "  case \"resourceIn\": {",
      "    const value = facts.resource[condition.attribute];",
      "    return typeof value === \"string\" && condition.values.includes(value);",
      "  }",
      "  case \"resourceFlag\":",
      "    return facts.resource[condition.attribute] === condition.value;",
      "  case \"memberOfRole\": {",
      "    const group = facts.resource[condition.attribute];",
      "    return typeof group === \"string\" && facts.memberships.has(group);",
      "  }",
      "  case \"holdsAllListed\": {",
      "    // Omitted from the context: nothing is being granted. Omitted from the resource: unknown, so it fails.",
      "    const listed = condition.from === \"context\" ? (facts.context[condition.key] === undefined ? [] : facts.context[condition.key]) : facts.resource[condition.key];",
      "    return isStringList(listed) && listed.every((name) => {",
    "      const permission = spellings.get(name);",
    "      return permission !== undefined && facts.held.has(permission);",
    "    });",
      "  }",
      "}",
    ]),
  }),
  helper({
    name: "expandRoles",
    docs: ["The permissions granted by the roles, through includes, and every group the principal belongs to (given names, declared or not, and the roles they include)."],
    parameters: [{ name: "roleNames", type: "readonly string[]" }],
    returnType: "{ grants: Set<string>; memberships: Set<string> }",
    statements: body([
      "const grants = new Set<string>();",
      "const memberships = new Set<string>(roleNames);",
      "const seen = new Set<string>();",
      "const visit = (name: string): void => {",
      "  if (seen.has(name) || !isKey(roles, name)) return;",
      "  seen.add(name);",
      "  memberships.add(name);",
      "  const role: RoleEntry = roles[name];",
      "  for (const permission of role.grants) grants.add(permission);",
      "  for (const included of role.includes) visit(included);",
      "};",
      "for (const name of roleNames) visit(name);",
      "return { grants, memberships };",
    ]),
  }),
  helper({
    name: "declaredKeysWellTyped",
    docs: ["A declared key that is present must have its declared type (enums and group names are strings)."],
    parameters: [
      { name: "values", type: "Readonly<Record<string, unknown>>" },
      { name: "declared", type: "Readonly<Record<string, string>>" },
    ],
    returnType: "boolean",
    statements: body([
      "for (const [key, kind] of Object.entries(declared)) {",
      "  const value = values[key];",
      "  if (value === undefined) continue;",
      "  const fine = kind === \"flag\" ? typeof value === \"boolean\" : kind === \"permissionList\" ? isStringList(value) : typeof value === \"string\";",
      "  if (!fine) return false;",
      "}",
      "return true;",
    ]),
  }),
  helper({
    name: "isRecord",
    parameters: [{ name: "value", type: "unknown" }],
    returnType: "value is Readonly<Record<string, unknown>>",
    statements: body(["return typeof value === \"object\" && value !== null && !Array.isArray(value);"]),
  }),
  helper({
    name: "isStringList",
    parameters: [{ name: "value", type: "unknown" }],
    returnType: "value is readonly string[]",
    statements: body(["return Array.isArray(value) && value.every((item) => typeof item === \"string\");"]),
  }),
  helper({
    name: "isKey",
    typeParameters: [{ name: "K", constraint: "string" }],
    docs: ["An own key of a table: `toString` and other inherited names are not actions or roles."],
    parameters: [
      { name: "table", type: "Readonly<Record<K, unknown>>" },
      { name: "key", type: "string" },
    ],
    returnType: "key is K",
    statements: body(["return Object.prototype.hasOwnProperty.call(table, key);"]),
  }),
];
