// The AuthZEN 1.0 HTTP binding over a Pdp: routes, JSON bodies and their limits, X-Request-ID, errors as
// status codes with a message, the decision log, reload on demand and a drain before closing.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { DecisionLog } from "./decision-log.ts";
import type { Evaluated, Pdp } from "./pdp.ts";
import { ProtocolError, readActionSearch, readEvaluation, readEvaluations, readResourceSearch, readSubjectSearch } from "./protocol.ts";

export interface ServerOptions {
  host: string;
  port: number;
  /** Largest request body accepted, in bytes (HTTP 413 above it). */
  maxBodyBytes: number;
  /** Most items an evaluations request may hold (HTTP 400 above it). */
  maxBatch: number;
  /** Put each decision's reasons in its response `context`. */
  reasons: boolean;
  /** The PDP's base URL as PEPs reach it (metadata); by default, what the request's Host header names. */
  publicUrl?: string;
  log: DecisionLog;
}

export const PATHS = {
  evaluation: "/access/v1/evaluation",
  evaluations: "/access/v1/evaluations",
  subjectSearch: "/access/v1/search/subject",
  resourceSearch: "/access/v1/search/resource",
  actionSearch: "/access/v1/search/action",
  metadata: "/.well-known/authzen-configuration",
} as const;

/** A request id we echo must be a valid header value; anything else is replaced by one of our own. */
const HEADER_VALUE = /^[\x21-\x7e][\x20-\x7e]{0,199}$/;
const HOST = /^[A-Za-z0-9.\-:[\]]{1,255}$/;

export interface RunningServer {
  url: string;
  /** Swap in another PDP (a reload); requests already being decided finish on the one they started with. */
  swap(next: Pdp): Pdp;
  /** Stop accepting connections, let requests in flight finish, then close. */
  close(): Promise<void>;
}

export async function startServer(initial: Pdp, options: ServerOptions): Promise<RunningServer> {
  let pdp = initial;
  let closing = false;
  const server = http.createServer((req, res) => {
    // While draining, every answer closes its connection, so a kept-alive client does not hold the shutdown.
    if (closing) res.setHeader("Connection", "close");
    handle(pdp, options, req, res).catch((error: unknown) => {
      // Nothing a request sends reaches here; this is a bug in the PDP, reported without taking the server down.
      console.error(`policyc serve: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) send(res, 500, "internal error; see the PDP's log");
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    swap(next) {
      const previous = pdp;
      pdp = next;
      return previous;
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        // Connections that go idle after this (their request answered) are closed as they do.
        const sweep = setInterval(() => server.closeIdleConnections(), 100);
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

async function handle(pdp: Pdp, options: ServerOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const incoming = req.headers["x-request-id"];
  const requestId = typeof incoming === "string" && HEADER_VALUE.test(incoming) ? incoming : randomUUID();
  res.setHeader("X-Request-ID", requestId);
  const path = (req.url ?? "/").split("?")[0]!;
  try {
    if (path === PATHS.metadata || path.startsWith(`${PATHS.metadata}/`)) {
      if (req.method !== "GET") throw new ProtocolError(405, `${path} answers GET only`);
      return sendJson(res, 200, metadata(baseUrl(options, req)));
    }
    const route = Object.entries(PATHS).find(([, p]) => p === path)?.[0];
    if (!route) throw new ProtocolError(404, `no such endpoint: ${path}`);
    if (req.method !== "POST") throw new ProtocolError(405, `${path} answers POST only`);
    const body = await readJsonBody(req, options.maxBodyBytes);
    switch (route) {
      case "evaluation": {
        const evaluated = await pdp.evaluate(readEvaluation(body));
        log(options, pdp, requestId, "evaluation", evaluated);
        return sendJson(res, 200, decisionBody(evaluated, options));
      }
      case "evaluations": {
        const request = readEvaluations(body, options.maxBatch);
        if (request.kind === "single") {
          const evaluated = await pdp.evaluate(request.evaluation);
          log(options, pdp, requestId, "evaluations", evaluated);
          return sendJson(res, 200, decisionBody(evaluated, options));
        }
        const all = await pdp.evaluateAll(request.items, request.semantic);
        for (const evaluated of all) log(options, pdp, requestId, "evaluations", evaluated);
        const bodies = all.map((e) => decisionBody(e, options));
        // A short-circuited batch says which semantic cut it, on the item that did.
        const last = bodies[bodies.length - 1];
        if (last && bodies.length < request.items.length) last.context = { ...(last.context ?? {}), reason: request.semantic };
        return sendJson(res, 200, { evaluations: bodies });
      }
      case "subjectSearch":
        return sendJson(res, 200, await pdp.searchSubjects(readSubjectSearch(body)));
      case "resourceSearch":
        return sendJson(res, 200, await pdp.searchResources(readResourceSearch(body)));
      default:
        return sendJson(res, 200, await pdp.searchActions(readActionSearch(body)));
    }
  } catch (error) {
    if (error instanceof ProtocolError) {
      if (error.status === 405) res.setHeader("Allow", path.startsWith(PATHS.metadata) ? "GET" : "POST");
      // A body we refused to read whole is not drained: the connection closes after the answer.
      if (error.status === 413) res.setHeader("Connection", "close");
      return send(res, error.status, error.message);
    }
    throw error;
  }
}

/**
 * The decision response: `decision`, and with --reasons a `context` saying why, with the request's warnings when it
 * has any (and a batch item's error).
 */
function decisionBody(evaluated: Evaluated, options: ServerOptions): { decision: boolean; context?: Record<string, unknown> } {
  if (evaluated.error !== undefined) return { decision: false, context: { error: { status: 400, message: evaluated.error } } };
  if (!options.reasons) return { decision: evaluated.decision };
  return { decision: evaluated.decision, context: { reasons: evaluated.reasons, ...(evaluated.warnings.length ? { warnings: evaluated.warnings } : {}) } };
}

function log(options: ServerOptions, pdp: Pdp, requestId: string, endpoint: string, evaluated: Evaluated): void {
  if (!options.log.enabled) return;
  options.log.write({
    time: new Date().toISOString(),
    requestId,
    endpoint,
    system: evaluated.system,
    subject: evaluated.evaluation?.subject ?? null,
    action: evaluated.evaluation?.action ?? null,
    resource: evaluated.evaluation?.resource ?? null,
    decision: evaluated.decision,
    reasons: evaluated.reasons,
    warnings: evaluated.warnings,
    engine: pdp.engine,
    revision: pdp.revisionOf(evaluated.system),
  });
}

function baseUrl(options: ServerOptions, req: http.IncomingMessage): string {
  if (options.publicUrl) return options.publicUrl.replace(/\/+$/, "");
  const host = req.headers.host;
  const address = req.socket.address() as AddressInfo;
  return `http://${typeof host === "string" && HOST.test(host) ? host : `${address.address}:${address.port}`}`;
}

function metadata(base: string): Record<string, string> {
  return {
    policy_decision_point: base,
    access_evaluation_endpoint: `${base}${PATHS.evaluation}`,
    access_evaluations_endpoint: `${base}${PATHS.evaluations}`,
    search_subject_endpoint: `${base}${PATHS.subjectSearch}`,
    search_resource_endpoint: `${base}${PATHS.resourceSearch}`,
    search_action_endpoint: `${base}${PATHS.actionSearch}`,
  };
}

/** The body as JSON: `Content-Type: application/json`, not empty, at most `limit` bytes, valid JSON. */
async function readJsonBody(req: http.IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    req.resume();
    throw new ProtocolError(400, `Content-Type must be application/json${type ? `, not ${type}` : ""}`);
  }
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw new ProtocolError(413, `the request body is ${declared} bytes; this PDP takes at most ${limit} (--max-body-bytes)`);
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Stop reading: the answer goes out with `Connection: close`, which ends the rest of the upload.
      req.off("data", onData);
      req.pause();
      reject(new ProtocolError(413, `the request body is over ${limit} bytes, the most this PDP takes (--max-body-bytes)`));
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
  if (text.trim() === "") throw new ProtocolError(400, "the request body is empty; it must be a JSON object");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProtocolError(400, `the request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** An error: the status and a message string for a person (AuthZEN's error responses). */
function send(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(message) });
  res.end(message);
}
