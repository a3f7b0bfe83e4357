// Fixtures as JSON, each request encoded once: fixture generation encodes every request to tell duplicates apart,
// and the fixtures target writes the same bytes, which at 200,000 fixtures was most of that target's time.
import type { TextBuilder } from "../targets/text-builder.ts";
import type { Fixture } from "./fixtures.ts";

interface EncodedRequests {
  requests: readonly unknown[];
  json: readonly string[];
}

/**
 * Each list's requests as generation encoded them, by the list. One entry per list rather than per request:
 * a weak map of 200,000 requests cost the garbage collector more than encoding them twice.
 */
const encodedLists = new WeakMap<readonly Fixture[], EncodedRequests>();

/** Remember `json[i]`, JSON.stringify(fixtures[i].request), for fixtureLines; a request is never changed once its fixture is made. */
export function rememberRequestJson(fixtures: readonly Fixture[], json: readonly string[]): void {
  encodedLists.set(fixtures, { requests: fixtures.map((f) => f.request), json });
}

/** JSON.stringify(fixtures[i].request) for each fixture, as generation encoded it where it did. */
export function requestJsonOf(fixtures: readonly Fixture[]): string[] {
  const known = encodedLists.get(fixtures);
  // A list changed since it was generated (a fixture replaced, say) has its other requests encoded again.
  return fixtures.map((f, i) => (known && known.requests[i] === f.request ? known.json[i]! : JSON.stringify(f.request)));
}

/**
 * JSON.stringify of each fixture (whose fields are those of Fixture in their order, as generateFixtures makes them),
 * each after `indent`, separated by ",\n", appended to `out`: a chunk at a time, so the lines die young instead of
 * all 200,000 of a large system being kept for one join.
 */
export function appendFixtureLines(out: TextBuilder, fixtures: readonly Fixture[], indent: string): void {
  const requests = requestJsonOf(fixtures);
  // Fixtures come grouped by action: its JSON is made once per run of them.
  let action: string | undefined;
  let actionJson = "";
  fixtures.forEach((f, i) => {
    if (f.action !== action) actionJson = JSON.stringify((action = f.action));
    out.push(`${i === 0 ? "" : ",\n"}${indent}{"id":${JSON.stringify(f.id)},"action":${actionJson},"kind":"${f.kind}","request":${requests[i]},"expected":"${f.expected}"}`);
  });
}
