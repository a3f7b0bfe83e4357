// The AuthZEN 1.0 certification scenario (../shared/authzen/certification-scenario-1_0.md), test by test and by its
// ids, against `policyc serve` started as a user starts it on examples/authzen-certification. The scenario is read
// at test time to check that every test id of the levels covered here has a test below.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpa, type OpaServer } from "./support/opa-server.ts";
import { answerOf, post, startServe, type Answer, type ServeProcess } from "./support/serve-process.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const EXAMPLE = "examples/authzen-certification";
const SERVE_ARGS = ["--spec", EXAMPLE, "--directory", `${EXAMPLE}/directory.json`];
const SCENARIO = path.resolve(ROOT, "../shared/authzen/certification-scenario-1_0.md");

const alice = { type: "user", id: "alice" };
const bob = { type: "user", id: "bob" };
const bobAdmin = { type: "user", id: "bob", properties: { role: "admin" } };
const record1 = { type: "record", id: "record-1" };
const record2 = { type: "record", id: "record-2" };
const record2Archived = { type: "record", id: "record-2", properties: { status: "archived" } };
const read = { name: "read" };
const write = { name: "write" };
const context = { time: "2025-06-27T18:03-07:00", ip: "192.168.1.1" };

/** The eight decisions the fixture requires (Required Policy Behaviour, rules 1-8). */
const RULES: Array<[rule: number, request: Record<string, unknown>, decision: boolean]> = [
  [1, { subject: alice, action: read, resource: record1 }, true],
  [2, { subject: alice, action: write, resource: record1 }, true],
  [3, { subject: bob, action: read, resource: record1 }, true],
  [4, { subject: bob, action: write, resource: record1 }, false],
  [5, { subject: alice, action: write, resource: record2Archived }, false],
  [6, { subject: bobAdmin, action: write, resource: record2Archived }, true],
  [7, { subject: alice, action: { name: "delete", properties: { soft: true } }, resource: record1 }, true],
  [8, { subject: alice, action: { name: "delete", properties: { soft: false } }, resource: record1 }, false],
];

/** The test ids this file covers; each `it` title starts with its id. */
const covered = new Set<string>();
function test(id: string, title: string, body: () => Promise<unknown>) {
  covered.add(id);
  it(`${id} ${title}`, body);
}

let pdp: ServeProcess;
const endpoint = (p: string) => `${pdp.url}${p}`;
const evaluation = (body: unknown, headers?: Record<string, string>) => post(endpoint("/access/v1/evaluation"), body, headers);
const evaluations = (body: unknown) => post(endpoint("/access/v1/evaluations"), body);
const search = (kind: "subject" | "resource" | "action", body: unknown) => post(endpoint(`/access/v1/search/${kind}`), body);

function expectDecision(answer: Answer, decision: boolean) {
  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  expect(answer.json).toEqual({ decision });
}
function expectDecisions(answer: Answer, decisions: Array<boolean | "any">) {
  expect(answer.status).toBe(200);
  const body = answer.json as { evaluations: Array<{ decision: unknown; context?: unknown }>; decision?: unknown };
  expect(body.decision).toBeUndefined();
  expect(body.evaluations).toHaveLength(decisions.length);
  body.evaluations.forEach((e, i) => {
    expect(typeof e.decision).toBe("boolean");
    if (decisions[i] !== "any") expect(e.decision).toBe(decisions[i]);
    if (e.context !== undefined) expect(typeof e.context).toBe("object");
  });
}
function expectResults(answer: Answer, key: "id" | "name", type: string | null, including: string[]) {
  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  const results = (answer.json as { results: Array<Record<string, unknown>> }).results;
  expect(Array.isArray(results)).toBe(true);
  for (const r of results) {
    expect(typeof r[key]).toBe("string");
    if (type) expect(r.type).toBe(type);
  }
  expect(results.map((r) => r[key])).toEqual(expect.arrayContaining(including));
  return results.map((r) => r[key]);
}

beforeAll(async () => {
  pdp = await startServe(SERVE_ARGS);
}, 90_000);
afterAll(async () => {
  expect(await pdp?.stop()).toBe(0);
});

describe("Basic Core", () => {
  test("c-2-2-1", "fixture request: permit decision", async () => expectDecision(await evaluation(RULES[0]![1]), true));
  test("c-2-2-2", "fixture request: deny decision", async () => expectDecision(await evaluation(RULES[3]![1]), false));
  test("c-2-2-3", "request with optional context", async () => expectDecision(await evaluation({ ...RULES[0]![1], context }), true));
  test("c-2-2-8", "request with additional properties", async () =>
    expectDecision(
      await evaluation({
        subject: { ...alice, properties: { department: "Sales", role: "manager" } },
        action: { name: "read", properties: { method: "GET" } },
        resource: { ...record1, properties: { status: "active", owner: "bob" } },
      }),
      true,
    ));
  test("c-2-2-9", "request with unknown fields", async () => expectDecision(await evaluation({ ...RULES[0]![1], foo: "bar", futureField: { nested: true } }), true));
  test("c-2-3", "response format: decision is a boolean; a context, if present, is an object", async () => {
    for (const [, request] of RULES) {
      const answer = await evaluation(request);
      expect(answer.status).toBe(200);
      const body = answer.json as { decision: unknown; context?: unknown };
      expect(typeof body.decision).toBe("boolean");
      if (body.context !== undefined) expect(typeof body.context).toBe("object");
    }
  });
  test("c-2-4", "error handling: HTTP 400 for missing fields, sub-fields, content type, malformed JSON, empty body, field types", async () => {
    const bad: unknown[] = [
      // c-2-4-1 missing required fields
      { action: read, resource: record1 },
      { subject: alice, resource: record1 },
      { subject: alice, action: read },
      // c-2-4-2 missing required sub-fields
      { subject: { id: "alice" }, action: read, resource: record1 },
      { subject: { type: "user" }, action: read, resource: record1 },
      { subject: alice, action: {}, resource: record1 },
      { subject: alice, action: read, resource: { id: "record-1" } },
      { subject: alice, action: read, resource: { type: "record" } },
      // c-2-4-6 invalid field types
      { subject: "alice", action: read, resource: record1 },
      { subject: alice, action: { name: 123 }, resource: record1 },
    ];
    for (const body of bad) expect((await evaluation(body)).status, JSON.stringify(body)).toBe(400);
    // c-2-4-3 invalid content type
    const typed = await fetch(endpoint("/access/v1/evaluation"), { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify(RULES[0]![1]) });
    expect(typed.status).toBe(400);
    // c-2-4-4 malformed JSON
    expect((await evaluation('{"subject": {"type": "user", "id": "alice"},')).status).toBe(400);
    // c-2-4-5 empty body
    expect((await evaluation("")).status).toBe(400);
  });
  test("c-2-5", "header handling: X-Request-ID echoed when sent, never a failure when absent", async () => {
    const echoed = await evaluation(RULES[0]![1], { "X-Request-ID": "bfe9eb29-ab87-4ca3-be83-a1d5d8305716" });
    expect(echoed.headers.get("x-request-id")).toBe("bfe9eb29-ab87-4ca3-be83-a1d5d8305716");
    expectDecision(echoed, true);
    const absent = await evaluation(RULES[0]![1]);
    expectDecision(absent, true);
    expect(absent.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
  test("c-2-6", "idempotency: the same request, the same decision", async () => {
    for (let i = 0; i < 5; i++) expectDecision(await evaluation(RULES[3]![1]), false);
  });
});

describe("Basic Properties", () => {
  test("c-2-2-4", "deny based on properties", async () => expectDecision(await evaluation(RULES[4]![1]), false));
  test("c-2-2-5", "permit based on subject properties", async () => expectDecision(await evaluation(RULES[5]![1]), true));
  test("c-2-2-6", "permit based on action properties", async () => expectDecision(await evaluation(RULES[6]![1]), true));
  test("c-2-2-7", "deny based on action properties", async () => expectDecision(await evaluation(RULES[7]![1]), false));
});

describe("Batch Core", () => {
  test("c-3-2-1", "batch request with evaluations array", async () =>
    expectDecisions(await evaluations({ subject: alice, action: read, evaluations: [{ resource: record1 }, { resource: record2 }] }), ["any", "any"]));
  test("c-3-2-2", "batch with fixture decisions validated", async () =>
    expectDecisions(await evaluations({ subject: bob, resource: record1, evaluations: [{ action: read }, { action: write }] }), [true, false]));
  test("c-3-2-5", "batch with fully specified evaluations", async () =>
    expectDecisions(
      await evaluations({ evaluations: [{ subject: alice, action: read, resource: record1 }, { subject: bob, action: write, resource: record1 }] }),
      [true, false],
    ));
  test("c-3-2-6", "batch with context inheritance", async () =>
    expectDecisions(
      await evaluations({
        subject: alice,
        action: read,
        context: { time: "2025-06-27T18:03-07:00" },
        evaluations: [{ resource: record1 }, { resource: record2, context: { time: "2025-06-27T19:00-07:00", source: "batch-override" } }],
      }),
      ["any", "any"],
    ));
  test("c-3-3", "response format: same length, same order, a decision each, no top-level decision", async () => {
    const items = [write, read, write, read, { name: "delete", properties: { soft: true } }].map((action) => ({ action }));
    expectDecisions(await evaluations({ subject: alice, resource: record2Archived, evaluations: items }), [false, true, false, true, true]);
  });
  test("c-3-4", "error handling: a failed item is a deny under execute_all; no or empty evaluations is an Access Evaluation", async () => {
    const failed = await evaluations({ subject: alice, action: read, options: { evaluations_semantic: "execute_all" }, evaluations: [{ resource: record1 }, {}] });
    expectDecisions(failed, [true, false]);
    expect((failed.json as { evaluations: Array<{ context?: unknown }> }).evaluations[1]!.context).toEqual({ error: { status: 400, message: '"evaluations[1].resource" is required' } });
    expectDecision(await evaluations({ subject: alice, action: read, resource: record1 }), true);
    expectDecision(await evaluations({ subject: alice, action: read, resource: record1, evaluations: [] }), true);
  });
});

describe("Batch Properties", () => {
  test("c-3-2-3", "batch with properties validated", async () =>
    expectDecisions(
      await evaluations({ subject: alice, action: write, evaluations: [{ resource: { ...record1, properties: { status: "active" } } }, { resource: record2Archived }] }),
      [true, false],
    ));
  test("c-3-2-4", "batch with subject properties validated", async () =>
    expectDecisions(await evaluations({ action: write, resource: record2Archived, evaluations: [{ subject: alice }, { subject: bobAdmin }] }), [false, true]));
  test("c-3-2-7", "batch with top-level default inheritance (whole-entity override)", async () =>
    expectDecisions(
      await evaluations({ subject: alice, action: write, resource: { ...record1, properties: { status: "active" } }, evaluations: [{}, { resource: record2Archived }] }),
      [true, false],
    ));
});

describe("Search Core", () => {
  const subjectSearch = { subject: { type: "user" }, action: read, resource: record1 };
  test("c-4-2-1", "subject search with non-empty results (S1)", async () => expectResults(await search("subject", subjectSearch), "id", "user", ["alice", "bob"]));
  test("c-4-2-2", "subject search with context", async () => expectResults(await search("subject", { ...subjectSearch, context }), "id", "user", ["alice", "bob"]));
  test("c-4-2-3", "subject search with subject id present: ignored", async () => {
    const plain = expectResults(await search("subject", subjectSearch), "id", "user", ["alice", "bob"]);
    expect(expectResults(await search("subject", { ...subjectSearch, subject: alice }), "id", "user", ["alice", "bob"])).toEqual(plain);
  });
  const resourceSearch = { subject: alice, action: read, resource: { type: "record" } };
  test("c-4-3-1", "resource search with non-empty results (S2)", async () => expectResults(await search("resource", resourceSearch), "id", "record", ["record-1"]));
  test("c-4-3-2", "resource search with context", async () => expectResults(await search("resource", { ...resourceSearch, context }), "id", "record", ["record-1"]));
  test("c-4-3-3", "resource search with resource id present: ignored", async () => {
    const plain = expectResults(await search("resource", resourceSearch), "id", "record", ["record-1"]);
    expect(expectResults(await search("resource", { ...resourceSearch, resource: record1 }), "id", "record", ["record-1"])).toEqual(plain);
  });
  test("c-4-4-1", "action search with non-empty results (S3)", async () => expectResults(await search("action", { subject: alice, resource: record1 }), "name", null, ["read", "write"]));
  test("c-4-4-2", "action search with context", async () => expectResults(await search("action", { subject: alice, resource: record1, context }), "name", null, ["read", "write"]));
  test("c-4-5", "pagination: a limit gives a page and a token; the token the next page; the last page an empty token", async () => {
    const first = await search("subject", { ...subjectSearch, page: { limit: 1 } });
    expect(first.status).toBe(200);
    const firstBody = first.json as { results: unknown[]; page?: { next_token?: unknown } };
    expect(firstBody.results).toHaveLength(1);
    expect(typeof firstBody.page).toBe("object");
    expect(typeof firstBody.page!.next_token).toBe("string");
    expect(firstBody.page!.next_token).not.toBe("");
    const second = await search("subject", { ...subjectSearch, page: { token: firstBody.page!.next_token, limit: 1 } });
    const secondBody = second.json as { results: Array<{ id: string }>; page: { next_token: string; count: number; total: number } };
    expect(second.status).toBe(200);
    expect(secondBody.page).toEqual({ next_token: "", count: 1, total: 2 });
    expect([...(firstBody.results as Array<{ id: string }>), ...secondBody.results].map((r) => r.id)).toEqual(["alice", "bob"]);
    expect((await search("subject", { ...subjectSearch, page: { token: "not-ours" } })).status).toBe(400);
  });
  test("c-4-6", "empty results, not errors, for an unknown id or type on every search endpoint", async () => {
    const nobody = { type: "user", id: "nonexistent-user" };
    for (const [kind, body] of [
      ["action", { subject: nobody, resource: record1 }],
      ["resource", { subject: nobody, action: read, resource: { type: "record" } }],
      ["subject", { subject: { type: "user" }, action: read, resource: { type: "record", id: "nonexistent-record" } }],
      ["subject", { subject: { type: "spaceship" }, action: read, resource: record1 }],
      ["resource", { subject: alice, action: read, resource: { type: "spaceship" } }],
      ["action", { subject: alice, resource: { type: "spaceship", id: "x" } }],
    ] as const) {
      const answer = await search(kind, body);
      expect(answer.status, `${kind} ${JSON.stringify(body)}`).toBe(200);
      expect(answer.json).toEqual({ results: [] });
    }
  });
  test("c-4-7", "search error handling: HTTP 400 for missing fields and for input entities without an id", async () => {
    const bad: Array<["subject" | "resource" | "action", unknown]> = [
      ["subject", { subject: { type: "user" }, resource: record1 }],
      ["resource", { action: read, resource: { type: "record" } }],
      ["action", { subject: alice }],
      ["subject", { subject: { type: "user" }, action: read, resource: { type: "record" } }],
      ["resource", { subject: { type: "user" }, action: read, resource: { type: "record" } }],
      ["action", { subject: { type: "user" }, resource: record1 }],
    ];
    for (const [kind, body] of bad) expect((await search(kind, body)).status, `${kind} ${JSON.stringify(body)}`).toBe(400);
  });
});

describe("Search Properties", () => {
  test("c-4-2-4", "subject search with resource properties (S4)", async () =>
    expectResults(await search("subject", { subject: { type: "user" }, action: write, resource: record2Archived }), "id", "user", ["bob"]));
  test("c-4-3-4", "resource search with subject properties (S5)", async () =>
    expectResults(await search("resource", { subject: bobAdmin, action: write, resource: { type: "record" } }), "id", "record", ["record-2"]));
  test("c-4-4-3", "action search with properties (S6)", async () =>
    expectResults(await search("action", { subject: bobAdmin, resource: record2Archived }), "name", null, ["write"]));
});

describe("Transport", () => {
  test("c-5", "JSON in and out, 400 for missing fields, X-Request-ID echoed, unknown fields ignored", async () => {
    const answer = await evaluation({ ...RULES[2]![1], extra: [1, 2, 3] }, { "X-Request-ID": "t-1" });
    expectDecision(answer, true);
    expect(answer.headers.get("x-request-id")).toBe("t-1");
    expect((await evaluation({ subject: alice })).status).toBe(400);
  });
});

describe("Discovery", () => {
  test("c-6", "metadata at the well-known URI: the base URL and every endpoint", async () => {
    const answer = await answerOf(await fetch(endpoint("/.well-known/authzen-configuration")));
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    const metadata = answer.json as Record<string, string>;
    expect(metadata.policy_decision_point).toBe(pdp.url);
    expect(metadata).toEqual({
      policy_decision_point: pdp.url,
      access_evaluation_endpoint: `${pdp.url}/access/v1/evaluation`,
      access_evaluations_endpoint: `${pdp.url}/access/v1/evaluations`,
      search_subject_endpoint: `${pdp.url}/access/v1/search/subject`,
      search_resource_endpoint: `${pdp.url}/access/v1/search/resource`,
      search_action_endpoint: `${pdp.url}/access/v1/search/action`,
    });
    for (const value of Object.values(metadata)) expect(() => new URL(value)).not.toThrow();
    // Every advertised endpoint answers at the path it names.
    expectDecision(await post(metadata.access_evaluation_endpoint!, RULES[0]![1]), true);
  });
});

describe("the scenario", () => {
  it("has a test here for every test id of the Basic, Batch, Search and Discovery levels", () => {
    const matrix = fs.readFileSync(SCENARIO, "utf8").split("## Test ID Matrix")[1]!.split("\n# ")[0]!;
    const rows = matrix.split("\n").filter((line) => line.startsWith("| **"));
    const ids = rows.flatMap((row) => [...row.matchAll(/\(#(c-[\d-]+)\)/g)].map((m) => m[1]!));
    expect(rows).toHaveLength(7);
    expect(ids).toHaveLength(37);
    expect(ids.filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe("the eight required decisions on every engine", () => {
  let opa: OpaServer;
  const engines: Array<[string, () => string[]]> = [
    ["reference", () => ["--engine", "reference"]],
    ["opa", () => ["--engine", `opa=${opa.url}`]],
  ];
  beforeAll(async () => {
    opa = await startOpa(path.join(ROOT, EXAMPLE, "generated/rego/certification"));
  }, 30_000);
  afterAll(async () => {
    await opa?.stop();
  });
  it.each(engines)("%s", async (_, args) => {
    const other = await startServe([...SERVE_ARGS, ...args()]);
    try {
      for (const [rule, request, decision] of RULES) {
        const answer = await post(`${other.url}/access/v1/evaluation`, request);
        expect(answer.json, `rule ${rule}`).toEqual({ decision });
      }
    } finally {
      expect(await other.stop()).toBe(0);
    }
  }, 90_000);
});
