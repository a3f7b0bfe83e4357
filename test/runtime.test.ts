// policyc/runtime: what an application imports. Decides with cedar-wasm, an OPA server and the reference on the
// compiled output in generated/, loads none of the compiler's dependencies, and is usable from another package.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cedarEntitiesFor } from "../src/runtime/cedar-request.ts";
import { createAuthorizer, loadCompiledSystem, parseEngineChoice, RuntimeError, toCedarRequest, toOpaInput, type Authorizer } from "../src/runtime/index.ts";
import type { ActionId, PermissionName, RoleName } from "../generated/ts/maestro.ts";
import { startOpa, type OpaServer } from "./support/opa-server.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const GENERATED = path.join(ROOT, "generated");
const LOADER = path.join(ROOT, "test/support/ts-loader-register.mjs");

function runNode(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

interface Fixture {
  request: unknown;
  expected: "allow" | "deny";
}
const fixtures = (system: string): Fixture[] => (JSON.parse(fs.readFileSync(path.join(GENERATED, "fixtures", `${system}.json`), "utf8")) as { fixtures: Fixture[] }).fixtures;

let opa: OpaServer;
beforeAll(async () => {
  opa = await startOpa(path.join(GENERATED, "rego", "maestro"));
}, 30_000);
afterAll(async () => {
  await opa?.stop();
});

describe("authorizers over the compiled output", () => {
  const system = loadCompiledSystem(GENERATED, "maestro");

  it.each(["reference", "cedar", "opa"] as const)("%s decides every maestro fixture as the fixture expects, with reasons", async (name) => {
    const authorizer: Authorizer = await createAuthorizer({ system, engine: name === "opa" ? { opa: opa.url } : name });
    const cases = fixtures("maestro");
    const verdicts = await authorizer.decideAll(cases.map((c) => c.request as never));
    expect(verdicts.map((v) => v.decision)).toEqual(cases.map((c) => c.expected));
    for (const verdict of verdicts) expect(verdict.reasons.length).toBeGreaterThan(0);
    expect(authorizer.revision).toMatch(/^[0-9a-f]{12}$/);
    await authorizer.close();
  }, 60_000);

  it("gives the reasons of a deny: the missing permission, on every engine", async () => {
    const request = { action: "forms.edit", principal: { permissions: ["Form View"] } };
    const reference = await (await createAuthorizer({ system, engine: "reference" })).decide(request);
    expect(reference).toEqual({ decision: "deny", reasons: ['to do "Form Edit": needs Form Edit'] });
    const cedar = await (await createAuthorizer({ system, engine: "cedar" })).decide(request);
    expect(cedar).toEqual({ decision: "deny", reasons: ["no policy permits the request"] });
    const viaOpa = await (await createAuthorizer({ system, engine: { opa: opa.url } })).decide(request);
    expect(viaOpa).toEqual({ decision: "deny", reasons: ["missing: Form Edit"] });
    const allowed = await (await createAuthorizer({ system, engine: "cedar" })).decide({ action: "forms.edit", principal: { permissions: ["Form Edit"] } });
    expect(allowed).toEqual({ decision: "allow", reasons: ["permitted by policy forms.edit"] });
  });

  it("is typed by the generated TS module's ids", async () => {
    const authorizer = await createAuthorizer<ActionId, PermissionName, RoleName>({ system, engine: "reference" });
    expect((await authorizer.decide({ action: "forms.view", principal: { roles: ["Maestro Developer"] } })).decision).toBe("allow");
    // @ts-expect-error: not an action of maestro (tsc checks this line in CI)
    expect((await authorizer.decide({ action: "forms.veiw", principal: {} })).decision).toBe("deny");
    // @ts-expect-error: not a permission of maestro
    expect((await authorizer.decide({ action: "forms.view", principal: { permissions: ["Form Veiw"] } })).decision).toBe("deny");
  });

  it("denies, with the failure as its reason, when the OPA server cannot be reached", async () => {
    const authorizer = await createAuthorizer({ system, engine: { opa: "http://127.0.0.1:9", timeoutMs: 2_000 } });
    const verdict = await authorizer.decide({ action: "forms.view", principal: { permissions: ["Form View"] } });
    expect(verdict.decision).toBe("deny");
    expect(verdict.reasons[0]).toMatch(/^opa at http:\/\/127\.0\.0\.1:9 failed: /);
  });

  it("builds exactly the Cedar request the Cedar engines build, and OPA's Data API call", () => {
    const request = { action: "forms.edit", principal: { permissions: ["Form Edit"], roles: ["Maestro Developer"] } };
    expect(toCedarRequest(system, request)).toEqual(cedarEntitiesFor(system.ir, request));
    expect(toCedarRequest(system, { action: 7 })).toEqual({ ok: false, problem: 'malformed request: "action" must be a string' });
    expect(toOpaInput(system, request)).toEqual({ path: "/v1/data/policyc/maestro/decision", body: { input: request } });
  });

  it("refuses what it cannot open, with a code", async () => {
    expect(() => loadCompiledSystem(GENERATED, "nope")).toThrow(RuntimeError);
    expect(() => loadCompiledSystem(path.join(ROOT, "spec"), "maestro")).toThrow(/unknown-system/);
    expect(() => parseEngineChoice("rego")).toThrow(/invalid-engine/);
    expect(parseEngineChoice("opa=http://127.0.0.1:8181")).toEqual({ opa: "http://127.0.0.1:8181" });
    await expect(createAuthorizer({ system, engine: "rego" as never })).rejects.toThrow(/invalid-engine/);
  });
});

describe("an application importing policyc/runtime", () => {
  const APP = `
    import { loadCompiledSystem, createAuthorizer } from "policyc/runtime";
    const system = loadCompiledSystem(process.env.COMPILED, "maestro");
    const out = {};
    for (const [name, engine] of [["reference", "reference"], ["cedar", "cedar"], ["opa", { opa: process.env.OPA_URL }]]) {
      const authorizer = await createAuthorizer({ system, engine });
      out[name] = [
        (await authorizer.decide({ action: "forms.view", principal: { roles: ["Maestro Developer"] } })).decision,
        (await authorizer.decide({ action: "versions.admin", principal: { permissions: ["Form View"] } })).decision,
      ];
    }
    console.log(JSON.stringify(out));
  `;

  it("decides with cedar-wasm, OPA and the reference from a separate package folder, loading none of the compiler's dependencies", async () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-app-"));
    try {
      // policyc as an installed dependency of the application, exposing its runtime entry.
      const installed = path.join(app, "node_modules", "policyc");
      fs.mkdirSync(installed, { recursive: true });
      fs.writeFileSync(path.join(installed, "package.json"), JSON.stringify({ name: "policyc", type: "module", exports: { "./runtime": "./src/runtime/index.ts" } }));
      fs.symlinkSync(path.join(ROOT, "src"), path.join(installed, "src"));
      fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", type: "module", private: true }));
      fs.writeFileSync(path.join(app, "app.mjs"), APP);
      const loaded = path.join(app, "loaded.txt");
      const run = await runNode(["--import", LOADER, "app.mjs"], { cwd: app, env: { COMPILED: GENERATED, OPA_URL: opa.url, POLICYC_LOADED_MODULES: loaded } });
      expect(run.stderr).toBe("");
      expect(JSON.parse(run.stdout)).toEqual({ reference: ["allow", "deny"], cedar: ["allow", "deny"], opa: ["allow", "deny"] });
      const modules = fs.readFileSync(loaded, "utf8").trim().split("\n");
      // The record is complete: the runtime and cedar-wasm are in it...
      expect(modules).toContain(`file://${path.join(ROOT, "src/runtime/index.ts")}`);
      expect(modules.some((m) => m.includes("/@cedar-policy/cedar-wasm/"))).toBe(true);
      // ...and nothing of the compiler is.
      const compiler = modules.filter((m) => /\/node_modules\/(typescript|ts-morph|@ts-morph|handlebars|tsx)\//.test(m) || /\/src\/(compile|dsl|verify|cli|diff)\//.test(m) || /\/src\/targets\/[^/]+\/(render|index)\.ts$/.test(m));
      expect(compiler).toEqual([]);
    } finally {
      fs.rmSync(app, { recursive: true, force: true });
    }
  }, 60_000);
});
