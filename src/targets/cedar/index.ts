import { schemaToJson, type SchemaJson } from "@cedar-policy/cedar-wasm/nodejs";
import { actionConditions } from "../../ir/requirement.ts";
import type { SystemIR } from "../../ir/types.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { TargetError, type GeneratedFile, type Target } from "../target.ts";
import { quotasExceeded, type QuotaExceeded } from "./avp.ts";
import { exampleEntities, staticEntities, type CedarEntity } from "./entities.ts";
import { formatCedar } from "./format.ts";
import { renderHeader, renderPolicies } from "./policies.ts";
import { render } from "./render.ts";
import { explicitSchemaJson, renderSchema, schemaJson, schemaJsonText } from "./schema.ts";
import { cedarMessages, checkRendered, type CedarOutput, type Checked } from "./validate.ts";
import { namespaceFor } from "./identifiers.ts";
import { madeInWorker } from "../in-worker.ts";
import type { CedarSystem } from "./cedar-system.ts";

/** One policy as Amazon Verified Permissions stores it: alone in its file, named by its `@id`. */
export interface PolicyFile {
  id: string;
  /** The action the policy's scope names; null for a policy on every action. */
  action: string | null;
  effect: "permit" | "forbid";
  /** The formatted policy with its comments, ending in a line break. */
  text: string;
}

/** Everything the target writes for one system, checked by Cedar. */
export interface EmittedCedar extends CedarOutput {
  /** The schema in Cedar's JSON form (the form AVP imports), its `@doc` annotations kept. */
  schemaJson: string;
  /** Empty when the output is over Amazon Verified Permissions' quotas: they are then not written. */
  policyFiles: PolicyFile[];
  /** The entities of an example request (examples.json). */
  examples: CedarEntity[];
  /** Amazon Verified Permissions' quotas the output goes over: policies/ is then not written (see avpWarning). */
  overAvpQuotas: QuotaExceeded[];
}

const emitted = new WeakMap<SystemIR, EmittedCedar>();

/**
 * The Cedar files of one system, formatted and checked by Cedar itself. Throws a TargetError with Cedar's
 * messages when the schema, the policies (strict validation) or the entities are rejected. Kept per IR object,
 * since `verify` emits and then opens the engine on the same system and Cedar's checks take seconds on a large one.
 */
export function emitCedar(system: SystemIR): EmittedCedar {
  return emitted.get(system) ?? kept(system, cedarOutput(system));
}

/** What the Cedar target made of a system: its checked output, or the problems Cedar found. */
export interface CedarResult {
  output?: EmittedCedar;
  problems: string[];
}

/**
 * A system's Cedar result, made here (emitCedar) or answered by the targets' worker, kept per IR object (the Cedar
 * engines then open it), or its problems thrown.
 */
function kept(system: SystemIR, result: CedarResult): EmittedCedar {
  const output = outputOrThrow(system, result);
  emitted.set(system, output);
  return output;
}

function outputOrThrow(system: SystemIR, { output, problems }: CedarResult): EmittedCedar {
  if (problems.length || !output) throw new TargetError("cedar", system.id, problems.join("\n"));
  return output;
}

/** The Cedar files of one system and the problems Cedar finds in them; what a worker thread answers. */
export function cedarOutput(system: CedarSystem): CedarResult {
  let problems: string[];
  let output: EmittedCedar | undefined;
  try {
    const drafted = draftOutput(system);
    if (!drafted.ok) problems = [drafted.problem];
    else {
      const { schema, schemaJson, schemaJsonText, formatted, policyFiles, overAvpQuotas } = drafted.value;
      const header = renderHeader(system, overAvpQuotas.length === 0);
      output = {
        schema,
        schemaJson: schemaJsonText,
        policies: `${header}\n${formatted.join("\n\n")}\n`,
        policyFiles: overAvpQuotas.length ? [] : policyFiles,
        entities: staticEntities(system),
        examples: exampleEntities(system),
        overAvpQuotas,
      };
      const rendered = policyFiles.map((f, i) => ({ id: f.id, text: formatted[i]! }));
      problems = checkRendered(schemaJson, header, rendered, [...output.entities, ...output.examples]);
    }
  } catch (error) {
    // cedar-wasm throws (rather than answering "failure") on input it cannot even take in.
    problems = [`cedar-wasm failed: ${error instanceof Error ? error.message : String(error)}`];
  }
  return { output, problems };
}

/** The output before Cedar checks it: the schema and each policy formatted, and the AVP quotas they go over. */
interface DraftedOutput {
  schema: string;
  schemaJson: SchemaJson<string>;
  /** schemaJson as schema.cedarschema.json holds it. */
  schemaJsonText: string;
  /** Each policy as Cedar's formatter lays it out, in policyFiles' order (whose texts add a line break). */
  formatted: string[];
  policyFiles: PolicyFile[];
  overAvpQuotas: QuotaExceeded[];
}

/**
 * The policies rendered and formatted, the schema and its JSON form, measured against AVP's quotas: what both the
 * compile and `policyc lint` (avpQuotaWarnings) measure, so they warn alike. Cedar's checks are cedarOutput's.
 */
function draftOutput(system: CedarSystem): Checked<DraftedOutput> {
  const { policies } = renderPolicies(system);
  const formatted = formatCedar(policies.map((p) => p.text));
  const schema = renderSchema(system);
  const json = schemaJsonOf(system, schema);
  if (!formatted.ok) return { ok: false, problem: `Cedar cannot format the generated policies: ${formatted.problem}` };
  if (!json.ok) return json;
  const policyFiles = policies.map((p, i): PolicyFile => ({ id: p.id, action: p.action, effect: p.effect, text: formatted.policies[i]! + "\n" }));
  const jsonText = schemaJsonText(json.value);
  return {
    ok: true,
    value: { schema, schemaJson: json.value, schemaJsonText: jsonText, formatted: formatted.policies, policyFiles, overAvpQuotas: quotasExceeded(policyFiles, jsonText) },
  };
}

/**
 * The schema in Cedar's explicit JSON form: built from the IR (schemaJson), or, for a schema whose text may not
 * convert one to one, Cedar's conversion of the text, which names what it cannot read. Not yet checked by Cedar.
 */
function schemaJsonOf(system: CedarSystem, text: string): Checked<SchemaJson<string>> {
  const built = schemaJson(system);
  if (built) return { ok: true, value: built };
  const converted = schemaToJson(text);
  if (converted.type === "failure") return { ok: false, problem: `schema.cedarschema does not parse: ${cedarMessages(converted.errors)}` };
  return { ok: true, value: explicitSchemaJson(converted.json) };
}

/** Which constructs beyond permissions and plain conditions a system uses: its README explains only those. */
function constructsUsed(system: SystemIR) {
  const conditions = system.actions.flatMap((a) => actionConditions(a));
  const used = {
    never: system.actions.some((a) => a.effective.kind === "never"),
    denies: system.actions.some((a) => a.denies.length > 0),
    negation: conditions.some((c) => c.kind === "not"),
    defaults: [...system.resourceAttributes, ...system.principalAttributes].some((a) => a.default !== null),
    nonMembers: system.actions.some((a) => a.nonMembers !== null),
    principalAttributes: system.principalAttributes.length > 0,
    relations: system.resourceAttributes.some((a) => a.kind === "user" || a.kind === "users"),
    roleExceptions: system.roles.some((r) => r.except.length > 0),
  };
  return { ...used, any: Object.values(used).some(Boolean) };
}

/** Each policy alone in policies/<@id>.cedar, and the manifest, for Amazon Verified Permissions (one create-policy call each). */
function avpPolicyFiles(dir: string, files: PolicyFile[]): GeneratedFile[] {
  return [...files.map((f) => ({ path: `${dir}/policies/${f.id}.cedar`, content: f.text })), { path: `${dir}/policies/manifest.json`, content: policyManifest(files) }];
}

/** The manifest beside the per-policy files: each `@id`, its file, its effect and the action it is for ("*": every action). */
function policyManifest(files: PolicyFile[]): string {
  const entries = files.map((f) => ({ id: f.id, file: `${f.id}.cedar`, effect: f.effect, action: f.action ?? "*", bytes: Buffer.byteLength(f.text) }));
  return JSON.stringify({ policies: entries }, null, 2) + "\n";
}

/**
 * AWS Cedar: schema (text and JSON), policies (one file, and one file each for Amazon Verified Permissions when it
 * can hold them) and static entities per system, validated in strict mode before they are written.
 */
export const cedarTarget: Target = {
  name: "cedar",
  emit(system, context) {
    const files = (output: EmittedCedar) => {
      if (output.overAvpQuotas.length) context.warn?.(avpWarning(system, output.overAvpQuotas));
      return cedarFiles(system, output);
    };
    // A large system's Cedar output is made in the targets' worker thread (src/targets/in-worker.ts).
    const answer = madeInWorker(system, "cedar");
    return answer ? answer.then((result) => files(kept(system, result))) : files(emitCedar(system));
  },
};

/**
 * The compile's warning for a system whose Cedar output Amazon Verified Permissions cannot hold, for `policyc lint`:
 * the policies rendered and formatted and the schema's JSON form measured as the compile measures them, without
 * Cedar's validation (the compile's business).
 */
export function avpQuotaWarnings(system: SystemIR): Diagnostic[] {
  const drafted = draftOutput(system);
  // Output Cedar cannot format or read is the compile's error to report, with Cedar's messages.
  return drafted.ok && drafted.value.overAvpQuotas.length ? [avpWarning(system, drafted.value.overAvpQuotas)] : [];
}

const bytes = new Intl.NumberFormat("en-US");

/** The warning for a system Amazon Verified Permissions cannot hold, at the system's declaration. */
function avpWarning(system: SystemIR, exceeded: QuotaExceeded[]): Diagnostic {
  const over = exceeded.map((q) => `${q.what} ${bytes.format(q.bytes)} bytes (limit ${bytes.format(q.limit)})`).join("; ");
  return {
    code: "avp-quota-exceeded",
    severity: "warning",
    message:
      `the Cedar output of system ${system.id} is over Amazon Verified Permissions' quotas: ${over}. ` +
      `cedar/${system.id}/policies/ (one file per policy, for AVP) is not written; policies.cedar and the schema are, for cedar-wasm or any other Cedar`,
    at: system.source,
  };
}

function cedarFiles(system: SystemIR, output: EmittedCedar): GeneratedFile[] {
  const dir = system.id;
  return [
    {
      path: `${dir}/README.md`,
      content: render("README.md", {
        namespace: namespaceFor(system.id),
        title: system.title,
        document: system.document,
        id: system.id,
        constructs: constructsUsed(system),
        perPolicyFiles: output.overAvpQuotas.length === 0,
      }),
    },
    { path: `${dir}/entities.json`, content: JSON.stringify(output.entities, null, 2) + "\n" },
    { path: `${dir}/examples.json`, content: JSON.stringify(output.examples, null, 2) + "\n" },
    { path: `${dir}/policies.cedar`, content: output.policies },
    ...(output.overAvpQuotas.length ? [] : avpPolicyFiles(dir, output.policyFiles)),
    { path: `${dir}/schema.cedarschema`, content: output.schema },
    { path: `${dir}/schema.cedarschema.json`, content: output.schemaJson },
  ];
}
