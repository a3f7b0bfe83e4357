import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildSystem } from "../../src/compile/build-system.ts";
import { SpecErrors } from "../../src/ir/errors.ts";
import { crossCheck, formatDisagreement } from "../../src/verify/cross-check.ts";
import { allEngines as registered } from "../../src/engines/registry.ts";
import { generateFixtures } from "../../src/verify/fixtures.ts";
import { buildRandomSpec, specShape } from "./random-spec.ts";

// Differential fuzzing: random specs (nested all/any, conditions, roles with includes, hostile names),
// compiled, then every fixture decided on every engine. A fixed seed keeps CI reproducible;
// `npm run fuzz` raises the budget (FUZZ_RUNS) and FUZZ_SEED picks another seed.
const allEngines = registered.filter((e) => !e.unavailable());
const runs = Number(process.env.FUZZ_RUNS ?? 30);
const seed = Number(process.env.FUZZ_SEED ?? 20261123);

describe("differential fuzzing", () => {
  it(`agrees on every decision across ${allEngines.map((e) => e.name).join(", ")} (${runs} specs, seed ${seed})`, async () => {
    const totals = { specs: 0, rejected: 0, decisions: 0 };
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
        const result = await crossCheck(system, fixtures, allEngines);
        totals.specs++;
        totals.decisions += fixtures.count * allEngines.length;
        if (result.failed) throw new Error(result.disagreements.slice(0, 3).map((d) => formatDisagreement(system.id, d)).join("\n"));
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
    console.log(`fuzz: ${totals.specs} specs compiled, ${totals.rejected} rejected by validation, ${totals.decisions} decisions agreed`);
    expect(totals.specs).toBeGreaterThan(runs / 2);
  });
});
