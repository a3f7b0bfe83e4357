// Cedar through cedar-wasm over a system's Cedar files as text: what the cedar-wasm engine opens on the files it
// emits in memory, and what the runtime opens on the files `policyc compile` wrote. Loads no target renderer.
import { createHash } from "node:crypto";
import { preparsePolicySet, preparseSchema, schemaToJson, statefulIsAuthorized, getCedarVersion, type ActionConstraint, type AuthorizationAnswer, type StatefulAuthorizationCall } from "@cedar-policy/cedar-wasm/nodejs";
import type { Decision } from "../../eval/decide.ts";
import type { SystemIR } from "../../ir/types.ts";
import { builderFor } from "../../runtime/cedar-request.ts";
import { entityUid } from "../../targets/cedar/entities.ts";
import { cedarMessages, policiesById, policyTexts, type ParsedPolicy } from "../../targets/cedar/parsed-policies.ts";
import { batchOf, type OpenEngine, type Verdict } from "../engine.ts";
import { observedBy, observedRequest, type Observation } from "./observed.ts";

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
function policiesPerAction(system: SystemIR, policies: Map<string, ParsedPolicy>): Map<string, Array<[string, ParsedPolicy]>> {
  const actionType = entityUid(system, "action", "").type;
  const admits = (scope: ActionConstraint, action: string): boolean => {
    if (scope.op !== "==") return true; // "All", or "in" an action group: kept, so the part never loses a policy.
    const uid = "entity" in scope ? ("__entity" in scope.entity ? scope.entity.__entity : scope.entity) : null;
    return !uid || (uid.type === actionType && uid.id === action);
  };
  const parts = new Map<string, Array<[string, ParsedPolicy]>>();
  for (const action of system.actions) parts.set(action.id, [...policies].filter(([, p]) => admits(p.action, action.id)));
  return parts;
}

/** How one action's requests are put to Cedar. */
interface ActionCall {
  /** The preparsed set of the policies whose scope admits the action. */
  setId: string;
  /** What those policies read of the entities; undefined when that cannot be told (see observedBy). */
  observation: Observation | undefined;
}

/** Whether any action of the schema is in an action group; true when the schema cannot be read, to be safe. */
function hasActionGroups(schema: string): boolean {
  const json = schemaToJson(schema);
  if (json.type === "failure") return true;
  return Object.values(json.json).some((namespace) => Object.values(namespace.actions ?? {}).some((action) => (action.memberOf ?? []).length > 0));
}

export type CedarCall = { ok: true; call: StatefulAuthorizationCall } | { ok: false; problem: string };

/**
 * A system's schema and, per action, the policies whose scope admits it, preparsed once; `callFor` turns a raw
 * request into the call Cedar decides it with. Where the action's policies say what they read of the entities,
 * the request carries only that (observedRequest) and is not validated against the schema: the request builder
 * only sends declared attributes and context keys, of their declared types (checkRequest), and the policies
 * fail closed without validation (test/cedar-fail-closed.test.ts); validation and the schema's entities cost
 * twice the rest of the decision. Other actions' requests are sent whole and validated. Malformed requests and
 * unknown actions have no call. Throws when the files do not parse.
 */
export function preparseCedar(system: SystemIR, files: { schema: string; policies: string }) {
  const policies = policiesById(files.policies);
  if (!policies.ok) throw new Error(`cedar: ${policies.problem}`);
  const schemaId = contentId("schema", files.schema);
  const calls = new Map<string, ActionCall>();
  const actionGroups = hasActionGroups(files.schema);
  const preparsed = [preparseSchema(schemaId, files.schema)];
  for (const [action, part] of policiesPerAction(system, policies.value)) {
    const texts = policyTexts(part);
    const setId = contentId("policies", JSON.stringify(texts));
    calls.set(action, { setId, observation: observedBy(part.map(([, p]) => p.json), { actionGroups }) });
    preparsed.push(preparsePolicySet(setId, { staticPolicies: texts }));
  }
  for (const answer of preparsed) if (answer.type === "failure") throw new Error(`cedar: ${cedarMessages(answer.errors)}`);
  const builder = builderFor(system);
  const callFor = (raw: unknown): CedarCall => {
    const built = builder.build(raw);
    if (!built.ok) return built;
    const { setId, observation } = calls.get(built.request.action.id)!;
    if (observation) return { ok: true, call: { ...observedRequest(built.request, observation), preparsedPolicySetId: setId } };
    return { ok: true, call: { ...built.request, preparsedSchemaName: schemaId, preparsedPolicySetId: setId, validateRequest: true } };
  };
  return { policies: policies.value, callFor };
}

/**
 * Open Cedar on a system's schema and policies (text as `policyc compile` writes them), each decision one
 * statefulIsAuthorized call on what preparseCedar prepared. A request without a call is denied without asking
 * Cedar; a Cedar error denies.
 */
export function openPreparsedCedar(system: SystemIR, files: { schema: string; policies: string }): OpenEngine {
  const { policies, callFor } = preparseCedar(system, files);
  let failure: string | null = null;
  const judge = (raw: unknown): Verdict => {
    try {
      const prepared = callFor(raw);
      if (!prepared.ok) return { decision: "deny", reasons: [prepared.problem] };
      return verdictOf(statefulIsAuthorized(prepared.call));
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
    policyFor: (actionId) => policies.get(actionId)?.text,
    get note() {
      const base = `cedar-wasm ${getCedarVersion()}: in process (preparsed schema and policies)`;
      return failure ? `${base}; cedar-wasm threw, those requests were denied: ${failure}` : base;
    },
  };
}
