// Cedar through cedar-wasm (the Rust core compiled to WebAssembly), in process.
import { createHash } from "node:crypto";
import {
  getCedarVersion,
  preparsePolicySet,
  preparseSchema,
  statefulIsAuthorized,
  type ActionConstraint,
  type AuthorizationAnswer,
} from "@cedar-policy/cedar-wasm/nodejs";
import type { Decision } from "../../eval/decide.ts";
import type { SystemIR } from "../../ir/types.ts";
import { emitCedar } from "../../targets/cedar/index.ts";
import { entityUid } from "../../targets/cedar/entities.ts";
import { cedarMessages, policiesById, policyTexts, type ParsedPolicy } from "../../targets/cedar/validate.ts";
import { builderFor } from "../cedar-request.ts";
import { batchOf, type Engine } from "../engine.ts";

/** Allow only on a clean allow: Cedar skips a policy that errors, which could drop the project-user forbid. */
export function decisionOf(answer: AuthorizationAnswer): Decision {
  return answer.type === "success" && answer.response.decision === "allow" && answer.response.diagnostics.errors.length === 0 ? "allow" : "deny";
}

/** Preparsed state is cached by Cedar per id; content-addressed ids let systems and re-emits share it safely. */
function contentId(kind: string, text: string): string {
  return `policyc-${kind}-${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
}

/**
 * The policies whose scope admits each action, read from the scopes Cedar parsed (not from `@id`). Cedar
 * evaluates every policy of a set on every request, so a set of 200 permits costs a few times more per decision
 * than the two that can apply; a policy whose scope names another action is never satisfied, so deciding on
 * this part gives the same answer as deciding on the whole set.
 */
function policiesPerAction(system: SystemIR, policies: Map<string, ParsedPolicy>): Map<string, Record<string, string>> {
  const actionType = entityUid(system, "action", "").type;
  const admits = (scope: ActionConstraint, action: string): boolean => {
    if (scope.op !== "==") return true; // "All", or "in" an action group: kept, so the part never loses a policy.
    const uid = "entity" in scope ? ("__entity" in scope.entity ? scope.entity.__entity : scope.entity) : null;
    return !uid || (uid.type === actionType && uid.id === action);
  };
  const parts = new Map<string, Record<string, string>>();
  for (const action of system.actions) {
    parts.set(action.id, policyTexts([...policies].filter(([, p]) => admits(p.action, action.id))));
  }
  return parts;
}

/**
 * Cedar through cedar-wasm, in process. `open` emits the system's Cedar files in memory (formatted and
 * strictly validated, exactly as the target writes them) and preparses the schema and, per action, the
 * policies whose scope admits it; each decision builds the request's entities and is validated against the
 * schema. Malformed requests and unknown actions are denied without asking Cedar; a Cedar error denies.
 */
export const cedarWasmEngine: Engine = {
  name: "cedar-wasm",
  language: "cedar",
  unavailable: () => undefined,
  version: () => getCedarVersion(),
  async open(system) {
    const output = emitCedar(system);
    const policies = policiesById(output.policies);
    if (!policies.ok) throw new Error(`cedar: ${policies.problem}`);
    const schemaId = contentId("schema", output.schema);
    const setIds = new Map<string, string>();
    const preparsed = [preparseSchema(schemaId, output.schema)];
    for (const [action, part] of policiesPerAction(system, policies.value)) {
      const id = contentId("policies", JSON.stringify(part));
      setIds.set(action, id);
      preparsed.push(preparsePolicySet(id, { staticPolicies: part }));
    }
    for (const answer of preparsed) if (answer.type === "failure") throw new Error(`cedar: ${cedarMessages(answer.errors)}`);
    const builder = builderFor(system);
    let failure: string | null = null;
    const decide = (raw: unknown): Decision => {
      try {
        const built = builder.build(raw);
        if (!built.ok) return "deny";
        const preparsedPolicySetId = setIds.get(built.request.action.id)!;
        return decisionOf(statefulIsAuthorized({ ...built.request, preparsedSchemaName: schemaId, preparsedPolicySetId, validateRequest: true }));
      } catch (error) {
        failure ??= error instanceof Error ? error.message : String(error);
        return "deny";
      }
    };
    return {
      name: "cedar-wasm",
      decide,
      decideAll: batchOf(decide),
      policyFor: (actionId) => policies.value.get(actionId)?.text,
      get note() {
        const base = `cedar-wasm ${getCedarVersion()}: in process (preparsed schema and policies)`;
        return failure ? `${base}; cedar-wasm threw, those requests were denied: ${failure}` : base;
      },
    };
  },
};
