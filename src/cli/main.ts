import { actionsCommand } from "./actions.ts";
import { bundleCommand } from "./bundle.ts";
import { EXIT, report, type Command } from "./common.ts";
import { compileCommand } from "./compile.ts";
import { decideCommand } from "./decide.ts";
import { diffCommand } from "./diff.ts";
import { entitiesCommand } from "./entities.ts";
import { explainCommand } from "./explain.ts";
import { initCommand } from "./init.ts";
import { lintCommand } from "./lint.ts";
import { serveCommand } from "./serve.ts";
import { testCommand } from "./test.ts";
import { verifyCommand } from "./verify.ts";

const commands: Command[] = [compileCommand, verifyCommand, actionsCommand, decideCommand, explainCommand, entitiesCommand, lintCommand, diffCommand, initCommand, testCommand, bundleCommand, serveCommand];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "policyc: compile a TypeScript permission model to OPA/Rego and Cedar, and prove they agree.",
    "",
    "Usage: policyc <command> [options]    (policyc <command> --help for details)",
    "",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Exit codes: 0 ok, 1 denied / disagreement / stale output, 2 usage or spec error.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`policyc: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    return report(error);
  }
}
