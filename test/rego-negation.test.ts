// `not` over an expression whose terms OPA's compiler hoists before it (src/rego-interpreter/dynamic-terms.ts):
// the embedded interpreter against values read from real OPA, and, when `opa` is installed, against OPA itself.
// Under CI=true OPA must be installed; elsewhere its half is skipped, the reason in the skipped test's name and on stderr.

import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findTool, notInstalled } from "../src/engines/tools.ts";
import { compileModules, evalRef, queryBindings, RegoError, toJson } from "../src/rego-interpreter/index.ts";
import { errorCases, moduleCases, operatorRuleCase, queryCases, type ErrorCase, type ModuleCase } from "./rego-negation.cases.ts";

const allModuleCases = [...moduleCases, operatorRuleCase];

function embeddedModule(c: ModuleCase, input: unknown, hasInput: boolean): unknown {
  const policy = compileModules([{ path: `${c.pkg}.rego`, text: `package ${c.pkg}\n${c.rules}` }]);
  const v = evalRef(policy, `data.${c.pkg}`, hasInput ? { input } : {});
  return v === undefined ? undefined : toJson(v);
}

function embeddedError(c: ErrorCase): { code: string; message: string } {
  try {
    compileModules([{ path: `${c.pkg}.rego`, text: `package ${c.pkg}\n${c.rules}` }]);
  } catch (e) {
    if (e instanceof RegoError) return { code: e.code, message: e.detail };
    throw e;
  }
  return { code: "none", message: "compiled" };
}

const expectedError = (c: ErrorCase) => ({ code: c.code, message: c.message.replace("PKG", c.pkg) });

function embeddedQuery(query: string, input: unknown): unknown[] {
  const policy = compileModules([]);
  return queryBindings(policy, query, { input }).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toJson(v)])));
}

describe("not over hoisted terms: the embedded interpreter answers as OPA", () => {
  for (const c of allModuleCases) {
    it(c.name, () => {
      for (const run of c.runs) {
        expect({ input: run.input, value: embeddedModule(c, run.input, "input" in run) }).toEqual({ input: run.input, value: run.expected });
      }
    });
  }

  it("compile errors: operators resolve to rules of the package; negated expressions bind nothing", () => {
    for (const c of errorCases) expect(embeddedError(c)).toEqual(expectedError(c));
  });

  it("queries: no RewriteEquals, so `==` hoists its reference operands", () => {
    for (const q of queryCases) expect({ query: q.query, rows: embeddedQuery(q.query, q.input) }).toEqual({ query: q.query, rows: q.expected });
  });
});

describe("not over hoisted terms: real OPA gives the same answers", () => {
  const opa = findTool("opa");
  if (!opa) {
    if (process.env.CI === "true") {
      it("real OPA is installed (CI=true runs every engine)", () => {
        throw new Error(notInstalled("opa"));
      });
    } else {
      const reason = `compared with real OPA: skipped, ${notInstalled("opa")}`;
      console.warn(reason);
      it.skip(reason, () => {});
    }
    return;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-negation-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** The result set of `opa eval`: bindings and expression values of each result, [] when undefined. */
  const opaEval = (args: string[], input: unknown, hasInput: boolean): Array<{ bindings?: Record<string, unknown>; expressions: Array<{ value: unknown }> }> => {
    const inputFile = path.join(work, "input.json");
    if (hasInput) fs.writeFileSync(inputFile, JSON.stringify(input));
    const out = execFileSync(opa, ["eval", "--format", "json", ...(hasInput ? ["-i", inputFile] : []), ...args], { encoding: "utf8" });
    const parsed = JSON.parse(out) as { result?: Array<{ bindings?: Record<string, unknown>; expressions: Array<{ value: unknown }> }> };
    return parsed.result ?? [];
  };

  for (const c of allModuleCases) {
    it(c.name, () => {
      const file = path.join(work, `${c.pkg}.rego`);
      fs.writeFileSync(file, `package ${c.pkg}\n${c.rules}`);
      for (const run of c.runs) {
        const hasInput = "input" in run;
        const fromOpa = opaEval(["-d", file, `data.${c.pkg}`], run.input, hasInput)[0]?.expressions[0]?.value;
        expect({ input: run.input, value: fromOpa }).toEqual({ input: run.input, value: run.expected });
        expect({ input: run.input, value: embeddedModule(c, run.input, hasInput) }).toEqual({ input: run.input, value: fromOpa });
      }
    });
  }

  it("compile errors", () => {
    for (const c of errorCases) {
      const file = path.join(work, `${c.pkg}.rego`);
      fs.writeFileSync(file, `package ${c.pkg}\n${c.rules}`);
      const run = spawnSync(opa, ["eval", "--format", "json", "-d", file, `data.${c.pkg}`], { encoding: "utf8" });
      const first = (JSON.parse(run.stdout) as { errors?: Array<{ code: string; message: string }> }).errors?.[0];
      const fromOpa = first ? { code: first.code, message: first.message } : { code: "none", message: "compiled" };
      expect(fromOpa).toEqual(expectedError(c));
      expect(embeddedError(c)).toEqual(fromOpa);
    }
  });

  it("queries", () => {
    for (const q of queryCases) {
      const rows = opaEval([q.query], q.input, true).map((r) => r.bindings ?? {});
      expect({ query: q.query, rows }).toEqual({ query: q.query, rows: q.expected });
      expect({ query: q.query, rows: embeddedQuery(q.query, q.input) }).toEqual({ query: q.query, rows });
    }
  });
});
