// `policyc compile` as a user runs it: the built package (dist/, as `npm pack` ships it) compiling a spec file of a
// synthetic system, the spec's type check in its own process beside it, written to a fresh output directory. Unlike
// bench/compile-size.ts, which times the compile's stages from the sources in one process, this is the whole
// command, start-up and all.
// Usage: node --import tsx bench/installed-compile.ts <actions> [runs]
// Prints one JSON line: actions, each run's wall seconds and the seconds the command reported (before its write).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const actions = Number(process.argv[2] ?? "10000");
const runs = Number(process.argv[3] ?? "3");

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-installed-"));
try {
  // The package as `npm pack` lays it out (package.json's "files"), built by the build's own tsconfig; its
  // dependencies are the ones installed here, so no registry is asked.
  const pkg = path.join(scratch, "node_modules", "policyc");
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json"), "--outDir", path.join(pkg, "dist")], { stdio: "inherit" });
  for (const entry of ["bin", "templates", "package.json"]) fs.cpSync(path.join(ROOT, entry), path.join(pkg, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(pkg, "node_modules"), "dir");

  // The synthetic system as a user's spec: bench/synthetic.ts importing the DSL from the package, kept outside the
  // spec folder (every module there is a spec), and one spec file that declares the system.
  const synthetic = fs.readFileSync(path.join(ROOT, "bench/synthetic.ts"), "utf8").replace('"../src/dsl/system-builder.ts"', '"policyc"');
  if (!synthetic.includes('from "policyc"')) throw new Error("bench/synthetic.ts no longer imports the DSL from ../src/dsl/system-builder.ts");
  fs.writeFileSync(path.join(scratch, "synthetic.ts"), synthetic);
  fs.mkdirSync(path.join(scratch, "spec"));
  fs.writeFileSync(path.join(scratch, "spec", "synthetic.ts"), `import { syntheticSystem } from "../synthetic.ts";\n\nexport default syntheticSystem(${actions});\n`);

  const walls: number[] = [];
  const reported: number[] = [];
  for (let i = 0; i < runs; i++) {
    fs.rmSync(path.join(scratch, "out"), { recursive: true, force: true });
    const started = performance.now();
    const run = spawnSync(process.execPath, [path.join(pkg, "bin/policyc.js"), "compile", "--spec", "spec", "--out", "out"], { cwd: scratch, encoding: "utf8" });
    walls.push(Number(((performance.now() - started) / 1000).toFixed(3)));
    if (run.status !== 0) throw new Error(`policyc compile failed (exit ${run.status}):\n${run.stderr}${run.stdout}`);
    const seconds = /in ([\d.]+)s$/m.exec(run.stdout);
    if (!seconds || !run.stdout.includes(`${actions} actions`)) throw new Error(`policyc compile said something else:\n${run.stdout}`);
    reported.push(Number(seconds[1]));
  }
  console.log(JSON.stringify({ actions, walls, reported }));
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
