// policyc serve beyond the certification scenario: limits, hostile requests, the batch semantics, the decision log,
// reload on SIGHUP and the drain on SIGTERM; started as a process, as a user starts it.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerOf, post, startServe, type ServeProcess } from "./support/serve-process.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const EXAMPLE = path.join(ROOT, "examples/authzen-certification");
const alice = { type: "user", id: "alice" };
const bob = { type: "user", id: "bob" };
const record1 = { type: "record", id: "record-1" };
const read = { name: "read" };
const write = { name: "write" };

let work: string;
let logFile: string;
let directoryFile: string;
let pdp: ServeProcess;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-serve-"));
  logFile = path.join(work, "decisions.jsonl");
  directoryFile = path.join(work, "directory.json");
  fs.copyFileSync(path.join(EXAMPLE, "directory.json"), directoryFile);
  pdp = await startServe([
    "--spec", path.relative(ROOT, EXAMPLE), "--directory", directoryFile, "--decision-log", logFile,
    "--max-body-bytes", "4096", "--max-batch", "5", "--reasons",
  ]);
}, 90_000);
afterAll(async () => {
  await pdp?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const url = (p: string) => `${pdp.url}${p}`;

describe("limits and hostile requests", () => {
  it("refuses a body over --max-body-bytes with 413 and says so, and keeps serving", async () => {
    const big = await post(url("/access/v1/evaluation"), { subject: alice, action: read, resource: record1, padding: "x".repeat(5000) });
    expect(big.status).toBe(413);
    expect(big.text).toMatch(/at most 4096 \(--max-body-bytes\)/);
    expect((await post(url("/access/v1/evaluation"), { subject: alice, action: read, resource: record1 })).status).toBe(200);
  });

  it("refuses a body over the limit sent without Content-Length (chunked)", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(url("/access/v1/evaluation"), { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write("x".repeat(1000));
      req.end();
    });
    expect(status).toBe(413);
  });

  it("refuses a batch over --max-batch with 400 and says so", async () => {
    const answer = await post(url("/access/v1/evaluations"), { subject: alice, action: read, evaluations: Array.from({ length: 6 }, () => ({ resource: record1 })) });
    expect(answer.status).toBe(400);
    expect(answer.text).toBe('"evaluations" holds 6 items; this PDP takes at most 5 per request (--max-batch)');
  });

  it("answers 400, never a crash, to bodies that are not evaluations", async () => {
    const bodies = ["[]", "null", "42", '"x"', "{", "[".repeat(1500) + "]".repeat(1500), `{"subject":${"[".repeat(1000)}${"]".repeat(1000)}}`];
    for (const body of bodies) expect((await post(url("/access/v1/evaluation"), body)).status, body.slice(0, 20)).toBe(400);
    expect((await post(url("/access/v1/evaluations"), { evaluations: "all" })).status).toBe(400);
    expect((await post(url("/access/v1/evaluations"), { subject: alice, action: read, evaluations: [{ resource: record1 }], options: { evaluations_semantic: "some" } })).status).toBe(400);
    expect((await post(url("/access/v1/evaluations"), { subject: "alice", action: read, evaluations: [{ resource: record1 }] })).status).toBe(400);
    expect((await post(url("/access/v1/search/subject"), { subject: { type: "user" }, action: read, resource: record1, page: { limit: -1 } })).status).toBe(400);
  });

  it("denies, as decisions, what only the policy can refuse: prototype names, wrong property types, unknown names", async () => {
    const denied = [
      { subject: { type: "user", id: "__proto__" }, action: read, resource: record1 },
      { subject: { type: "user", id: "constructor" }, action: read, resource: record1 },
      { subject: { type: "__proto__", id: "alice" }, action: read, resource: record1 },
      { subject: alice, action: { name: "toString" }, resource: record1 },
      { subject: alice, action: read, resource: { type: "hasOwnProperty", id: "record-1" } },
      { subject: { ...alice, properties: { role: 7 } }, action: read, resource: record1 },
      { subject: alice, action: { name: "delete", properties: { soft: "yes" } }, resource: record1 },
      { subject: alice, action: write, resource: { ...record1, properties: { status: ["archived"] } } },
    ];
    for (const body of denied) {
      const answer = await post(url("/access/v1/evaluation"), body);
      expect(answer.status, JSON.stringify(body)).toBe(200);
      expect((answer.json as { decision: boolean }).decision, JSON.stringify(body)).toBe(false);
    }
    // A raw "__proto__" key in properties is an own property of the parsed body, never the prototype.
    const raw = '{"subject":{"type":"user","id":"bob","properties":{"__proto__":{"role":"admin"}}},"action":{"name":"write"},"resource":{"type":"record","id":"record-2"}}';
    expect(((await post(url("/access/v1/evaluation"), raw)).json as { decision: boolean }).decision).toBe(true);
    const spoof = '{"subject":{"type":"user","id":"alice","properties":{"__proto__":{"role":"admin"}}},"action":{"name":"write"},"resource":{"type":"record","id":"record-2"}}';
    expect(((await post(url("/access/v1/evaluation"), spoof)).json as { decision: boolean }).decision).toBe(false);
  });

  it("answers 404 and 405 with the allowed method, and replaces an X-Request-ID that is not a header value", async () => {
    expect((await answerOf(await fetch(url("/access/v2/evaluation"), { method: "POST" }))).status).toBe(404);
    const get = await fetch(url("/access/v1/evaluation"));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const put = await fetch(url("/.well-known/authzen-configuration"), { method: "PUT" });
    expect(put.status).toBe(405);
    const long = await post(url("/access/v1/evaluation"), { subject: alice, action: read, resource: record1 }, { "X-Request-ID": "a".repeat(300) });
    expect(long.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("evaluations semantics and reasons", () => {
  const batch = (semantic: string) => ({ subject: bob, resource: record1, options: { evaluations_semantic: semantic }, evaluations: [{ action: read }, { action: write }, { action: read }] });

  it("execute_all decides every item; deny_on_first_deny stops at the deny; permit_on_first_permit at the permit", async () => {
    const all = (await post(url("/access/v1/evaluations"), batch("execute_all"))).json as { evaluations: Array<{ decision: boolean; context?: Record<string, unknown> }> };
    expect(all.evaluations.map((e) => e.decision)).toEqual([true, false, true]);
    const denyFirst = (await post(url("/access/v1/evaluations"), batch("deny_on_first_deny"))).json as typeof all;
    expect(denyFirst.evaluations.map((e) => e.decision)).toEqual([true, false]);
    expect(denyFirst.evaluations[1]!.context!.reason).toBe("deny_on_first_deny");
    const permitFirst = (await post(url("/access/v1/evaluations"), batch("permit_on_first_permit"))).json as typeof all;
    expect(permitFirst.evaluations.map((e) => e.decision)).toEqual([true]);
    expect(permitFirst.evaluations[0]!.context!.reason).toBe("permit_on_first_permit");
  });

  it("with --reasons, says why in the response context", async () => {
    const denied = await post(url("/access/v1/evaluation"), { subject: bob, action: write, resource: record1 });
    expect(denied.json).toEqual({ decision: false, context: { reasons: ["no policy permits the request"] } });
    const unknown = await post(url("/access/v1/evaluation"), { subject: { type: "user", id: "carol" }, action: read, resource: record1 });
    expect(unknown.json).toEqual({ decision: false, context: { reasons: ['unknown subject "carol" of type "user"'] } });
  });

  it("with --reasons, adds what in the request is probably a mistake as warnings, and logs them", async () => {
    const typo = await post(url("/access/v1/evaluation"), { subject: { ...bob, properties: { role: "membr" } }, action: write, resource: record1 }, { "X-Request-ID": "warn-1" });
    const context = (typo.json as { context: { warnings?: string[] } }).context;
    expect(context.warnings).toEqual([`principal.roles[1]: unknown role "membr", which grants nothing; did you mean "member"?`]);
    const lines = () => fs.readFileSync(logFile, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    await waitFor(() => lines().some((l) => l.requestId === "warn-1"));
    expect(lines().find((l) => l.requestId === "warn-1")!.warnings).toEqual(context.warnings);
  });
});

describe("operations", () => {
  it("logs each decision as a JSON line: time, request id, subject, action, resource, decision, engine, revision", async () => {
    await post(url("/access/v1/evaluation"), { subject: alice, action: read, resource: record1 }, { "X-Request-ID": "log-test-1" });
    await post(url("/access/v1/evaluations"), { subject: alice, action: read, evaluations: [{ resource: record1 }, {}] }, { "X-Request-ID": "log-test-2" });
    const logLines = () => fs.readFileSync(logFile, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    await waitFor(() => logLines().filter((l) => l.requestId === "log-test-2").length === 2);
    const lines = logLines();
    const first = lines.find((l) => l.requestId === "log-test-1")!;
    expect(first).toMatchObject({ endpoint: "evaluation", system: "certification", subject: alice, action: read, resource: record1, decision: true, warnings: [], engine: "cedar-wasm" });
    expect(first.revision).toMatch(/^[0-9a-f]{12}$/);
    expect(Number.isNaN(Date.parse(first.time as string))).toBe(false);
    const batch = lines.filter((l) => l.requestId === "log-test-2");
    expect(batch.map((l) => l.decision)).toEqual([true, false]);
    expect(batch[1]).toMatchObject({ subject: null, reasons: ['"evaluations[1].resource" is required'] });
  });

  it("reloads the directory on SIGHUP without dropping requests in flight, and keeps serving when a reload fails", async () => {
    const carol = { subject: { type: "user", id: "carol" }, action: read, resource: record1 };
    expect((await post(url("/access/v1/evaluation"), carol)).json).toMatchObject({ decision: false });
    const inFlight = Array.from({ length: 50 }, () => post(url("/access/v1/evaluations"), { subject: alice, action: read, evaluations: [{ resource: record1 }] }));
    const directory = JSON.parse(fs.readFileSync(directoryFile, "utf8"));
    directory.subjects.user.carol = { roles: ["member"] };
    fs.writeFileSync(directoryFile, JSON.stringify(directory));
    pdp.child.kill("SIGHUP");
    for (const answer of await Promise.all(inFlight)) expect(answer.status).toBe(200);
    await waitFor(() => pdp.output().includes("policyc serve: reloaded"));
    expect((await post(url("/access/v1/evaluation"), carol)).json).toMatchObject({ decision: true });

    fs.writeFileSync(directoryFile, "{ not json");
    pdp.child.kill("SIGHUP");
    await waitFor(() => pdp.output().includes("reload failed, still serving the previous output"));
    expect((await post(url("/access/v1/evaluation"), carol)).json).toMatchObject({ decision: true });
  });

  it("finishes a request in flight on SIGTERM, then exits 0", async () => {
    const other = await startServe(["--spec", path.relative(ROOT, EXAMPLE), "--directory", path.join(EXAMPLE, "directory.json")]);
    const body = JSON.stringify({ subject: alice, action: read, resource: record1 });
    // Half the body is sent before SIGTERM and the rest after it: the request is in flight, in the server's hands.
    let answered!: Promise<{ status: number; text: string }>;
    const req = http.request(`${other.url}/access/v1/evaluation`, { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } });
    answered = new Promise((resolve, reject) => {
      req.on("response", (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, text }));
      });
      req.on("error", reject);
    });
    req.write(body.slice(0, 20));
    await new Promise((r) => setTimeout(r, 300));
    const exit = other.stop();
    await waitFor(() => other.output().includes("SIGTERM: finishing requests in flight"));
    req.end(body.slice(20));
    expect(await answered).toEqual({ status: 200, text: '{"decision":true}' });
    expect(await exit).toBe(0);
    expect(other.output()).toMatch(/policyc serve: stopped/);
  }, 60_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}
