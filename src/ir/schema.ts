import type { ErrorObject } from "ajv";
import { validate as matchesIrSchema } from "./schema-check.generated.ts";
import { validate } from "./schema-validator.generated.ts";
import { IR_VERSION } from "./types.ts";

const position = {
  type: "object",
  required: ["file", "line", "column"],
  additionalProperties: false,
  properties: { file: { type: "string" }, line: { type: "integer", minimum: 0 }, column: { type: "integer", minimum: 0 } },
};

const condition = {
  oneOf: [
    { type: "object", additionalProperties: false, required: ["kind", "key"], properties: { kind: { const: "contextFlag" }, key: { type: "string" } } },
    { type: "object", additionalProperties: false, required: ["kind"], properties: { kind: { const: "principalStaff" } } },
    {
      type: "object",
      additionalProperties: false,
      required: ["kind", "attribute", "values"],
      properties: { kind: { const: "resourceIn" }, attribute: { type: "string" }, values: { type: "array", minItems: 1, items: { type: "string" } } },
    },
    {
      type: "object",
      additionalProperties: false,
      required: ["kind", "attribute", "value"],
      properties: { kind: { const: "resourceFlag" }, attribute: { type: "string" }, value: { type: "boolean" } },
    },
    { type: "object", additionalProperties: false, required: ["kind", "attribute"], properties: { kind: { const: "memberOfRole" }, attribute: { type: "string" } } },
    {
      type: "object",
      additionalProperties: false,
      required: ["kind", "from", "key"],
      properties: { kind: { const: "holdsAllListed" }, from: { enum: ["context", "resource"] }, key: { type: "string" } },
    },
    {
      type: "object",
      additionalProperties: false,
      required: ["kind", "attribute", "value"],
      properties: { kind: { const: "principalFlag" }, attribute: { type: "string" }, value: { type: "boolean" } },
    },
    {
      type: "object",
      additionalProperties: false,
      required: ["kind", "attribute", "values"],
      properties: { kind: { const: "principalIn" }, attribute: { type: "string" }, values: { type: "array", minItems: 1, items: { type: "string" } } },
    },
    { type: "object", additionalProperties: false, required: ["kind", "attribute"], properties: { kind: { const: "relation" }, attribute: { type: "string" } } },
    {
      type: "object",
      additionalProperties: false,
      required: ["kind", "condition"],
      // A negation never negates a negation: the lowering writes the condition itself.
      properties: { kind: { const: "not" }, condition: { $ref: "#/$defs/positiveCondition" } },
    },
  ],
};

/** Every condition but a negation. */
const positiveCondition = { allOf: [{ $ref: "#/$defs/condition" }, { not: { type: "object", required: ["kind"], properties: { kind: { const: "not" } } } }] };

const requirement = {
  oneOf: [
    { type: "object", additionalProperties: false, required: ["kind", "permission"], properties: { kind: { const: "permission" }, permission: { type: "string" } } },
    {
      type: "object",
      additionalProperties: false,
      required: ["kind", "items"],
      properties: { kind: { enum: ["allOf", "anyOf"] }, items: { type: "array", items: { $ref: "#/$defs/requirement" } } },
    },
    { type: "object", additionalProperties: false, required: ["kind"], properties: { kind: { enum: ["anyUser", "never"] } } },
    { type: "object", additionalProperties: false, required: ["kind", "condition"], properties: { kind: { const: "condition" }, condition: { $ref: "#/$defs/condition" } } },
    {
      type: "object",
      additionalProperties: false,
      required: ["kind", "condition", "then"],
      properties: { kind: { const: "onlyIf" }, condition: { $ref: "#/$defs/condition" }, then: { $ref: "#/$defs/requirement" } },
    },
  ],
};

const strings = { type: "array", items: { type: "string" } };
const attributeDefault = { oneOf: [{ type: "string" }, { type: "boolean" }, { type: "null" }] };
const nullableString = { type: ["string", "null"] };

const authzenTarget = {
  oneOf: [
    { type: "object", additionalProperties: false, required: ["kind"], properties: { kind: { enum: ["roles", "permissions", "staff"] } } },
    { type: "object", additionalProperties: false, required: ["kind", "key"], properties: { kind: { const: "context" }, key: { type: "string" } } },
    { type: "object", additionalProperties: false, required: ["kind", "attribute"], properties: { kind: { const: "resource" }, attribute: { type: "string" } } },
    { type: "object", additionalProperties: false, required: ["kind", "attribute"], properties: { kind: { const: "principal" }, attribute: { type: "string" } } },
  ],
};

const authzenProperties = {
  type: "array",
  items: { type: "object", additionalProperties: false, required: ["property", "to"], properties: { property: { type: "string" }, to: authzenTarget } },
};

/** How AuthZEN requests map onto the system (optional: only systems that declare it have it). */
const authzen = {
  type: "object",
  additionalProperties: false,
  required: ["subjects", "resources", "actions", "context", "source"],
  properties: {
    subjects: {
      type: "array",
      items: { type: "object", additionalProperties: false, required: ["type", "properties"], properties: { type: { type: "string" }, properties: authzenProperties } },
    },
    resources: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["type", "properties", "matches", "listedOnly"],
        properties: {
          type: { type: "string" },
          listedOnly: { type: "boolean" },
          properties: authzenProperties,
          matches: {
            type: "array",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["attribute", "resourceProperty", "subjectAttribute"],
              properties: { attribute: { type: "string" }, resourceProperty: { type: "string" }, subjectAttribute: { type: "string" } },
            },
          },
        },
      },
    },
    actions: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "action", "resourceTypes", "properties"],
        properties: { name: { type: "string" }, action: { type: "string" }, resourceTypes: strings, properties: authzenProperties },
      },
    },
    context: authzenProperties,
    source: position,
  },
};

/** JSON Schema of the IR; every compiled system is checked against it before any target reads it. */
export const irSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://policyc.dev/schema/ir.json",
  type: "object",
  additionalProperties: false,
  required: ["irVersion", "id", "title", "document", "permissions", "roles", "contextKeys", "resourceAttributes", "principalAttributes", "pages", "actions", "source"],
  $defs: { position, condition, positiveCondition, requirement },
  properties: {
    irVersion: { const: IR_VERSION },
    id: { type: "string" },
    title: { type: "string" },
    document: { type: "string" },
    source: position,
    authzen,
    permissions: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "name", "description", "staffOnly", "internal", "since", "aliases", "note", "source"],
        properties: {
          id: { type: "string" },
          name: { type: "string", minLength: 1 },
          description: { type: "string" },
          staffOnly: { type: "boolean" },
          internal: { type: "boolean" },
          since: nullableString,
          aliases: { type: "array", items: { type: "string", minLength: 1 } },
          note: nullableString,
          source: position,
        },
      },
    },
    roles: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "name", "description", "grants", "includes", "except", "system", "internal", "source"],
        properties: {
          id: { type: "string" },
          name: { type: "string", minLength: 1 },
          description: { type: "string" },
          grants: strings,
          includes: strings,
          except: strings,
          system: { type: "boolean" },
          internal: { type: "boolean" },
          source: position,
        },
      },
    },
    contextKeys: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["key", "kind", "description", "source"],
        properties: { key: { type: "string" }, kind: { enum: ["flag", "permissionList"] }, description: { type: "string" }, source: position },
      },
    },
    resourceAttributes: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "kind", "values", "default", "description", "source"],
        properties: {
          name: { type: "string" },
          kind: { enum: ["enum", "flag", "roleName", "permissionList", "user", "users"] },
          values: strings,
          default: attributeDefault,
          description: { type: "string" },
          source: position,
        },
      },
    },
    principalAttributes: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "kind", "values", "default", "description", "source"],
        properties: {
          name: { type: "string" },
          kind: { enum: ["enum", "flag"] },
          values: strings,
          default: attributeDefault,
          description: { type: "string" },
          source: position,
        },
      },
    },
    pages: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "title", "parent", "open", "openText", "note", "source"],
        properties: {
          id: { type: "string" },
          title: { type: "string" },
          parent: nullableString,
          open: { oneOf: [{ type: "null" }, { $ref: "#/$defs/requirement" }] },
          openText: nullableString,
          note: nullableString,
          source: position,
        },
      },
    },
    actions: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: [
          "id",
          "path",
          "page",
          "row",
          "rowRequirement",
          "opensFrom",
          "requires",
          "effective",
          "contextKeys",
          "resourceAttributes",
          "principalAttributes",
          "denies",
          "nonMembers",
          "note",
          "source",
        ],
        properties: {
          id: { type: "string" },
          path: strings,
          page: { type: "string" },
          row: { type: "string" },
          rowRequirement: nullableString,
          opensFrom: strings,
          requires: { $ref: "#/$defs/requirement" },
          effective: { $ref: "#/$defs/requirement" },
          contextKeys: strings,
          resourceAttributes: strings,
          principalAttributes: strings,
          denies: {
            type: "array",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["when", "text", "page", "source"],
              properties: { when: { $ref: "#/$defs/condition" }, text: nullableString, page: nullableString, source: position },
            },
          },
          nonMembers: { oneOf: [{ type: "null" }, { $ref: "#/$defs/requirement" }] },
          note: nullableString,
          source: position,
        },
      },
    },
  },
} as const;

/** The schema compiled ahead of time by ajv (tools/schema-validators.ts), so no command pays for compiling it. */
const validateIr: ((ir: unknown) => boolean) & { errors?: ErrorObject[] | null } = validate;

/** Schema errors of an IR document, as readable lines; empty when valid. */
export function irSchemaErrors(ir: unknown): string[] {
  // The check that stops at the first error and picks oneOf branches by kind decides, at about a third of the cost;
  // only an IR it rejects is validated again to collect every error.
  if (matchesIrSchema(ir) || validateIr(ir)) return [];
  return (validateIr.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
}
