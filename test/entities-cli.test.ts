// `policyc entities --requests FILE`: an array of requests in, an array of Cedar requests out.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { cedarEntitiesFor } from "../src/runtime/cedar-request.ts";
import type { SystemIR } from "../src/ir/types.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

function policyc(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["bin/policyc.js", ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

it("prints an array of Cedar requests for an array of requests, and says which have none", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-entities-"));
  try {
    const requests = [{ action: "forms.edit", principal: { roles: ["Maestro Developer"] } }, { action: "forms.nope", principal: {} }];
    const file = path.join(dir, "requests.json");
    fs.writeFileSync(file, JSON.stringify(requests));
    const system = JSON.parse(fs.readFileSync(path.join(ROOT, "generated/ir/maestro.json"), "utf8")) as SystemIR;
    const run = await policyc("entities", "maestro", "--requests", file);
    expect(run.code).toBe(1);
    const first = cedarEntitiesFor(system, requests[0]);
    expect(JSON.parse(run.stdout)).toEqual([first.ok ? first.request : null, { denied: 'unknown action "forms.nope"' }]);

    fs.writeFileSync(file, JSON.stringify(requests.slice(0, 1)));
    expect((await policyc("entities", "maestro", "--requests", file)).code).toBe(0);
    fs.writeFileSync(file, JSON.stringify(requests[0]));
    const notArray = await policyc("entities", "maestro", "--requests", file);
    expect(notArray.code).toBe(2);
    expect(notArray.stderr).toMatch(/must hold a JSON array/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
