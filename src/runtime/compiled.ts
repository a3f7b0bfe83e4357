// A system's compiled output, read from the files `policyc compile` wrote: the IR (generated/ir/<id>.json), the
// Cedar schema and policies (generated/cedar/<id>/) and the Rego policy and data (generated/rego/<id>/).
// The runtime reads these and nothing else: never the spec.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { irSchemaErrors } from "../ir/schema.ts";
import type { SystemIR } from "../ir/types.ts";
import { RuntimeError } from "./errors.ts";

export interface CompiledSystem {
  /** The output folder it was read from. */
  dir: string;
  ir: SystemIR;
  /** The Cedar files (read when first asked for). */
  cedar(): { schema: string; policies: string };
  /** The Rego bundle's policy and data (read when first asked for). */
  rego(): { policy: string; data: string };
  /** A short hash of every file decisions depend on: the policy revision the decision log records. */
  revision(): string;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new RuntimeError("compiled-output-missing", `cannot read compiled output (run \`policyc compile\`): ${(error as Error).message}`, file);
  }
}

/** The ids of the systems compiled into an output folder, sorted. */
export function compiledSystemIds(dir: string): string[] {
  const irDir = path.join(dir, "ir");
  if (!fs.existsSync(irDir)) throw new RuntimeError("compiled-output-missing", "no ir/ folder: not a compiled output folder (run `policyc compile`)", dir);
  return fs
    .readdirSync(irDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

/** Read one system's compiled output; the IR is checked against its JSON Schema. */
export function loadCompiledSystem(dir: string, id: string): CompiledSystem {
  const irFile = path.join(dir, "ir", `${id}.json`);
  if (!fs.existsSync(irFile)) throw new RuntimeError("unknown-system", `no compiled system "${id}"`, irFile);
  let ir: unknown;
  try {
    ir = JSON.parse(readText(irFile));
  } catch (error) {
    if (error instanceof RuntimeError) throw error;
    throw new RuntimeError("compiled-output-invalid", `not JSON: ${(error as Error).message}`, irFile);
  }
  const problems = irSchemaErrors(ir);
  if (problems.length) throw new RuntimeError("compiled-output-invalid", `not a policyc IR: ${problems.slice(0, 5).join("; ")}`, irFile);
  const system = ir as SystemIR;
  let cedar: { schema: string; policies: string } | undefined;
  let rego: { policy: string; data: string } | undefined;
  let revision: string | undefined;
  const compiled: CompiledSystem = {
    dir,
    ir: system,
    cedar: () => (cedar ??= { schema: readText(path.join(dir, "cedar", id, "schema.cedarschema")), policies: readText(path.join(dir, "cedar", id, "policies.cedar")) }),
    rego: () => (rego ??= { policy: readText(path.join(dir, "rego", id, "policy.rego")), data: readText(path.join(dir, "rego", id, "data.json")) }),
    revision() {
      if (revision) return revision;
      const hash = createHash("sha256").update(readText(irFile));
      for (const file of [path.join("cedar", id, "schema.cedarschema"), path.join("cedar", id, "policies.cedar"), path.join("rego", id, "policy.rego"), path.join("rego", id, "data.json")]) {
        const full = path.join(dir, file);
        hash.update(`\0${file}\0`).update(fs.existsSync(full) ? fs.readFileSync(full) : "");
      }
      return (revision = hash.digest("hex").slice(0, 12));
    },
  };
  return compiled;
}

/** Every system of an output folder. */
export function loadCompiledSystems(dir: string): CompiledSystem[] {
  return compiledSystemIds(dir).map((id) => loadCompiledSystem(dir, id));
}
