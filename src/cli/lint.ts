import { loadSystems } from "../compile/load-systems.ts";
import { formatDiagnostic, specWarnings } from "../diagnostics/index.ts";
import { avpQuotaWarnings } from "../targets/cedar/index.ts";
import { EXIT, parse, specOption, type Command } from "./common.ts";

export const lintCommand: Command = {
  name: "lint",
  usage: `Usage: policyc lint [--spec DIR] [--json]

Compiles every spec in DIR (default spec/) and prints warnings at the spec line responsible:
  unused-permission          a permission no action, page or role uses
  redundant-permission       a permission a page above already needs to open, asked for again
  unused-context-key         a declared context key no action reads
  unused-resource-attribute  a declared resource attribute no action reads
  avp-quota-exceeded         the system's Cedar output is over Amazon Verified Permissions' quotas
Lines read file:line:col: warning: message [code]. --json prints an array of
{code, severity, message, at: {file, line, column}}. Warnings never fail: exit code 0 (2 on a spec error).`,
  async run(argv) {
    const { values } = parse(argv, { ...specOption, json: { type: "boolean", default: false } }, false);
    const systems = await loadSystems(values.spec!);
    const warnings = systems.flatMap(({ system, specFile }) => [...specWarnings(specFile, system), ...avpQuotaWarnings(system)]);
    if (values.json) {
      console.log(JSON.stringify(warnings, null, 2));
      return EXIT.ok;
    }
    for (const warning of warnings) console.log(formatDiagnostic(warning));
    console.log(`lint: ${warnings.length} warning${warnings.length === 1 ? "" : "s"} in ${systems.length} system${systems.length === 1 ? "" : "s"}`);
    return EXIT.ok;
  },
};
