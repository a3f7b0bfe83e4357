// Fixtures as JSON, each request encoded once: fixture generation encodes every request to tell duplicates apart,
// and the fixtures target writes the same bytes, which at 200,000 fixtures was most of that target's time.
import type { PolicyRequest } from "../eval/request.ts";
import type { TextBuilder } from "../targets/text-builder.ts";
import type { Fixture } from "./fixtures.ts";

/**
 * A request's JSON as generation leaves it: written out, or the JSON around the permission list of a request that
 * differs from its template only in its permissions (PermissionVariants), shared by all of them. The list is encoded
 * again when the request is written: keeping every request's whole JSON from generation to the last target kept
 * 40 MB of strings alive at 10,000 actions, which the garbage collector copied, for less than encoding it again costs.
 */
export type RequestJson = string | PermissionListJson;

export interface PermissionListJson {
  /** The request's JSON up to its permission list, which is the principal's first key. */
  head: string;
  /** The request's JSON after its permission list. */
  tail: string;
}

interface EncodedRequests {
  requests: readonly unknown[];
  json: readonly RequestJson[];
}

/**
 * Each list's requests as generation encoded them, by the list. One entry per list rather than per request:
 * a weak map of 200,000 requests cost the garbage collector more than encoding them twice.
 */
const encodedLists = new WeakMap<readonly Fixture[], EncodedRequests>();

/**
 * Remember how generation encoded each request, `json[i]` for fixtures[i].request (a request is never changed once
 * its fixture is made): its JSON, or the JSON around its permission list.
 */
export function rememberRequestJson(fixtures: readonly Fixture[], json: readonly RequestJson[]): void {
  encodedLists.set(fixtures, { requests: fixtures.map((f) => f.request), json });
}

/**
 * JSON.stringify(fixtures[i].request) for a fixture i, as generation encoded it where it did: asked fixture by
 * fixture as each is written, so that each is made when it is needed and dies young.
 */
export function requestJsonOf(fixtures: readonly Fixture[]): (i: number) => string {
  const known = encodedLists.get(fixtures);
  return (i) => {
    const request = fixtures[i]!.request;
    // A list changed since it was generated (a fixture replaced, say) has its other requests encoded again.
    const encoded = known && known.requests[i] === request ? known.json[i] : undefined;
    if (encoded === undefined) return JSON.stringify(request);
    return typeof encoded === "string" ? encoded : encoded.head + JSON.stringify((request as PolicyRequest).principal.permissions) + encoded.tail;
  };
}

/**
 * JSON.stringify of each fixture (whose fields are those of Fixture in their order, as generateFixtures makes them),
 * each after `indent`, separated by ",\n", appended to `out`: a chunk at a time, so the lines die young instead of
 * all 200,000 of a large system being kept for one join.
 */
export function appendFixtureLines(out: TextBuilder, fixtures: readonly Fixture[], indent: string): void {
  const requestJson = requestJsonOf(fixtures);
  // Fixtures come grouped by action: its JSON is made once per run of them.
  let action: string | undefined;
  let actionJson = "";
  fixtures.forEach((f, i) => {
    if (f.action !== action) actionJson = JSON.stringify((action = f.action));
    out.push(`${i === 0 ? "" : ",\n"}${indent}{"id":${JSON.stringify(f.id)},"action":${actionJson},"kind":"${f.kind}","request":${requestJson(i)},"expected":"${f.expected}"}`);
  });
}
