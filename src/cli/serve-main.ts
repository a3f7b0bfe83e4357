// `policyc serve` alone: the same command as main.ts runs, without loading the other commands (the compiler, its
// type checker and the targets), so a PDP starts in a fraction of the time and memory.
import { EXIT, report } from "./common.ts";
import { serveCommand } from "./serve.ts";

export async function main(argv: string[]): Promise<number> {
  const rest = argv.slice(1);
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(serveCommand.usage);
    return EXIT.ok;
  }
  try {
    return await serveCommand.run(rest);
  } catch (error) {
    return report(error);
  }
}
