import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { compileSpecs, type CompiledSystem } from "../src/compile/compile.ts";
import { regoEngine } from "../src/verify/engines/rego.ts";
import { findOpa } from "../src/verify/opa.ts";

// How the Rego engine drives a real `opa`, checked with a stand-in (test/fixtures-opa/opa) put first on PATH:
// it logs its arguments and answers `eval` with the embedded interpreter, as opa would print it.
const FAKE_DIR = path.resolve("test/fixtures-opa");
const FAKE_OPA = path.join(FAKE_DIR, "opa");

interface Invocation {
  args: string[];
  files: string[];
}

let shop: CompiledSystem;
let logFile: string;
const saved = { PATH: process.env.PATH, FAKE_OPA_LOG: process.env.FAKE_OPA_LOG, FAKE_OPA_FAIL: process.env.FAKE_OPA_FAIL };

function invocations(): Invocation[] {
  if (!fs.existsSync(logFile)) return [];
  return fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Invocation);
}

beforeAll(async () => {
  shop = (await compileSpecs("test/golden/constructs/spec")).systems[0]!;
  logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fake-opa-log-")), "opa.log");
  process.env.PATH = `${FAKE_DIR}${path.delimiter}${saved.PATH ?? ""}`;
  process.env.FAKE_OPA_LOG = logFile;
});

afterEach(() => {
  fs.rmSync(logFile, { force: true });
  delete process.env.FAKE_OPA_FAIL;
});

afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("rego engine with opa on PATH", () => {
  it("finds opa on PATH and reads its version", () => {
    expect(findOpa()).toEqual({ path: FAKE_OPA, version: "0.0.0-fake" });
  });

  it("checks the bundle strictly and runs its tests once, then evaluates each request with opa eval", async () => {
    const engine = await regoEngine.open(shop.system);
    expect(engine.note).toBe(`rego: opa 0.0.0-fake at ${FAKE_OPA}`);
    const [version, check, test, ...rest] = invocations();
    expect(version!.args).toEqual(["version"]);
    expect(rest).toEqual([]);
    expect(check!.args.slice(0, 2)).toEqual(["check", "--strict"]);
    const bundle = check!.args[2]!;
    expect(check!.args).toEqual(["check", "--strict", bundle]);
    expect(check!.files).toEqual([".manifest", "data.json", "policy.rego", "policy_test.rego"]);
    expect(test!.args).toEqual(["test", bundle]);

    const allowed = { action: "orders.edit_an_order", principal: { roles: ["Editor"] } };
    const denied = { action: "orders.edit_an_order", principal: { roles: ["Viewer"] } };
    expect(engine.decide(allowed)).toBe("allow");
    expect(engine.decide(denied)).toBe("deny");
    const evals = invocations().slice(3);
    expect(evals).toHaveLength(2);
    for (const call of evals) {
      expect(call.args).toEqual(["eval", "--format", "json", "-d", bundle, "-i", call.args[6]!, "data.policyc.shop.allow"]);
      // The input file is not inside the bundle, where opa would load it as data.
      expect(path.relative(bundle, call.args[6]!).startsWith("..")).toBe(true);
    }
    engine.close?.();
    expect(fs.existsSync(bundle)).toBe(false);
  });

  it("decides a whole batch with one opa eval, in order", async () => {
    const engine = await regoEngine.open(shop.system);
    const fixtures = shop.fixtures.fixtures;
    const decisions = engine.decideAll!(fixtures.map((f) => f.request));
    expect(decisions).toEqual(fixtures.map((f) => f.expected));
    const evals = invocations().filter((i) => i.args[0] === "eval");
    expect(evals).toHaveLength(1);
    expect(evals[0]!.args.slice(0, 4)).toEqual(["eval", "--format", "json", "-d"]);
    expect(evals[0]!.args[7]).toBe("[allowed | request := input[_]; allowed := data.policyc.shop.allow with input as request]");
    expect(engine.note).toBe(`rego: opa 0.0.0-fake at ${FAKE_OPA}`);
    engine.close?.();
  });

  it("denies everything and says why when opa check rejects the bundle", async () => {
    process.env.FAKE_OPA_FAIL = "check";
    const engine = await regoEngine.open(shop.system);
    expect(engine.decide({ action: "help.read_help", principal: {} })).toBe("deny");
    expect(engine.decideAll!([{ action: "help.read_help", principal: {} }])).toEqual(["deny"]);
    expect(engine.note).toMatch(/^rego: opa 0\.0\.0-fake at .*; opa check --strict .* exited 1: 1 error occurred: .*fake failure/);
    expect(invocations().filter((i) => i.args[0] === "eval")).toEqual([]);
    engine.close?.();
  });

  it("still decides but reports it when opa test fails", async () => {
    process.env.FAKE_OPA_FAIL = "test";
    const engine = await regoEngine.open(shop.system);
    expect(engine.decide({ action: "help.read_help", principal: {} })).toBe("allow");
    expect(engine.note).toMatch(/; opa test .* exited 2: FAIL: 1\/1$/);
    engine.close?.();
  });
});

describe("rego engine without opa", () => {
  it("falls back to the embedded evaluator and says so", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-opa-"));
    process.env.PATH = empty;
    try {
      expect(findOpa()).toBeUndefined();
      const engine = await regoEngine.open(shop.system);
      expect(engine.note).toBe("rego: embedded evaluator (opa not on PATH)");
      expect(shop.fixtures.fixtures.map((f) => engine.decide(f.request))).toEqual(shop.fixtures.fixtures.map((f) => f.expected));
      expect(engine.decide(undefined)).toBe("deny");
      expect(engine.policyFor?.("orders.export_orders")).toMatch(/^# Action orders\.export_orders \(/);
      expect(invocations()).toEqual([]);
    } finally {
      process.env.PATH = `${FAKE_DIR}${path.delimiter}${saved.PATH ?? ""}`;
    }
  });
});
