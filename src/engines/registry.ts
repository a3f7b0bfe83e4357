// Every engine policyc can decide with, one line each, in report order. An engine's module is imported only when
// a command asks for it: cedar-wasm, the Cedar and Rego targets and the embedded Rego interpreter are heavy, and
// `policyc decide` with the reference alone needs none of them.
import type { Engine } from "./engine.ts";

interface EngineEntry {
  name: string;
  language: Engine["language"];
  load(): Promise<Engine>;
}

const registry: EngineEntry[] = [
  { name: "reference", language: "ir", load: async () => (await import("./reference/index.ts")).referenceEngine },
  { name: "cedar-wasm", language: "cedar", load: async () => (await import("./cedar-wasm/index.ts")).cedarWasmEngine },
  { name: "cedar-go", language: "cedar", load: async () => (await import("./cedar-go/index.ts")).cedarGoEngine },
  { name: "opa", language: "rego", load: async () => (await import("./opa/index.ts")).opaEngine },
  { name: "regorus", language: "rego", load: async () => (await import("./regorus/index.ts")).regorusEngine },
  { name: "rego-embedded", language: "rego", load: async () => (await import("./rego-embedded/index.ts")).regoEmbeddedEngine },
];

/** The registered engines' names and languages, without loading any of them. */
export const engineEntries: ReadonlyArray<Pick<EngineEntry, "name" | "language">> = registry;

/** Every engine, loaded, in report order. */
export function loadAllEngines(): Promise<Engine[]> {
  return Promise.all(registry.map((entry) => entry.load()));
}

/** The names `--engine` accepts: each engine, each language ("cedar", "rego": its engines) and "all". */
export function engineChoices(): string[] {
  return [...registry.map((e) => e.name), "cedar", "rego", "all"];
}

/** The entries a choice's names mention (by name, language or "all"), or undefined for an unknown name. */
function entriesOf(names: string[]): { named: Set<EngineEntry>; grouped: Set<EngineEntry> } | undefined {
  const named = new Set<EngineEntry>();
  const grouped = new Set<EngineEntry>();
  for (const name of names) {
    const entry = registry.find((e) => e.name === name);
    const group = name === "all" ? registry : registry.filter((e) => e.language === name);
    if (entry) named.add(entry);
    else if (group.length) group.forEach((e) => grouped.add(e));
    else return undefined;
  }
  return { named, grouped };
}

const namesOf = (choice: string) => choice.split(",").map((n) => n.trim());

/**
 * The engines a `--engine` choice names (a comma-separated list of engines, languages or "all"), or undefined
 * for an unknown name. A language or "all" means its engines that can run here; a named engine is taken as is.
 * Only the engines the choice mentions are loaded.
 */
export async function selectEngines(choice: string): Promise<Engine[] | undefined> {
  const entries = entriesOf(namesOf(choice));
  if (!entries) return undefined;
  const picked: Engine[] = [];
  for (const entry of registry) {
    if (!entries.named.has(entry) && !entries.grouped.has(entry)) continue;
    const engine = await entry.load();
    if (entries.named.has(entry) || !engine.unavailable()) picked.push(engine);
  }
  return picked;
}

/** The engines of a choice that cannot run here, with why: reported by verify, and fatal under CI. */
export async function skippedEngines(choice: string): Promise<Array<{ engine: Engine; why: string }>> {
  const names = namesOf(choice);
  const mentioned = registry.filter((e) => names.includes("all") || names.includes(e.language));
  const skipped = [];
  for (const entry of mentioned) {
    const engine = await entry.load();
    const why = engine.unavailable();
    if (why) skipped.push({ engine, why });
  }
  return skipped;
}
