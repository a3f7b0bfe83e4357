import fs from "node:fs";
import path from "node:path";
import { loadSystems } from "../compile/load-systems.ts";
import { expectationFiles, readExpectationFile, type ExpectationFile } from "../expect/cases.ts";
import { formatJunit, formatText, summarise } from "../expect/report.ts";
import { caseError, coverageOf, runCases, type CaseResult, type Coverage } from "../expect/run.ts";
import { enginesFor, EXIT, parse, specOption, UsageError, type Command } from "./common.ts";

export const testCommand: Command = {
  name: "test",
  usage: `Usage: policyc test [<system>...] [--spec DIR] [--cases FILE]... [--engine all|NAME[,NAME]...]
                    [--json] [--junit FILE] [--strict] [--verbose]

Reads the expectation files beside the specs (DIR/<system>.expect.yaml, DIR/*.expect.yml) and any --cases FILE
(cases kept elsewhere), decides every case on every engine, and exits 1 when any engine disagrees with a case.
A file names its system with "system:" or by its name up to the first dot; it holds a list of cases, or "cases:":

  system: gitlab
  cases:
    - Guest cannot: View DORA metrics               # short form: ROLE can / cannot / can't: ACTION
    - Developer + Custom can: Issues: Create         # several roles joined by " + "; "nobody can" for none
    - name: A Guest sees their own confidential issue
      source: "Guest users can only view the confidential issues they created themselves"   # the document's words
      roles: [Guest]                                 # and/or permissions: [...], staff, projectUser
      principal: { id: ana }                         # the id (for relations) and principal attributes
      resource: { projectVisibility: private, author: ana }
      allow: Issues > View confidential issues       # or deny: ...

An action is named by its id, its row text, "Heading > row" or "Topic: row"; footnote markers, case and spacing
are forgiven, and a name that fits several actions is an error listing them. Requests that are probably mistakes
(unknown role, permission, key or enum value) are reported as warnings with a "did you mean"; --strict fails them.
Prints each failure with the request, every engine's decision and why the reference denied, then
"N passed, M failed" and a coverage report: actions no case decides, and the conditions of decided actions that
no case states. --json prints the same as data; --junit FILE also writes JUnit XML for CI.
Exit code 0 when every case passes, 1 when any fails, 2 for a usage or spec error or no cases at all.`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      ...specOption,
      cases: { type: "string", multiple: true, default: [] },
      engine: { type: "string", default: "all" },
      json: { type: "boolean", default: false },
      junit: { type: "string" },
      strict: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
    });
    const files = [...expectationFiles(values.spec!), ...(values.cases as string[])];
    if (files.length === 0) throw new UsageError(`no expectation files: none in ${values.spec} (*.expect.yaml) and no --cases FILE`);
    const wanted: string[] = positionals;
    const expectations = files.map((f) => readExpectationFile(f)).filter((f) => wanted.length === 0 || wanted.includes(f.system));
    if (expectations.length === 0) throw new UsageError(`no expectation file is about ${positionals.join(", ")}`);
    const systems = new Map((await loadSystems(values.spec!)).map((s) => [s.system.id, s.system]));
    const engines = await enginesFor(values.engine!);
    const bySystem = new Map<string, ExpectationFile[]>();
    for (const f of expectations) bySystem.set(f.system, [...(bySystem.get(f.system) ?? []), f]);

    const results: CaseResult[] = [];
    const coverage: Coverage[] = [];
    for (const [id, mine] of bySystem) {
      const system = systems.get(id);
      if (!system) {
        for (const f of mine) {
          results.push(unknownSystem(f, id, [...systems.keys()]));
        }
        continue;
      }
      const outcome = await runCases(system, mine.flatMap((f) => f.cases), mine.flatMap((f) => f.errors), engines, { strict: values.strict! });
      results.push(...outcome);
      coverage.push(coverageOf(system, outcome));
    }
    const notes = engines.length < 2 ? [`engines: only ${engines.map((e) => e.name).join(", ")} decided the cases`] : [];
    const report = summarise(results, coverage, Object.fromEntries(engines.map((e) => [e.name, e.version()])), notes);
    if (values.junit) {
      fs.mkdirSync(path.dirname(path.resolve(values.junit)), { recursive: true });
      fs.writeFileSync(values.junit, formatJunit(report));
    }
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else console.log(formatText(report, { verbose: values.verbose! }));
    return report.failed ? EXIT.denied : EXIT.ok;
  },
};

function unknownSystem(file: ExpectationFile, id: string, known: string[]): CaseResult {
  const message = `no system "${id}" in the spec directory (${known.join(", ") || "none"}); name it with "system:" at the top of the file`;
  return caseError(file.file, 1, id, `(cases of "${id}")`, message);
}
