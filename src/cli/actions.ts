import { ReferenceEvaluator } from "../eval/decide.ts";
import { describeRequirement, nameLookup } from "../ir/describe.ts";
import type { SystemIR } from "../ir/types.ts";
import { EXIT, loadSystem, parse, specOption, type Command } from "./common.ts";

/** The machine-readable description of every action: what `policyc actions --json` prints. */
export function actionListing(system: SystemIR) {
  const name = nameLookup(system.permissions);
  const evaluator = new ReferenceEvaluator(system);
  // A role "grants" an action when a principal holding only that role is allowed it with no context or resource.
  const grantedBy = (id: string) => system.roles.filter((r) => evaluator.decide({ action: id, principal: { roles: [r.name] } }).decision === "allow").map((r) => r.name);
  return system.actions.map((a) => ({
    id: a.id,
    path: a.path,
    row: a.row,
    requires: describeRequirement(a.effective, name),
    own: describeRequirement(a.requires, name),
    documentText: a.rowRequirement,
    contextKeys: a.contextKeys,
    resourceAttributes: a.resourceAttributes,
    roles: grantedBy(a.id),
    note: a.note,
    source: `${a.source.file}:${a.source.line}`,
  }));
}

export const actionsCommand: Command = {
  name: "actions",
  usage: `Usage: policyc actions <system> [--json] [--spec DIR]

Lists every action: its id, the document's headings (path) and row text, and the effective requirement
(the pages' open requirements plus the row's own). --json prints an array of objects with
id, path, row, requires, own, documentText, contextKeys, resourceAttributes, roles (the roles that
alone allow the action), note, source.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { ...specOption, json: { type: "boolean", default: false } });
    const system = await loadSystem(values.spec!, positionals[0]);
    const listing = actionListing(system);
    if (values.json) {
      console.log(JSON.stringify(listing, null, 2));
      return EXIT.ok;
    }
    for (const a of listing) {
      console.log(`${a.id}\n  ${a.path.join(" > ")} | ${a.row}\n  needs: ${a.requires}${a.roles.length ? `\n  roles: ${a.roles.join(", ")}` : ""}`);
    }
    console.log(`${listing.length} actions`);
    return EXIT.ok;
  },
};
