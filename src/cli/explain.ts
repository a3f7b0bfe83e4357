import { describeRequirement, nameLookup } from "../ir/describe.ts";
import { ReferenceEvaluator } from "../eval/decide.ts";
import { EXIT, loadSystem, parse, specOption, UsageError, type Command } from "./common.ts";

export const explainCommand: Command = {
  name: "explain",
  usage: `Usage: policyc explain <system> <action-id> [--permission NAME]... [--role NAME]... [--staff] [--context KEY]... [--spec DIR]

Prints the action's place in the document, its effective requirement, the decision for a principal
holding the given permissions and roles, the parts that fail (naming the page whose open
requirement is responsible) and the smallest sets of permissions that would allow it.
--context KEY turns a boolean context flag on. Exit code 0 when allowed, 1 when denied.`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      ...specOption,
      permission: { type: "string", multiple: true, default: [] },
      role: { type: "string", multiple: true, default: [] },
      context: { type: "string", multiple: true, default: [] },
      staff: { type: "boolean", default: false },
    });
    const system = await loadSystem(values.spec!, positionals[0]);
    const evaluator = new ReferenceEvaluator(system);
    const action = positionals[1] ? evaluator.action(positionals[1]) : undefined;
    if (!action) throw new UsageError(`unknown action "${positionals[1] ?? ""}"; see \`policyc actions ${system.id}\``);
    const name = nameLookup(system.permissions);
    const context = Object.fromEntries((values.context as string[]).map((k) => [k, true]));
    const result = evaluator.decide({ action: action.id, principal: { permissions: values.permission, roles: values.role, staff: values.staff }, context });
    const lines = [
      `${action.id}: ${action.path.join(" > ")} | ${action.row}`,
      `  document: ${action.rowRequirement ?? "(no requirement cell)"}`,
      `  needs:    ${describeRequirement(action.effective, name)}`,
      action.note ? `  reading:  ${action.note}` : "",
      `  decision: ${result.decision.toUpperCase()}`,
      ...result.reasons.map((r) => `  failed:   ${r}`),
      result.missingOptions.length ? `  add${result.missingOptions.length > 1 ? " one of" : ""}:` : "",
      ...result.missingOptions.map((o) => `    - ${o.join(" + ")}`),
    ];
    console.log(lines.filter(Boolean).join("\n"));
    return result.decision === "allow" ? EXIT.ok : EXIT.denied;
  },
};
