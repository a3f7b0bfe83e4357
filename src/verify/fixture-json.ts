// Fixtures as JSON, each request encoded once: fixture generation encodes every request to tell duplicates apart,
// and the fixtures target writes the same bytes, which at 200,000 fixtures was most of that target's time.
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

/** JSON.stringify of each fixture, whose fields are those of Fixture in their order, as generateFixtures makes them. */
export function fixtureLines(fixtures: readonly Fixture[]): string[] {
  const requests = requestJsonOf(fixtures);
  return fixtures.map(
    (f, i) => `{"id":${JSON.stringify(f.id)},"action":${JSON.stringify(f.action)},"kind":"${f.kind}","request":${requests[i]},"expected":"${f.expected}"}`,
  );
}
