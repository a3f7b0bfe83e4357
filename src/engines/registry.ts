// Every engine policyc can decide with, one line each, in report order.
import type { Engine } from "./engine.ts";
import { cedarGoEngine } from "./cedar-go/index.ts";
import { cedarWasmEngine } from "./cedar-wasm/index.ts";
import { opaEngine } from "./opa/index.ts";
import { referenceEngine } from "./reference/index.ts";
import { regoEmbeddedEngine } from "./rego-embedded/index.ts";
import { regorusEngine } from "./regorus/index.ts";

export const allEngines: Engine[] = [referenceEngine, cedarWasmEngine, cedarGoEngine, opaEngine, regorusEngine, regoEmbeddedEngine];

/** The names `--engine` accepts: each engine, each language ("cedar", "rego": its engines) and "all". */
export function engineChoices(): string[] {
  return [...allEngines.map((e) => e.name), "cedar", "rego", "all"];
}

/**
 * The engines a `--engine` choice names (a comma-separated list of engines, languages or "all"), or undefined
 * for an unknown name. A language or "all" means its engines that can run here; a named engine is taken as is.
 */
export function selectEngines(choice: string): Engine[] | undefined {
  const picked = new Set<Engine>();
  for (const name of choice.split(",").map((n) => n.trim())) {
    const group = name === "all" ? allEngines : allEngines.filter((e) => e.language === name);
    const named = allEngines.find((e) => e.name === name);
    if (named) picked.add(named);
    else if (group.length) group.filter((e) => !e.unavailable()).forEach((e) => picked.add(e));
    else return undefined;
  }
  return allEngines.filter((e) => picked.has(e));
}

/** The engines of a choice that cannot run here, with why: reported by verify, and fatal under CI. */
export function skippedEngines(choice: string): Array<{ engine: Engine; why: string }> {
  const names = choice.split(",").map((n) => n.trim());
  return allEngines
    .filter((e) => names.includes("all") || names.includes(e.language))
    .flatMap((engine) => {
      const why = engine.unavailable();
      return why ? [{ engine, why }] : [];
    });
}
