import { loadSystems } from "../compile/load-systems.ts";
import { compareVersions, diffMarkdown, openSpecSource, SpecSourceError, type SpecSource } from "../diff/index.ts";
import { EXIT, parse, specOption, UsageError, type Command } from "./common.ts";

export const diffCommand: Command = {
  name: "diff",
  usage: `Usage: policyc diff <old> [<new>] [--spec DIR] [--json]

<old> and <new> are spec directories, git refs (the spec directory --spec, default spec/, at that ref)
or REF:PATH. <new> defaults to --spec in the working tree, so \`policyc diff main\` reviews a branch.

Per system: actions added and removed, and every action in both versions whose decisions differ,
marked more permissive, less permissive or both, with a request that flips. Decisions are those of
the reference evaluators of both versions over the union of both versions' fixtures for the action.
Prints Markdown for a pull-request comment; --json prints the report as JSON. Exit code 0 (2 when a
side cannot be read or a spec does not compile).`,
  async run(argv) {
    const { values, positionals } = parse(argv, { ...specOption, json: { type: "boolean", default: false } });
    if (positionals.length < 1 || positionals.length > 2) throw new UsageError("diff needs <old> and optionally <new>");
    const opened: SpecSource[] = [];
    try {
      const open = (arg: string) => {
        const source = openSpecSource(arg, values.spec!);
        opened.push(source);
        return source;
      };
      const before = open(positionals[0]!);
      const after = open(positionals[1] ?? values.spec!);
      const oldSystems = (await loadSystems(before.dir)).map((s) => s.system);
      const newSystems = (await loadSystems(after.dir)).map((s) => s.system);
      const report = compareVersions(before.label, oldSystems, after.label, newSystems);
      process.stdout.write(values.json ? JSON.stringify(report, null, 2) + "\n" : diffMarkdown(report));
      return EXIT.ok;
    } catch (error) {
      if (error instanceof SpecSourceError) throw new UsageError(error.message);
      throw error;
    } finally {
      for (const source of opened) source.dispose();
    }
  },
};
