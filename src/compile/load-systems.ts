import type { SystemIR } from "../ir/types.ts";
import { buildSystem } from "./build-system.ts";
import { loadSpec, specFiles } from "./load-specs.ts";

/** Load and validate every spec of a directory: what every command that reads specs needs, and no target. */
export async function loadSystems(specDir: string): Promise<Array<{ system: SystemIR; specFile: string }>> {
  const out = [];
  for (const file of specFiles(specDir)) {
    const { builder, file: specFile } = await loadSpec(file);
    out.push({ system: buildSystem(builder), specFile });
  }
  return out;
}
