import { describeCondition, describeRequirement, nameLookup } from "../ir/describe.ts";
import { negation } from "../ir/requirement.ts";
import { conditionHolds, type Situation } from "../eval/conditions.ts";
import { ReferenceEvaluator } from "../eval/decide.ts";
import { checkRequest } from "../eval/request.ts";
import { requestWarnings } from "../eval/request-warnings.ts";
import { ActionResolver } from "../eval/action-names.ts";
import type { ActionIR, DenyIR, SystemIR } from "../ir/types.ts";
import { EXIT, loadSystem, parse, specOption, UsageError, type Command } from "./common.ts";

export const explainCommand: Command = {
  name: "explain",
  usage: `Usage: policyc explain <system> <action> [--permission NAME]... [--role NAME]... [--staff]
                       [--principal KEY=VALUE]... [--context KEY[=VALUE]]... [--resource KEY=VALUE]...
                       [--strict] [--spec DIR]

<action> is the action's id, its row text, "Heading > row" or "Topic: row" (as in policyc test).
Prints the action's place in the document, its effective requirement, its deny rules and what a non-member
needs, the decision for a principal holding the given permissions and roles in the given context and resource,
the parts that fail (naming the page whose open requirement is responsible, or the deny rule that denies and
why), the smallest sets of permissions that would allow it, and the smallest declared role (the one granting
fewest permissions) that, added, would allow it.
--context KEY turns a flag on; KEY=VALUE gives any value: true/false for flags, a comma-separated list for
permission lists, text for enums and role names (--resource likewise). --principal KEY=VALUE sets the
principal's id (id=alice, which relations compare with the resource's users), projectUser=false (a
non-member) or a declared principal attribute (true/false for flags, text for enums). Names that are probably mistakes
(unknown role, permission, key, enum value) get a warning with a "did you mean"; --strict makes them an error.
Exit code 0 when allowed, 1 when denied, 2 for a usage error.`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      ...specOption,
      permission: { type: "string", multiple: true, default: [] },
      role: { type: "string", multiple: true, default: [] },
      context: { type: "string", multiple: true, default: [] },
      resource: { type: "string", multiple: true, default: [] },
      principal: { type: "string", multiple: true, default: [] },
      staff: { type: "boolean", default: false },
      strict: { type: "boolean", default: false },
    });
    const system = await loadSystem(values.spec!, positionals[0]);
    const evaluator = new ReferenceEvaluator(system);
    if (!positionals[1]) throw new UsageError(`name an action; see \`policyc actions ${system.id}\``);
    const resolved = new ActionResolver(system).resolve(positionals[1]);
    if (!resolved.ok) throw new UsageError(`${resolved.message} (\`policyc actions ${system.id}\` lists them)`);
    const action = resolved.action;
    const name = nameLookup(system.permissions);
    const principal = { ...keyValues(system, "principal", values.principal as string[]), permissions: values.permission as string[], roles: values.role as string[], staff: values.staff! };
    const request = {
      action: action.id,
      principal,
      context: keyValues(system, "context", values.context as string[]),
      resource: keyValues(system, "resource", values.resource as string[]),
    };
    const warnings = requestWarnings(system, request);
    if (values.strict && warnings.length) throw new UsageError(warnings.map((w) => `${w.path}: ${w.message}`).join("\n  "));
    for (const w of warnings) console.error(`policyc: warning: ${w.path}: ${w.message}`);
    const result = evaluator.decide(request);
    const role = result.decision === "deny" ? smallestRole(system, evaluator, request) : undefined;
    const denying = denyingRules(system, evaluator, action, request);
    const lines = [
      `${action.id}: ${action.path.join(" > ")} | ${action.row}`,
      `  document: ${action.rowRequirement ?? "(no requirement cell)"}`,
      `  needs:    ${describeRequirement(action.effective, name)}`,
      ...action.denies.map((rule) => `  deny rule: ${ruleText(system, rule)}: denies when its condition holds or is not known`),
      action.nonMembers ? `  non-members need: ${describeRequirement(action.nonMembers, name)}` : "",
      action.note ? `  reading:  ${action.note}` : "",
      `  decision: ${result.decision.toUpperCase()}`,
      // A deny rule says which rule and whether its condition holds or cannot be decided; other denials say what fails.
      ...(denying.length ? denying.map((d) => `  failed:   ${d}`) : result.reasons.map((r) => `  failed:   ${r}`)),
      result.missingOptions.length ? `  add${result.missingOptions.length > 1 ? " one of" : ""}:` : "",
      ...result.missingOptions.map((o) => `    - ${o.join(" + ")}`),
      role ? `  smallest role that allows: ${role.name}${role.others.length ? ` (also: ${role.others.join(", ")})` : ""}` : "",
      result.decision === "deny" && system.roles.length && !role ? "  no role alone allows it in this context and resource" : "",
    ];
    console.log(lines.filter(Boolean).join("\n"));
    return result.decision === "allow" ? EXIT.ok : EXIT.denied;
  },
};

/**
 * The declared role that grants the fewest permissions (through includes) and, added to the principal, allows the
 * request; the other roles that would, smallest first. A role-shaped document's "minimum role".
 */
export function smallestRole(
  system: SystemIR,
  evaluator: ReferenceEvaluator,
  request: { principal: { roles: string[] } } & Record<string, unknown>,
): { name: string; others: string[] } | undefined {
  const size = (role: string) => evaluator.index.roleGrants.get(role)?.size ?? 0;
  const allowing = system.roles
    .map((r) => r.name)
    .filter((role) => evaluator.decision({ ...request, principal: { ...request.principal, roles: [...request.principal.roles, role] } }) === "allow")
    .sort((a, b) => size(a) - size(b));
  return allowing.length ? { name: allowing[0]!, others: allowing.slice(1) } : undefined;
}

/** A deny rule for a person: the document's words (or its condition), its condition, and the page that declares it. */
function ruleText(system: SystemIR, rule: DenyIR): string {
  const condition = describeCondition(rule.when);
  const from = rule.page === null ? [] : [`from "${system.pages.find((p) => p.id === rule.page)?.title ?? rule.page}"`];
  return rule.text === null ? `"${condition}"${from.length ? ` (${from[0]})` : ""}` : `"${rule.text}" (${[condition, ...from].join(", ")})`;
}

/** The action's deny rules that deny the request, each saying whether its condition holds or cannot be decided. */
function denyingRules(system: SystemIR, evaluator: ReferenceEvaluator, action: ActionIR, request: unknown): string[] {
  const checked = checkRequest(system, request);
  if (!checked.ok) return [];
  const s: Situation = {
    request: checked.request,
    held: evaluator.index.heldPermissions(checked.request.permissions, checked.request.roles),
    memberships: evaluator.index.memberships(checked.request.roles),
  };
  return action.denies
    .filter((rule) => !conditionHolds(negation(rule.when), s, evaluator.index))
    .map((rule) => {
      const why = conditionHolds(rule.when, s, evaluator.index)
        ? "its condition holds"
        : "its condition is not known (the request omits what it reads, or gives a value the spec does not declare)";
      return `the deny rule ${ruleText(system, rule)}: ${why}`;
    });
}

/** `KEY` or `KEY=VALUE` flags as a principal, context or resource object, typed by what the system declares for the key. */
function keyValues(system: SystemIR, where: "principal" | "context" | "resource", pairs: string[]): Record<string, unknown> {
  const declared: Array<[string, string]> =
    where === "context"
      ? system.contextKeys.map((k) => [k.key, k.kind])
      : where === "resource"
        ? system.resourceAttributes.map((a) => [a.name, a.kind])
        : [["id", "user"], ["projectUser", "flag"], ...system.principalAttributes.map((a): [string, string] => [a.name, a.kind])];
  const kinds = new Map<string, string>(declared);
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const key = at < 0 ? pair : pair.slice(0, at);
    const text = at < 0 ? undefined : pair.slice(at + 1);
    if (key === "") throw new UsageError(`--${where} "${pair}": the key is empty; write KEY=VALUE`);
    const kind = kinds.get(key);
    if (text === undefined) {
      if (where !== "context" && kind !== "flag") throw new UsageError(`--${where} ${key}: give a value, KEY=VALUE`);
      out[key] = true;
    } else if (kind === "permissionList" || kind === "users") out[key] = text === "" ? [] : text.split(",").map((s) => s.trim());
    else if (kind === "flag" || ((text === "true" || text === "false") && kind === undefined)) {
      if (text !== "true" && text !== "false") throw new UsageError(`--${where} ${key}: a flag is true or false, not "${text}"`);
      out[key] = text === "true";
    } else out[key] = text;
  }
  return out;
}
