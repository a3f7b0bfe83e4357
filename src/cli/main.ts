import { EXIT, report, type Command } from "./common.ts";

/**
 * Every command, with the one line `policyc --help` shows. A command's module is imported only when it runs, so
 * `--help` and the light commands never load what the heavy ones need (cedar-wasm, ts-morph, typescript, tsx).
 */
const commands: Array<{ name: string; summary: string; load: () => Promise<Command> }> = [
  { name: "compile", summary: "compile every system in the spec directory into the output directory", load: async () => (await import("./compile.ts")).compileCommand },
  { name: "verify", summary: "cross-check every fixture on every engine: reference, cedar-wasm, cedar-go, opa, regorus, rego-embedded", load: async () => (await import("./verify.ts")).verifyCommand },
  { name: "actions", summary: "list every action of a system with its effective requirement", load: async () => (await import("./actions.ts")).actionsCommand },
  { name: "decide", summary: "decide requests with the reference evaluator and the engines", load: async () => (await import("./decide.ts")).decideCommand },
  { name: "explain", summary: "explain what an action needs, what a principal is missing and the smallest role that would allow", load: async () => (await import("./explain.ts")).explainCommand },
  { name: "entities", summary: "show the Cedar request and entities the Cedar engine builds for one request or an array of them", load: async () => (await import("./entities.ts")).entitiesCommand },
  { name: "lint", summary: "warn about unused and redundant declarations in the specs", load: async () => (await import("./lint.ts")).lintCommand },
  { name: "diff", summary: "compare the decisions of two versions of the specs (directories or git refs)", load: async () => (await import("./diff.ts")).diffCommand },
  { name: "init", summary: "scaffold a new system's spec file", load: async () => (await import("./init.ts")).initCommand },
  { name: "test", summary: "check the cases written from the document (*.expect.yaml) on every engine", load: async () => (await import("./test.ts")).testCommand },
  { name: "bundle", summary: "write a system's production OPA bundle (bundle.tar.gz), optionally signed", load: async () => (await import("./bundle.ts")).bundleCommand },
  { name: "serve", summary: "serve every system of a spec directory as an AuthZEN 1.0 policy decision point", load: async () => (await import("./serve.ts")).serveCommand },
];

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
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    console.error(`policyc: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    const command = await entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      console.log(command.usage);
      return EXIT.ok;
    }
    return await command.run(rest);
  } catch (error) {
    return report(error);
  }
}
