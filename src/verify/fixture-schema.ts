import type { ErrorObject } from "ajv";
import { validate } from "./fixture-schema-validator.generated.ts";
import type { FixtureFile } from "./fixtures.ts";

/** JSON Schema of generated/fixtures/<system>.json: what other engines' harnesses can rely on. */
export const fixtureFileSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://policyc.dev/schema/fixtures.json",
  type: "object",
  additionalProperties: false,
  required: ["system", "count", "exhaustiveActions", "coveredActions", "fixtures"],
  properties: {
    system: { type: "string" },
    count: { type: "integer", minimum: 0 },
    exhaustiveActions: { type: "integer", minimum: 0 },
    coveredActions: { type: "integer", minimum: 0 },
    fixtures: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "action", "kind", "request", "expected"],
        properties: {
          id: { type: "string", minLength: 1 },
          action: { type: "string" },
          kind: { enum: ["exhaustive", "covering", "role", "alias", "request"] },
          // Request-shape fixtures are malformed on purpose, so any JSON value is allowed there.
          request: {},
          expected: { enum: ["allow", "deny"] },
        },
        if: { properties: { kind: { not: { const: "request" } } } },
        then: {
          properties: {
            request: {
              type: "object",
              required: ["action", "principal"],
              properties: {
                action: { type: "string" },
                principal: {
                  type: "object",
                  properties: {
                    permissions: { type: "array", items: { type: "string" } },
                    roles: { type: "array", items: { type: "string" } },
                    staff: { type: "boolean" },
                    projectUser: { type: "boolean" },
                  },
                },
                resource: { type: "object" },
                context: { type: "object" },
              },
            },
          },
        },
      },
    },
  },
} as const;

const validateFixtures: ((file: unknown) => boolean) & { errors?: ErrorObject[] | null } = validate;

/** Schema errors of a fixture file, as readable lines; empty when valid. The schema is compiled ahead of time (tools/schema-validators.ts). */
export function fixtureSchemaErrors(file: FixtureFile | unknown): string[] {
  if (validateFixtures(file)) return [];
  return (validateFixtures.errors ?? []).slice(0, 20).map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
}
