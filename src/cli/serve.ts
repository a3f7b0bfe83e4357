import fs from "node:fs";
import path from "node:path";
import { parseEngineChoice, type EngineChoice } from "../runtime/authorizer.ts";
import { loadCompiledSystems } from "../runtime/compiled.ts";
import { readDirectory, type Directory } from "../runtime/directory.ts";
import { RuntimeError } from "../runtime/errors.ts";
import { openDecisionLog } from "../serve/decision-log.ts";
import { Pdp } from "../serve/pdp.ts";
import { startServer } from "../serve/server.ts";
import { EXIT, parse, UsageError, type Command } from "./common.ts";

const DEFAULTS = { host: "127.0.0.1", port: 8080, maxBodyBytes: 1_048_576, maxBatch: 1_000 };

export const serveCommand: Command = {
  name: "serve",
  usage: `Usage: policyc serve [--spec DIR] [--compiled DIR] [--directory FILE] [--engine cedar|reference|opa=URL]
                     [--host H] [--port N] [--decision-log FILE|-] [--max-body-bytes N] [--max-batch N]
                     [--reasons] [--public-url URL]

An AuthZEN 1.0 PDP (Access Evaluation, Access Evaluations, Subject/Resource/Action Search, metadata at
/.well-known/authzen-configuration) over every system of DIR that declares an AuthZEN mapping
(system.authzen(...)). It reads the compiled output only (run \`policyc compile\` first): DIR/generated when
it exists, else the generated/ folder beside DIR (or --compiled DIR).

  --directory FILE   the PIP: subjects (roles, permissions, attributes) and resources (properties) by type
                     and id; with it an unknown subject is denied, and the searches have something to list
  --engine E         cedar (default: cedar-wasm in process), reference, or opa=http://HOST:PORT (an OPA
                     server holding the systems' Rego bundles)
  --host H --port N  where to listen (default 127.0.0.1:8080); --port 0 picks a free port. Once ready it
                     prints "policyc serve: listening on http://HOST:PORT ..."
  --decision-log F   append one JSON line per decision to F (- for standard output)
  --max-body-bytes N largest request body (default 1048576; HTTP 413 above)
  --max-batch N      most items in an evaluations request (default 1000; HTTP 400 above)
  --reasons          put each decision's reasons in its response context, and what in the request is
                     probably a mistake (unknown role or permission names, undeclared enum values) as
                     "warnings"; the decision log always records those warnings
  --public-url URL   the base URL PEPs use (metadata); by default the request's Host

SIGHUP reloads the compiled output and the directory (a failed reload keeps the running ones); SIGTERM and
SIGINT stop accepting connections, finish the requests in flight and exit 0.`,
  async run(argv) {
    const { values } = parse(
      argv,
      {
        spec: { type: "string", default: "spec" },
        compiled: { type: "string" },
        directory: { type: "string" },
        engine: { type: "string", default: "cedar" },
        host: { type: "string", default: DEFAULTS.host },
        port: { type: "string", default: String(DEFAULTS.port) },
        "decision-log": { type: "string" },
        "max-body-bytes": { type: "string", default: String(DEFAULTS.maxBodyBytes) },
        "max-batch": { type: "string", default: String(DEFAULTS.maxBatch) },
        reasons: { type: "boolean", default: false },
        "public-url": { type: "string" },
      },
      false,
    );
    const port = integer(values.port!, "--port", 0, 65_535);
    const maxBodyBytes = integer(values["max-body-bytes"]!, "--max-body-bytes", 2, 1 << 30);
    const maxBatch = integer(values["max-batch"]!, "--max-batch", 1, 1_000_000);
    let engine: EngineChoice;
    try {
      engine = parseEngineChoice(values.engine!);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const compiledDir = values.compiled ?? compiledFolderOf(values.spec!);
    const load = async (): Promise<Pdp> => {
      const directory: Directory | null = values.directory ? readDirectory(values.directory) : null;
      return Pdp.open(loadCompiledSystems(compiledDir), engine, directory);
    };
    let pdp: Pdp;
    try {
      pdp = await load();
    } catch (error) {
      if (error instanceof RuntimeError) throw new UsageError(error.message);
      throw error;
    }
    const log = openDecisionLog(values["decision-log"]);
    const server = await startServer(pdp, { host: values.host!, port, maxBodyBytes, maxBatch, reasons: values.reasons!, publicUrl: values["public-url"], log });
    const describe = (p: Pdp) => `${p.systems().map((s) => `${s.id}@${s.revision}`).join(", ")}; engine ${p.engine}${values.directory ? `; directory ${values.directory}` : ""}`;
    console.log(`policyc serve: listening on ${server.url} (${describe(pdp)})`);

    return new Promise<number>((resolve) => {
      let reloading = Promise.resolve();
      const reload = () => {
        reloading = reloading.then(async () => {
          try {
            const next = await load();
            const previous = server.swap(next);
            console.error(`policyc serve: reloaded (${describe(next)})`);
            await previous.close();
          } catch (error) {
            console.error(`policyc serve: reload failed, still serving the previous output: ${error instanceof Error ? error.message : String(error)}`);
          }
        });
      };
      const stop = (signal: string) => {
        process.off("SIGHUP", reload);
        process.off("SIGTERM", onTerm);
        process.off("SIGINT", onInt);
        console.error(`policyc serve: ${signal}: finishing requests in flight`);
        void server
          .close()
          .then(() => log.close())
          .then(() => {
            console.error("policyc serve: stopped");
            resolve(EXIT.ok);
          });
      };
      const onTerm = () => stop("SIGTERM");
      const onInt = () => stop("SIGINT");
      process.on("SIGHUP", reload);
      process.on("SIGTERM", onTerm);
      process.on("SIGINT", onInt);
    });
  },
};

/** Where `policyc compile --spec DIR` output is by convention: DIR/generated, else generated/ beside DIR. */
export function compiledFolderOf(specDir: string): string {
  const inside = path.join(specDir, "generated");
  return fs.existsSync(path.join(inside, "ir")) ? inside : path.join(path.dirname(path.resolve(specDir)), "generated");
}

function integer(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, not "${text}"`);
  return n;
}
