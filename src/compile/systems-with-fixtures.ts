import { generateFixtures } from "../verify/fixtures.ts";
import type { CompiledSystem } from "./compile.ts";
import { loadSystems } from "./load-systems.ts";

/**
 * Spec directory -> each system's IR and decision fixtures, and no target: what `policyc verify` needs, since each
 * engine emits the output it reads (Cedar, Rego) when it opens. Loading no target also spares it the modules of the
 * targets it does not read (docs, TypeScript).
 */
export async function systemsWithFixtures(specDir: string, only?: string[]): Promise<CompiledSystem[]> {
  const systems: CompiledSystem[] = [];
  for (const { system, specFile } of await loadSystems(specDir)) {
    if (only?.length && !only.includes(system.id)) continue;
    systems.push({ system, fixtures: generateFixtures(system), specFile });
  }
  return systems;
}
