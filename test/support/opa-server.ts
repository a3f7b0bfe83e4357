// A real OPA server for tests: `opa run --server` on 127.0.0.1 with one system's policy.rego and data.json
// (named explicitly, so tests kept beside them are never loaded), stopped by `stop()`.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { findTool } from "../../src/engines/tools.ts";

export interface OpaServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export async function startOpa(regoDir: string): Promise<OpaServer> {
  const opa = findTool("opa");
  if (!opa) throw new Error("opa is not installed: set POLICYC_TOOLS_DIR or run `make tools`");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(opa, ["run", "--server", "--addr", `127.0.0.1:${port}`, path.join(regoDir, "policy.rego"), path.join(regoDir, "data.json")], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error(`opa did not start on ${url}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
