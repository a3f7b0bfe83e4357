// Real OPA servers serving policyc's bundles from a bundle service, end to end, on 127.0.0.1 only. A bundle
// service in this test serves `policyc bundle` tarballs (signed); two `opa run --server` processes, configured by
// the committed deploy/opa/opa-config.yaml, poll it, load both systems and report their revisions; every fixture
// is decided over HTTP as the reference decides it; a new revision is activated without a restart; decision logs
// and status reports reach a collector in this test and name the revision; a corrupted bundle and a bundle signed
// with another key are refused while the previous revision keeps serving.
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle } from "../src/bundle/index.ts";
import { loadSystems } from "../src/compile/compile.ts";
import { findTool } from "../src/engines/tools.ts";
import type { SystemIR } from "../src/ir/types.ts";
import { generateFixtures, type Fixture } from "../src/verify/fixtures.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const CONFIG = path.join(ROOT, "deploy/opa/opa-config.yaml");
const inCi = process.env.CI === "true";
const opa = findTool("opa");
/** The key id the committed configuration verifies bundles with. */
const KEY_ID = "policyc";

/** Poll `check` until it returns a value (not undefined), at most `seconds`; the error names what never happened. */
async function waitFor<T>(what: string, seconds: number, check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The bundle service and the log collector: one HTTP server, bundles under /bundles/, reports under /collector/. */
class BundleService {
  readonly served = new Map<string, Buffer>();
  readonly decisionLogs: Array<Record<string, any>> = [];
  readonly statuses: Array<{ at: number; report: Record<string, any> }> = [];
  private server = http.createServer((req, res) => this.handle(req, res));
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "";
      const bundle = /^\/bundles\/([a-z]+)\.tar\.gz$/.exec(url);
      if (req.method === "GET" && bundle && this.served.has(bundle[1]!)) {
        res.writeHead(200, { "content-type": "application/gzip" }).end(this.served.get(bundle[1]!));
        return;
      }
      if (req.method === "POST" && url.startsWith("/collector/")) {
        const raw = Buffer.concat(chunks);
        const body = JSON.parse((req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8"));
        if (url === "/collector/logs") this.decisionLogs.push(...(body as Array<Record<string, any>>));
        else if (url === "/collector/status") this.statuses.push({ at: Date.now(), report: body });
        res.writeHead(200).end();
        return;
      }
      res.writeHead(404).end();
    });
  }
}

/** One `opa run --server` process with the committed configuration, polling every second or two. */
class OpaServer {
  private process?: ChildProcess;
  private output = "";
  port = 0;

  constructor(
    readonly label: string,
    private readonly service: BundleService,
    private readonly publicKeyFile: string,
    private readonly systems: string[],
  ) {}

  async start(): Promise<void> {
    this.port = await freePort();
    const fast = this.systems.flatMap((s) => ["--set", `bundles.${s}.polling.min_delay_seconds=1`, "--set", `bundles.${s}.polling.max_delay_seconds=2`]);
    const args = [
      "run", "--server", "--addr", `127.0.0.1:${this.port}`, "--config-file", CONFIG,
      "--set-file", `keys.${KEY_ID}.key=${this.publicKeyFile}`,
      "--set", `labels.server=${this.label}`,
      "--set", "decision_logs.reporting.min_delay_seconds=1", "--set", "decision_logs.reporting.max_delay_seconds=2",
      ...fast,
    ];
    const base = `http://127.0.0.1:${this.service.port}`;
    this.process = spawn(opa!, args, { env: { ...process.env, POLICYC_BUNDLE_SERVICE: base, POLICYC_LOG_SERVICE: `${base}/collector` }, stdio: ["ignore", "pipe", "pipe"] });
    this.process.stdout!.on("data", (c: Buffer) => (this.output += c.toString()));
    this.process.stderr!.on("data", (c: Buffer) => (this.output += c.toString()));
    await waitFor(`OPA ${this.label} to load every bundle (${this.log()})`, 30, async () => {
      if (this.process!.exitCode !== null) throw new Error(`OPA ${this.label} exited: ${this.output}`);
      const health = await fetch(`http://127.0.0.1:${this.port}/health?bundles`).catch(() => undefined);
      return health?.ok ? true : undefined;
    });
  }

  get pid(): number | undefined {
    return this.process?.exitCode === null ? this.process.pid : undefined;
  }

  log(): string {
    return this.output.split("\n").slice(-5).join("\n");
  }

  /** `POST /v1/data/policyc/<system>/decision` with provenance: the decision and the revision that made it. */
  async decide(system: string, input: unknown): Promise<{ allow: unknown; revision: unknown }> {
    const response = await fetch(`http://127.0.0.1:${this.port}/v1/data/policyc/${system}/decision?provenance=true`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ input }),
    });
    const body = (await response.json()) as { result?: { allow?: unknown }; provenance?: { bundles?: Record<string, { revision?: string }> } };
    return { allow: body.result?.allow, revision: body.provenance?.bundles?.[system]?.revision };
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** Decide every request on a server, a few at a time; the answers that are not `expected` or name another revision. */
async function disagreements(server: OpaServer, system: string, fixtures: Fixture[], revision: string): Promise<string[]> {
  const wrong: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < fixtures.length) {
      const fixture = fixtures[next++]!;
      const answer = await server.decide(system, fixture.request);
      const decision = answer.allow === true ? "allow" : answer.allow === false ? "deny" : `no decision (${JSON.stringify(answer.allow)})`;
      if (decision !== fixture.expected || answer.revision !== revision) wrong.push(`${fixture.id}: ${decision} by revision ${answer.revision}, reference ${fixture.expected} (revision ${revision})`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return wrong;
}

const suite = describe.skipIf(!opa && !inCi);
suite(`OPA servers fed by a bundle service${opa ? "" : " (skipped: opa is not installed; run make tools)"}`, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-opa-e2e-"));
  const key = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const service = new BundleService();
  const servers: OpaServer[] = [];
  const systems = new Map<string, { system: SystemIR; fixtures: Fixture[]; revision: string }>();

  const serve = (system: SystemIR, signingKey: KeyObject = key.privateKey) => {
    const bundle = buildBundle(system, { signingKey, keyId: KEY_ID });
    service.served.set(system.id, bundle.archive);
    return bundle.revision;
  };

  /** A copy of maestro in which one action is never allowed: a policy change, hence a new revision. */
  const stricter = (system: SystemIR, actionId: string): SystemIR => ({
    ...system,
    actions: system.actions.map((a) => (a.id === actionId ? { ...a, effective: { kind: "anyOf" as const, items: [] } } : a)),
  });

  beforeAll(async () => {
    await service.start();
    for (const { system } of await loadSystems(path.join(ROOT, "spec"))) {
      systems.set(system.id, { system, fixtures: generateFixtures(system).fixtures, revision: serve(system) });
    }
    const publicKeyFile = path.join(tmp, "bundle-public.pem");
    fs.writeFileSync(publicKeyFile, key.publicKey.export({ type: "spki", format: "pem" }));
    for (const label of ["a", "b"]) servers.push(new OpaServer(label, service, publicKeyFile, [...systems.keys()]));
    await Promise.all(servers.map((s) => s.start()));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await service.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("answers every fixture of every system as the reference does, on both servers, naming the served revision", async () => {
    expect([...systems.keys()].sort()).toEqual(["maestra", "maestro"]);
    for (const server of servers) {
      for (const [id, { fixtures, revision }] of systems) expect(await disagreements(server, id, fixtures, revision), `${server.label} ${id}`).toEqual([]);
    }
  }, 300_000);

  it("sends decision logs to the collector, each naming the bundle revision that decided", async () => {
    const maestro = systems.get("maestro")!;
    const logged = (label: string) =>
      service.decisionLogs.filter((e) => e.labels?.server === label && e.path === "policyc/maestro/decision" && e.bundles?.maestro?.revision === maestro.revision);
    for (const server of servers) {
      await server.decide("maestro", maestro.fixtures[0]!.request);
      await waitFor(`decision logs from OPA ${server.label}`, 30, () => (logged(server.label).length ? true : undefined));
    }
    // Every decision logged for a system names a revision this service served for it.
    for (const event of service.decisionLogs.filter((e) => e.path === "policyc/maestra/decision")) expect(event.bundles.maestra.revision).toBe(systems.get("maestra")!.revision);
  }, 60_000);

  it("activates a new revision without a restart, and refuses a corrupted bundle and one signed with another key", async () => {
    const maestro = systems.get("maestro")!;
    const allowed = maestro.fixtures.find((f) => f.expected === "allow" && f.kind === "exhaustive")!;
    const pids = servers.map((s) => s.pid);
    const first = maestro.revision;

    // A new revision: the action of an allowed request is never allowed any more.
    const second = serve(stricter(maestro.system, allowed.action));
    expect(second).not.toBe(first);
    for (const server of servers) {
      const answer = await waitFor(`OPA ${server.label} to activate revision ${second}`, 30, async () => {
        const decided = await server.decide("maestro", allowed.request);
        return decided.revision === second ? decided : undefined;
      });
      expect(answer.allow).toBe(false);
    }
    expect(servers.map((s) => s.pid)).toEqual(pids);

    // Each bad bundle is reported as refused by both servers, and the second revision keeps deciding.
    const good = service.served.get("maestro")!;
    const refusals: Array<[string, Buffer, RegExp]> = [
      ["a truncated tarball", good.subarray(0, Math.floor(good.length / 2)), /unexpected EOF|gzip|tar|archive/i],
      ["a bundle signed with another key", buildBundle(stricter(maestro.system, maestro.system.actions.find((a) => a.id !== allowed.action)!.id), { signingKey: otherKey.privateKey, keyId: KEY_ID }).archive, /verif/i],
    ];
    for (const [what, archive, reason] of refusals) {
      const since = Date.now();
      service.served.set("maestro", archive);
      for (const server of servers) {
        const report = await waitFor(`OPA ${server.label} to report ${what} as an error`, 30, () =>
          service.statuses.find((s) => {
            const status = s.report.bundles?.maestro;
            return s.at >= since && s.report.labels?.server === server.label && status?.code === "bundle_error" && reason.test(String(status.message));
          }),
        );
        expect(report.report.bundles.maestro.active_revision, what).toBe(second);
        expect(await server.decide("maestro", allowed.request), what).toEqual({ allow: false, revision: second });
      }
    }
    expect(servers.map((s) => s.pid)).toEqual(pids);
  }, 180_000);
});
