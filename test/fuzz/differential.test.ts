import fc from "fast-check";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { buildSystem } from "../../src/compile/build-system.ts";
import type { Engine } from "../../src/engines/engine.ts";
import { loadAllEngines, selectEngines } from "../../src/engines/registry.ts";
import { SpecErrors } from "../../src/ir/errors.ts";
import { crossCheck, formatDisagreement } from "../../src/verify/cross-check.ts";
import type { SystemIR } from "../../src/ir/types.ts";
import { tsTarget } from "../../src/targets/ts/index.ts";
import { generateFixtures, type FixtureFile } from "../../src/verify/fixtures.ts";
import { buildRandomSpec, specShape } from "./random-spec.ts";

// Differential fuzzing: random specs (nested all/any, conditions, roles with includes, hostile names),
// compiled, then every fixture decided on every engine installed here. A fixed seed keeps CI reproducible;
// `npm run fuzz` raises the budget (FUZZ_RUNS) and FUZZ_SEED picks another seed. The run is split into chunks
// of CHUNK specs, each a test of its own with a time limit of its own size, so a long run reports its progress
// and one slow spec does not time out the rest. FUZZ_ENGINES narrows the engines as `--engine` does
// ("reference", "reference,rego"); the TS target's generated `can` decides every fixture too (FUZZ_TS=0: not).
const runs = Number(process.env.FUZZ_RUNS ?? 30);
const seed = Number(process.env.FUZZ_SEED ?? 20261123);
const CHUNK = 25;
/** Generous per spec: six engines, three of them in processes of their own, on a loaded 2-core machine. */
const MS_PER_SPEC = 15_000;

const chosen = process.env.FUZZ_ENGINES ? await selectEngines(process.env.FUZZ_ENGINES) : await loadAllEngines();
if (!chosen) throw new Error(`FUZZ_ENGINES="${process.env.FUZZ_ENGINES}" names an unknown engine`);
const engines = chosen.filter((e) => !e.unavailable());
const withTs = process.env.FUZZ_TS !== "0";
const totals = { specs: 0, rejected: 0, decisions: 0, started: performance.now() };

const ROOT = path.resolve(import.meta.dirname, "../..");
fs.mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
const tsDir = fs.mkdtempSync(path.join(ROOT, ".tmp", "fuzz-ts-"));
afterAll(() => fs.rmSync(tsDir, { recursive: true, force: true }));
let modules = 0;

/** The fixtures on which the TS target's generated module decides otherwise than the reference, as a report. */
async function tsDisagreements(system: SystemIR, fixtures: FixtureFile): Promise<string[]> {
  const file = path.join(tsDir, `fuzz${modules++}.ts`);
  fs.writeFileSync(file, (await tsTarget.emit(system, { fixtures }))[0]!.content);
  const generated = (await import(pathToFileURL(file).href)) as { can(principal: unknown, action: unknown, context?: unknown, resource?: unknown): boolean };
  return fixtures.fixtures
    .filter((f) => {
      const r = (f.request ?? {}) as Record<string, unknown>;
      return (generated.can(r.principal, r.action, r.context, r.resource) ? "allow" : "deny") !== f.expected;
    })
    .map((f) => `DISAGREEMENT ts target on ${system.id} fixture "${f.id}": expected ${f.expected}\n  request: ${JSON.stringify(f.request)}`);
}

/** Fuzz `count` random specs from one seed on the engines; throws the cross-check's report on a disagreement. */
async function fuzz(count: number, chunkSeed: number, on: Engine[]): Promise<void> {
  await fc.assert(
    fc.asyncProperty(specShape, async (shape) => {
      let system;
      try {
        system = buildSystem(buildRandomSpec(shape));
      } catch (error) {
        // Unsatisfiable random requirements are rejected by validation, as they should be.
        if (error instanceof SpecErrors) {
          totals.rejected++;
          return;
        }
        throw error;
      }
      const fixtures = generateFixtures(system);
      const result = await crossCheck(system, fixtures, on);
      totals.specs++;
      totals.decisions += fixtures.count * on.length;
      if (result.failed) throw new Error(result.disagreements.slice(0, 3).map((d) => formatDisagreement(system.id, d)).join("\n"));
      if (withTs) {
        const wrong = await tsDisagreements(system, fixtures);
        totals.decisions += fixtures.count;
        if (wrong.length) throw new Error(wrong.slice(0, 3).join("\n"));
      }
    }),
    // The failure report carries the cross-check's own report of the disagreement.
    { numRuns: count, seed: chunkSeed, endOnFailure: true, includeErrorInReport: true },
  );
}

describe(`differential fuzzing across ${[...engines.map((e) => e.name), ...(withTs ? ["ts target"] : [])].join(", ")} (${runs} specs, seed ${seed})`, () => {
  for (let first = 0; first < runs; first += CHUNK) {
    const count = Math.min(CHUNK, runs - first);
    const chunkSeed = seed + first / CHUNK;
    it(`specs ${first + 1} to ${first + count} agree on every decision (seed ${chunkSeed})`, { timeout: count * MS_PER_SPEC }, async () => {
      await fuzz(count, chunkSeed, engines);
      const seconds = ((performance.now() - totals.started) / 1000).toFixed(0);
      console.log(`fuzz: ${first + count}/${runs} specs tried, ${totals.specs} compiled, ${totals.rejected} rejected by validation, ${totals.decisions} decisions agreed (${seconds}s)`);
    });
  }

  it("compiled most of the specs it tried", () => {
    expect(totals.specs).toBeGreaterThan(runs / 2);
  });

  const victim = engines.find((e) => e.name !== "reference");
  it.skipIf(!victim)("fails with the cross-check's report when one engine's answers are swapped", { timeout: 5 * MS_PER_SPEC }, async () => {
    if (!victim) return;
    const swapped: Engine = {
      ...victim,
      async open(system) {
        const opened = await victim.open(system);
        const flip = (d: string) => (d === "allow" ? "deny" : "allow");
        return { ...opened, name: victim.name, decide: undefined, decideAll: async (requests) => (await opened.decideAll(requests)).map(flip), close: () => opened.close?.() };
      },
    };
    const onSwapped = engines.map((e) => (e === victim ? swapped : e));
    await expect(fuzz(3, seed, onSwapped)).rejects.toThrow(new RegExp(`DISAGREEMENT[\\s\\S]*${victim.name}\\s*: \\w+\\s+<-- differs`));
  });
});
