// First: it sets how V8 compiles cedar-wasm, which the compile modules below load.
import "../targets/cedar/liftoff-only.ts";
import { compileSpecs, managedFolders, staleFiles, writeAtomically } from "../compile/compile.ts";
import { formatDiagnostic } from "../diagnostics/diagnostic.ts";
import { specFiles } from "../compile/load-specs.ts";
import { typecheckSpecs } from "../compile/typecheck-specs.ts";
import { SpecErrors } from "../ir/errors.ts";
import { EXIT, parse, specOption, type Command } from "./common.ts";

export const compileCommand: Command = {
  name: "compile",
  usage: `Usage: policyc compile [--spec DIR] [--out DIR] [--check] [--no-typecheck]

Compiles every system declared in DIR (default spec/) to DIR/../generated (default generated/):
the IR, decision fixtures and every target. Output is byte-stable; files are swapped in only when
everything compiled.

  --spec DIR   directory of spec files (*.ts with a default export from defineSystem)
  --out DIR    output directory (default generated)
  --check      write nothing; exit 1 and list the files when the output directory is stale
  --no-typecheck  skip type-checking the spec files first (a type error is a spec error, exit 2)`,
  async run(argv) {
    const { values } = parse(
      argv,
      { ...specOption, out: { type: "string", default: "generated" }, check: { type: "boolean", default: false }, "no-typecheck": { type: "boolean", default: false } },
      false,
    );
    const started = performance.now();
    // The type check (tsc, in its own process) and the compile run side by side; type errors are reported first,
    // since a spec that does not type-check may fail to compile for that very reason.
    const typeErrors = values["no-typecheck"] ? Promise.resolve([]) : typecheckSpecs(specFiles(values.spec!), values.spec!);
    const compiling = compileSpecs(values.spec!);
    compiling.catch(() => {});
    const typeErrorsFound = await typeErrors;
    if (typeErrorsFound.length) throw new SpecErrors(typeErrorsFound);
    const compilation = await compiling;
    // The targets' warnings (a system too large for Amazon Verified Permissions, ...) fail neither a compile nor --check.
    for (const warning of compilation.warnings) console.error(formatDiagnostic(warning));
    const managed = managedFolders();
    const stale = staleFiles(values.out!, compilation.files, managed);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (values.check) {
      if (stale.length) {
        console.error(`policyc compile --check: ${values.out} is stale (${stale.length} files differ); run \`policyc compile\`:`);
        for (const file of stale.slice(0, 50)) console.error(`  ${file}`);
        return EXIT.denied;
      }
      console.log(`compile --check: ${values.out} is up to date (${compilation.files.length} files, ${seconds}s)`);
      return EXIT.ok;
    }
    await writeAtomically(values.out!, compilation.files, managed);
    for (const { system, fixtures } of compilation.systems) {
      console.log(`compiled ${system.id}: ${system.permissions.length} permissions, ${system.roles.length} roles, ${system.actions.length} actions, ${fixtures.count} fixtures`);
    }
    console.log(`compile: ${compilation.files.length} files in ${values.out} (${stale.length} changed) in ${seconds}s`);
    return EXIT.ok;
  },
};
