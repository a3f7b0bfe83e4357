// Cedar through cedar-wasm over a system's Cedar files as text: what the cedar-wasm engine opens on the files it
// emits in memory, and what the runtime opens on the files `policyc compile` wrote. Loads no target renderer.
import { createHash } from "node:crypto";
import { preparsePolicySet, preparseSchema, statefulIsAuthorized, getCedarVersion, type ActionConstraint, type AuthorizationAnswer } from "@cedar-policy/cedar-wasm/nodejs";
import type { Decision } from "../../eval/decide.ts";
import type { SystemIR } from "../../ir/types.ts";
import { builderFor } from "../../runtime/cedar-request.ts";
import { entityUid } from "../../targets/cedar/entities.ts";
import { cedarMessages, policiesById, policyTexts, type ParsedPolicy } from "../../targets/cedar/parsed-policies.ts";
import { batchOf, type OpenEngine, type Verdict } from "../engine.ts";

/** Allow only on a clean allow: Cedar skips a policy that errors, which could drop the project-user forbid. */
export function decisionOf(answer: AuthorizationAnswer): Decision {
  return answer.type === "success" && answer.response.decision === "allow" && answer.response.diagnostics.errors.length === 0 ? "allow" : "deny";
}

/** The decision and why: the policies that decided it, Cedar's errors, or that no policy permits. */
function verdictOf(answer: AuthorizationAnswer): Verdict {
  if (answer.type === "failure") return { decision: "deny", reasons: [`cedar failed: ${cedarMessages(answer.errors)}`] };
  const { decision, diagnostics } = answer.response;
  const errors = diagnostics.errors.map((e) => `policy ${e.policyId} errored: ${e.error.message}`);
  if (decision === "allow" && errors.length === 0) return { decision: "allow", reasons: diagnostics.reason.map((id) => `permitted by policy ${id}`) };
  if (errors.length) return { decision: "deny", reasons: errors };
  const forbids = diagnostics.reason.map((id) => `forbidden by policy ${id}`);
  return { decision: "deny", reasons: forbids.length ? forbids : ["no policy permits the request"] };
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
 * Open Cedar on a system's schema and policies (text as `policyc compile` writes them): the schema and, per
 * action, the policies whose scope admits it are preparsed once; each decision builds the request's entities
 * and is validated against the schema. Malformed requests and unknown actions are denied without asking Cedar;
 * a Cedar error denies. Throws when the files do not parse.
 */
export function openPreparsedCedar(system: SystemIR, files: { schema: string; policies: string }): OpenEngine {
  const policies = policiesById(files.policies);
  if (!policies.ok) throw new Error(`cedar: ${policies.problem}`);
  const schemaId = contentId("schema", files.schema);
  const setIds = new Map<string, string>();
  const preparsed = [preparseSchema(schemaId, files.schema)];
  for (const [action, part] of policiesPerAction(system, policies.value)) {
    const id = contentId("policies", JSON.stringify(part));
    setIds.set(action, id);
    preparsed.push(preparsePolicySet(id, { staticPolicies: part }));
  }
  for (const answer of preparsed) if (answer.type === "failure") throw new Error(`cedar: ${cedarMessages(answer.errors)}`);
  const builder = builderFor(system);
  let failure: string | null = null;
  const judge = (raw: unknown): Verdict => {
    try {
      const built = builder.build(raw);
      if (!built.ok) return { decision: "deny", reasons: [built.problem] };
      const preparsedPolicySetId = setIds.get(built.request.action.id)!;
      return verdictOf(statefulIsAuthorized({ ...built.request, preparsedSchemaName: schemaId, preparsedPolicySetId, validateRequest: true }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failure ??= message;
      return { decision: "deny", reasons: [`cedar-wasm threw: ${message}`] };
    }
  };
  const decide = (raw: unknown): Decision => judge(raw).decision;
  return {
    name: "cedar-wasm",
    decide,
    judge,
    decideAll: batchOf(decide),
    policyFor: (actionId) => policies.value.get(actionId)?.text,
    get note() {
      const base = `cedar-wasm ${getCedarVersion()}: in process (preparsed schema and policies)`;
      return failure ? `${base}; cedar-wasm threw, those requests were denied: ${failure}` : base;
    },
  };
}
