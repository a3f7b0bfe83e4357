import type { SystemIR } from "../../ir/types.ts";
import { TargetError, type GeneratedFile, type Target } from "../target.ts";
import { exampleUser, staticEntities } from "./entities.ts";
import { formatCedar } from "./format.ts";
import { renderPolicies } from "./policies.ts";
import { render } from "./render.ts";
import { renderSchema } from "./schema.ts";
import { checkOutput, type CedarOutput } from "./validate.ts";
import { namespaceFor } from "./identifiers.ts";

const emitted = new WeakMap<SystemIR, CedarOutput>();

/**
 * The Cedar files of one system, formatted and checked by Cedar itself. Throws a TargetError with Cedar's
 * messages when the schema, the policies (strict validation) or the entities are rejected. Kept per IR object,
 * since `verify` emits and then opens the engine on the same system and Cedar's checks take seconds on a large one.
 */
export function emitCedar(system: SystemIR): CedarOutput {
  let output = emitted.get(system);
  if (!output) emitted.set(system, (output = checkedOutput(system)));
  return output;
}

function checkedOutput(system: SystemIR): CedarOutput {
  let problems: string[];
  let output: CedarOutput | undefined;
  try {
    const formatted = formatCedar(renderPolicies(system));
    if (!formatted.ok) problems = [`Cedar cannot format the generated policies: ${formatted.problem}`];
    else {
      output = { schema: renderSchema(system), policies: formatted.text, entities: [...staticEntities(system), exampleUser(system)] };
      problems = checkOutput(output);
    }
  } catch (error) {
    // cedar-wasm throws (rather than answering "failure") on input it cannot even take in.
    problems = [`cedar-wasm failed: ${error instanceof Error ? error.message : String(error)}`];
  }
  if (problems.length || !output) throw new TargetError("cedar", system.id, problems.join("\n"));
  return output;
}

/** AWS Cedar: schema, policies and static entities per system, validated in strict mode before they are written. */
export const cedarTarget: Target = {
  name: "cedar",
  emit(system): GeneratedFile[] {
    const output = emitCedar(system);
    const dir = system.id;
    return [
      { path: `${dir}/README.md`, content: render("README.md", { namespace: namespaceFor(system.id), title: system.title, document: system.document, id: system.id }) },
      { path: `${dir}/entities.json`, content: JSON.stringify(output.entities, null, 2) + "\n" },
      { path: `${dir}/policies.cedar`, content: output.policies },
      { path: `${dir}/schema.cedarschema`, content: output.schema },
    ];
  },
};
