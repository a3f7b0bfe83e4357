import { SpecError, SpecErrors } from "../ir/errors.ts";
import { lowerSystem } from "../ir/lower.ts";
import { irSchemaErrors } from "../ir/schema.ts";
import type { SystemIR } from "../ir/types.ts";
import { validateSystem } from "../ir/validate.ts";
import type { AnySystemBuilder } from "../dsl/system-builder.ts";
import { unsatisfiableActions } from "../verify/space.ts";

/** DSL -> validated IR. Throws SpecErrors listing every problem with its spec position. */
export function buildSystem(builder: AnySystemBuilder): SystemIR {
  const errors: SpecError[] = [];
  let system: SystemIR;
  try {
    system = lowerSystem(builder, errors);
  } catch (error) {
    // A value of the wrong type that the lowering trips over (e.g. a title that is not a string): only a spec
    // that does not type-check gets here, and it deserves a spec error rather than a stack trace.
    const message = error instanceof Error ? error.message : String(error);
    throw new SpecErrors([...errors, new SpecError("schema-violation", `the spec does not match the DSL's types (${message}); \`policyc compile\` type-checks it and shows where`, builder.at)]);
  }
  errors.push(...validateSystem(system));
  if (errors.length === 0) {
    for (const action of unsatisfiableActions(system)) {
      errors.push(new SpecError("unsatisfiable-requirement", `action "${action.row}" (${action.id}) can never be allowed`, action.source));
    }
  }
  if (errors.length === 0) {
    const schema = irSchemaErrors(system);
    if (schema.length) errors.push(new SpecError("schema-violation", `the IR does not match its schema: ${schema.join("; ")}`, system.source));
  }
  if (errors.length) throw new SpecErrors(errors);
  return system;
}
