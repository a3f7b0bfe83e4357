import type { SystemIR } from "../ir/types.ts";
import type { Fixture, FixtureFile } from "./fixtures.ts";
import type { Engine, OpenEngine } from "../engines/engine.ts";
import type { Decision } from "../eval/decide.ts";

export interface Disagreement {
  fixture: Fixture;
  answers: Record<string, string>;
  /** Each engine's policy text for the action, where it can show it. */
  policyLines: Record<string, string>;
}

export interface CrossCheckResult {
  system: string;
  passed: number;
  failed: number;
  /** Decisions made per engine. */
  decisions: Record<string, number>;
  /** Decisions per engine that differ from the reference's. */
  wrong: Record<string, number>;
  /** Milliseconds spent deciding per engine. */
  milliseconds: Record<string, number>;
  notes: string[];
  disagreements: Disagreement[];
}

/** Where a long run reports how far it got (the CLI draws it on a terminal); structurally the CLI's Progress. */
export interface ProgressSink {
  start(label: string, total: number): void;
  tick(count?: number): void;
  done(): void;
}

const silent: ProgressSink = { start() {}, tick() {}, done() {} };

/** Run every fixture through every engine; a fixture passes when every engine gives the expected decision. */
export async function crossCheck(system: SystemIR, fixtures: FixtureFile, engines: Engine[], progress: ProgressSink = silent): Promise<CrossCheckResult> {
  const opened: OpenEngine[] = [];
  for (const engine of engines) opened.push(await engine.open(system));
  const milliseconds: Record<string, number> = {};
  const decisions: Record<string, number> = {};
  const answers: Array<Record<string, string>> = fixtures.fixtures.map(() => ({}));
  const requests = fixtures.fixtures.map((f) => f.request);
  const timed = async (engine: OpenEngine, work: () => Promise<Decision[]>): Promise<Decision[]> => {
    const started = performance.now();
    const batch = await work();
    milliseconds[engine.name] = performance.now() - started;
    return batch;
  };
  // Engines in other processes are asked first and decide on the other cores while this process decides on the
  // in-process engines one after the other (each timed alone; the others are timed from their start until their
  // answers are read). The in-process engines yield now and then, so the others' input and output keep flowing.
  const elsewhere = new Map(opened.filter((e) => !e.decide).map((engine) => [engine, timed(engine, () => engine.decideAll(requests))]));
  const batches = new Map<OpenEngine, Decision[]>();
  for (const engine of opened.filter((e) => e.decide)) {
    progress.start(`verify ${system.id}: ${engine.name}`, requests.length);
    batches.set(engine, await timed(engine, () => decideYielding(engine.decide!, requests, progress)));
    progress.done();
  }
  for (const [engine, batch] of elsewhere) batches.set(engine, await batch);
  for (const engine of opened) {
    const batch = batches.get(engine)!;
    decisions[engine.name] = batch.length;
    batch.forEach((decision, i) => (answers[i]![engine.name] = decision));
  }
  const wrong: Record<string, number> = Object.fromEntries(opened.map((e) => [e.name, 0]));
  const disagreements: Disagreement[] = [];
  fixtures.fixtures.forEach((fixture, i) => {
    const got = answers[i]!;
    for (const [engine, decision] of Object.entries(got)) if (decision !== fixture.expected) wrong[engine]!++;
    if (Object.values(got).every((d) => d === fixture.expected)) return;
    const policyLines: Record<string, string> = {};
    for (const engine of opened) {
      const text = engine.policyFor?.(fixture.action);
      if (text) policyLines[engine.name] = text;
    }
    disagreements.push({ fixture, answers: got, policyLines });
  });
  const notes = opened.flatMap((e) => (e.note ? [e.note] : []));
  for (const e of opened) await e.close?.();
  return {
    system: system.id,
    passed: fixtures.fixtures.length - disagreements.length,
    failed: disagreements.length,
    decisions,
    wrong,
    milliseconds,
    notes,
    disagreements,
  };
}

/** Fixtures decided between two turns of the event loop, by an engine in this process. */
const DECIDED_PER_TURN = 200;

async function decideYielding(decide: (request: unknown) => Decision, requests: unknown[], progress: ProgressSink): Promise<Decision[]> {
  const batch: Decision[] = [];
  for (const request of requests) {
    batch.push(decide(request));
    progress.tick();
    if (batch.length % DECIDED_PER_TURN === 0) await new Promise((next) => setImmediate(next));
  }
  return batch;
}

/** A disagreement written so a person can act on it and reproduce it with `policyc decide`. */
export function formatDisagreement(system: string, d: Disagreement): string {
  const lines = [
    `DISAGREEMENT ${d.fixture.id} (action ${d.fixture.action || "(none)"})`,
    `  expected (reference): ${d.fixture.expected}`,
    ...Object.entries(d.answers).map(([engine, answer]) => `  ${engine.padEnd(13)}: ${answer}${answer === d.fixture.expected ? "" : "   <-- differs"}`),
    `  request: ${JSON.stringify(d.fixture.request)}`,
    `  reproduce: echo '[${JSON.stringify(d.fixture.request).replace(/'/g, "'\\''")}]' | policyc decide ${system} --requests - --engine all`,
  ];
  for (const [engine, text] of Object.entries(d.policyLines)) {
    lines.push(`  ${engine} policy:`, ...text.split("\n").map((l) => `    | ${l}`));
  }
  return lines.join("\n");
}
