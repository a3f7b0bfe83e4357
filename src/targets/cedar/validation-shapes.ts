// Policies that Cedar's strict validation cannot tell apart, so one of them is validated for all. The validator
// types a policy against the request environments of its actions; the id inside an entity literal such as
// `Ns::Permission::"View orders"` only matters for actions and for enumerated entity types, and annotations,
// comments and the action's own id (rather than its declaration) not at all. The permits of a system mostly
// differ only there: maestra's 229 permits have 40 shapes, the 1,000 of a synthetic system (bench/) 16.
import type { SchemaJson } from "@cedar-policy/cedar-wasm/nodejs";

/** A whole line of comment: Cedar has no other kind of comment that could hide code. */
const COMMENT_LINE = /^\s*\/\/.*$/gm;

/**
 * One token of the policy that normalisation reads: an annotation's value, an entity literal, or any other string
 * literal, left to right, so an entity literal is never matched inside a string. Values and ids with a backslash
 * are not normalised (each keeps its escapes, which Cedar must still parse).
 */
const TOKEN = /(@[A-Za-z_]\w*\(\s*)"([^"\\]*)"|((?:[A-Za-z_]\w*::)+)"([^"\\]*)"|"(?:[^"\\]|\\.)*"/g;

/**
 * The shape of a policy scoped to its one action `soleAction`: the policy's text without comments, with every
 * annotation value and every entity id blanked (those of enumerated types kept), and the action's declaration
 * (what it applies to and the groups it is in). Two policies of one shape get the same verdict from strict
 * validation against their narrowed schemas. Undefined when the text is not one this can read safely (a comment
 * after code on a line), so the policy is validated on its own.
 */
export function policyShape(schema: SchemaJson<string>, policy: { text: string; soleAction: string }): string | undefined {
  const [namespace, definition] = Object.entries(schema)[0]!;
  const declaration = definition.actions[policy.soleAction];
  if (!declaration) return undefined;
  const enumerated = new Set(Object.entries(definition.entityTypes).flatMap(([name, type]) => ("enum" in type && type.enum ? [name, `${namespace}::${name}`] : [])));
  const code = policy.text.replace(COMMENT_LINE, "");
  const normalised = code.replace(TOKEN, (token, annotation?: string, _value?: string, typePath?: string) => {
    if (annotation !== undefined) return `${annotation}""`;
    if (typePath !== undefined) {
      const type = typePath.slice(0, -2);
      return enumerated.has(type) || enumerated.has(type.split("::").pop()!) ? token : `${typePath}""`;
    }
    return token;
  });
  if (normalised.replace(/"(?:[^"\\]|\\.)*"/g, '""').includes("//")) return undefined;
  return `${JSON.stringify({ appliesTo: declaration.appliesTo, memberOf: declaration.memberOf })}\n${normalised}`;
}
