import type { AnySystemBuilder, SectionDraft } from "../dsl/system-builder.ts";
import type { SystemIR } from "../ir/types.ts";
import { buildSystem } from "./build-system.ts";
import { loadSpec, specFiles } from "./load-specs.ts";

/** What a spec declares, read before its IR is built: its system's id and about how many actions it has. */
export interface DeclaredSystem {
  id: string;
  actions: number;
}

/**
 * Load and validate every spec of a directory: what every command that reads specs needs, and no target.
 * `beforeIR` is told each spec's system (declaredSystem) once it is read, before its IR is built.
 */
export async function loadSystems(specDir: string, beforeIR?: (declared: DeclaredSystem) => void): Promise<Array<{ system: SystemIR; specFile: string }>> {
  const out = [];
  for (const file of specFiles(specDir)) {
    const { builder, file: specFile } = await loadSpec(file);
    beforeIR?.(declaredSystem(builder));
    out.push({ system: buildSystem(builder), specFile });
  }
  return out;
}

/** A spec's system id and about how many actions its IR will have (declaredActions). */
export function declaredSystem(builder: AnySystemBuilder): DeclaredSystem {
  return { id: builder.decl.id, actions: declaredActions(builder) };
}

/**
 * About how many actions a spec's IR will have: its rows, and one per section (a page's "Open" action). Each section
 * is counted once: a spec may place a page inside itself, which the IR then reports.
 */
export function declaredActions(builder: AnySystemBuilder): number {
  const seen = new Set<SectionDraft<string>>();
  const count = (section: SectionDraft<string>): number => {
    if (seen.has(section)) return 0;
    seen.add(section);
    return 1 + section.actions.length + section.sections.reduce((n, s) => n + count(s), 0);
  };
  return builder.areas.reduce((n, area) => n + count(area), 0);
}
