// The "Decisions at runtime" section of docs/benchmarks.md, from bench/serve-load.ts's measurement, and where it
// goes in the page (between its markers, so a page written by bench/run.ts keeps it).

export interface LoadRun {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts, non-2xx answers and wrong decisions: must be 0. */
  errors: number;
  requests: number;
  /** CPU µs the measured process (the server) used per request. */
  cpuMicrosPerRequest: number;
}

export interface ServeLoad {
  system: string;
  payloads: number;
  batch: number;
  duration: number;
  connections: number;
  loadBefore: number;
  loadAfter: number;
  cpus: number;
  engines: Array<{ engine: string; engineMicros: number; engineHow: string; single: LoadRun; batch: LoadRun; fixed: LoadRun; opaDirect?: LoadRun; opaDirectBatch?: LoadRun }>;
}

export const BEGIN = "<!-- serve-load:begin -->";
export const END = "<!-- serve-load:end -->";

const n = (x: number, digits = 2) => x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const int = (x: number) => Math.round(x).toLocaleString("en-US");
/** autocannon's latencies are whole milliseconds. */
const ms = (x: number) => (x < 1 ? "<1" : int(x));

/** What serving adds to the engine's cost per decision in batches, as a fraction of it (CPU time, not wall time). */
export function httpLayer(e: ServeLoad["engines"][number], batch: number): number {
  const served = e.batch.cpuMicrosPerRequest / batch;
  // In process the server's CPU includes the engine's; an OPA server's engine runs in OPA's own process.
  return e.engine === "opa-http" ? served / e.engineMicros : served / e.engineMicros - 1;
}

export function renderServeLoad(r: ServeLoad): string {
  const pct = (x: number) => `${x >= 0 ? "+" : ""}${n(x * 100, 0)}%`;
  const rows = r.engines.map((e) =>
    [
      e.engine,
      n(e.engineMicros, 1),
      int(e.single.requestsPerSecond),
      ms(e.single.p50Ms),
      ms(e.single.p99Ms),
      int(e.batch.requestsPerSecond * r.batch),
      ms(e.batch.p50Ms),
      ms(e.batch.p99Ms),
      n(e.batch.cpuMicrosPerRequest / r.batch, 1),
      pct(httpLayer(e, r.batch)),
      int(e.fixed.requestsPerSecond),
      ms(e.fixed.p50Ms),
      ms(e.fixed.p99Ms),
      e.single.errors + e.batch.errors + e.fixed.errors,
    ].join(" | "),
  );
  const opa = r.engines.find((e) => e.opaDirect && e.opaDirectBatch);
  const layerMet = r.engines.filter((e) => httpLayer(e, r.batch) <= 0.25).map((e) => e.engine);
  const p99Met = r.engines.filter((e) => e.fixed.p99Ms < 5 && e.fixed.requestsPerSecond >= 990).map((e) => e.engine);
  const goals = [
    `HTTP layer at most +25% in batches: ${layerMet.length === r.engines.length ? "met on every engine" : `met on ${layerMet.join(", ") || "none"}, not on ${r.engines.filter((e) => !layerMet.includes(e.engine)).map((e) => e.engine).join(", ")}`}.`,
    `p99 under 5 ms at 1,000 single requests per second: ${p99Met.length === r.engines.length ? "met on every engine" : `${p99Met.length ? `met on ${p99Met.join(", ")}; ` : ""}not met on ${r.engines.filter((e) => !p99Met.includes(e.engine)).map((e) => `${e.engine} (${int(e.fixed.requestsPerSecond)} req/s served, p99 ${ms(e.fixed.p99Ms)} ms)`).join(", ")} on this machine, whose 2 CPUs ran the load generator and other work at a load average above ${n(Math.min(r.loadBefore, r.loadAfter), 0)}: a figure for a quiet machine is still to be measured`}.`,
  ];
  return `${BEGIN}
## Decisions at runtime: \`policyc serve\` under load
Measured by \`node --import tsx bench/serve-load.ts --write docs/benchmarks.md\`: the Todo example
(\`examples/authzen-todo\`, ${r.payloads} payloads of the interop scenario, cycled) served on 127.0.0.1 by \`policyc serve\`
started as a user starts it, once per engine, loaded by autocannon from the same machine (${r.connections} connections,
${r.duration} s a run; ${r.cpus} CPUs shared with the load generator and with other work: 1-minute load average
${n(r.loadBefore)} before, ${n(r.loadAfter)} after, so wall-clock figures are those of a busy machine). Every answer was
checked against its expected decision.

- **engine µs**: the engine's own CPU cost per decision (${r.engines.map((e) => `${e.engine}: ${e.engineHow}`).join("; ")}).
- **single**: \`POST /access/v1/evaluation\`, one decision a request. **batch**: \`POST /access/v1/evaluations\` with ${r.batch}
  evaluations a request: decisions per second, and the server's CPU µs per decision (from /proc, so other processes
  do not count). **HTTP layer**: what the server adds to the engine's CPU cost per decision in batches (goal: at most
  +25%). **1k rps**: single evaluations at a fixed 1,000 requests per second, latencies corrected for coordinated
  omission (goal: p99 under 5 ms).

| engine | engine µs | single req/s | p50 ms | p99 ms | batch decisions/s | p50 ms | p99 ms | server CPU µs / decision | HTTP layer | 1k rps: req/s | p50 ms | p99 ms | errors |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.map((row) => `| ${row} |`).join("\n")}

Goals: ${goals.join(" ")}
${
  opa
    ? `\nOPA asked directly (no policyc in between), same inputs: Data API, one a call: ${int(opa.opaDirect!.requestsPerSecond)} req/s, p50 ${ms(opa.opaDirect!.p50Ms)} ms, p99 ${ms(opa.opaDirect!.p99Ms)} ms, ${n(opa.opaDirect!.cpuMicrosPerRequest, 0)} OPA CPU µs a request; Query API, ${r.batch} a call: ${int(opa.opaDirectBatch!.requestsPerSecond * r.batch)} decisions/s, ${n(opa.opaDirectBatch!.cpuMicrosPerRequest / r.batch, 1)} OPA CPU µs a decision.\n`
    : ""
}${END}
`;
}

/** The page with the section replaced, or appended when the page has none. */
export function spliceSection(page: string, section: string): string {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (start >= 0 && end > start) return page.slice(0, start) + section + page.slice(end + END.length + 1);
  return `${page.trimEnd()}\n\n${section}`;
}
