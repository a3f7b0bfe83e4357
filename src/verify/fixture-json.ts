// Fixtures as JSON, a chunk at a time: the fixtures target and the Rego tests write every request of a large system.
import type { TextBuilder } from "../targets/text-builder.ts";
import type { Fixture } from "./fixtures.ts";
import { requestJsonOf } from "./permission-variants.ts";

/**
 * JSON.stringify of each fixture (whose fields are those of Fixture in their order, as generateFixtures makes them),
 * each after `indent`, separated by ",\n", appended to `out`: a chunk at a time, so the lines die young instead of
 * all 200,000 of a large system being kept for one join.
 */
export function appendFixtureLines(out: TextBuilder, fixtures: readonly Fixture[], indent: string): void {
  // Fixtures come grouped by action: its JSON is made once per run of them.
  let action: string | undefined;
  let actionJson = "";
  fixtures.forEach((f, i) => {
    if (f.action !== action) actionJson = JSON.stringify((action = f.action));
    out.push(`${i === 0 ? "" : ",\n"}${indent}{"id":${JSON.stringify(f.id)},"action":${actionJson},"kind":"${f.kind}","request":${requestJsonOf(f)},"expected":"${f.expected}"}`);
  });
}
