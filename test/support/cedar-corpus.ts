// The systems on which the Cedar target's shortcuts are proven to give what Cedar itself would: the seeds
// (spec/), the examples' specs, the golden specs and specs drawn by the differential fuzzer's generator.
import fc from "fast-check";
import { buildSystem } from "../../src/compile/build-system.ts";
import { loadSystems } from "../../src/compile/load-systems.ts";
import { SpecErrors } from "../../src/ir/errors.ts";
import type { SystemIR } from "../../src/ir/types.ts";
import { buildRandomSpec, specShape } from "../fuzz/random-spec.ts";

const SPEC_DIRS = ["spec", "examples/authzen-certification", "examples/authzen-todo", "examples/gitlab", "test/golden/constructs/spec", "test/golden/language/spec"];

/** Random specs drawn, from one fixed seed; those validation rejects (unsatisfiable requirements) are skipped. */
const FUZZ_SPECS = 60;
const FUZZ_SEED = 20261130;

export async function cedarCorpus(): Promise<Array<{ name: string; system: SystemIR }>> {
  const corpus: Array<{ name: string; system: SystemIR }> = [];
  for (const dir of SPEC_DIRS) for (const { system } of await loadSystems(dir)) corpus.push({ name: `${dir}: ${system.id}`, system });
  fc.sample(specShape, { numRuns: FUZZ_SPECS, seed: FUZZ_SEED }).forEach((shape, i) => {
    try {
      corpus.push({ name: `fuzz spec ${i} (seed ${FUZZ_SEED})`, system: buildSystem(buildRandomSpec(shape)) });
    } catch (error) {
      if (!(error instanceof SpecErrors)) throw error;
    }
  });
  return corpus;
}
