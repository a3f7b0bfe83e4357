// The Cedar output loads into Amazon Verified Permissions: every policy alone in a file named by its @id and at
// most 10,000 bytes, the policies that leave the resource open at most 200,000 bytes together, the schema in
// Cedar's JSON form at most 100,000 bytes with its @doc annotations, and a manifest that says what Cedar parses.
import path from "node:path";
import { checkParseSchema, policyToJson, validate } from "@cedar-policy/cedar-wasm/nodejs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSystems } from "../src/compile/compile.ts";
import type { SystemIR } from "../src/ir/types.ts";
import { AVP_QUOTAS as AVP, policyBytes } from "../src/targets/cedar/avp.ts";
import { namespaceFor } from "../src/targets/cedar/identifiers.ts";
import { cedarTarget } from "../src/targets/cedar/index.ts";
import { generateFixtures } from "../src/verify/fixtures.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

interface ManifestEntry {
  id: string;
  file: string;
  effect: "permit" | "forbid";
  action: string;
  bytes: number;
}

const systems: Array<{ system: SystemIR; files: Record<string, string> }> = [];

beforeAll(async () => {
  for (const dir of ["spec", "test/golden/constructs/spec"]) {
    for (const { system } of await loadSystems(path.join(ROOT, dir))) {
      const emitted = (await cedarTarget.emit(system, { fixtures: generateFixtures(system) })).map((f) => [f.path.slice(system.id.length + 1), f.content]);
      systems.push({ system, files: Object.fromEntries(emitted) });
    }
  }
  expect(systems.map((s) => s.system.id).sort()).toEqual(["maestra", "maestro", "shop"]);
});

describe("Cedar output for Amazon Verified Permissions", () => {
  it("writes each policy alone in a file named by its @id, as the manifest lists it and Cedar parses it", () => {
    for (const { system, files } of systems) {
      const manifest = JSON.parse(files["policies/manifest.json"]!) as { policies: ManifestEntry[] };
      expect(manifest.policies.map((p) => p.id)).toEqual(["not-a-project-user", ...system.actions.map((a) => a.id)]);
      for (const entry of manifest.policies) {
        const text = files[`policies/${entry.file}`]!;
        expect(entry.file).toBe(`${entry.id}.cedar`);
        expect(entry.bytes).toBe(Buffer.byteLength(text));
        const json = policyToJson(text);
        if (json.type === "failure") throw new Error(`${entry.file}: ${json.errors.map((e) => e.message).join("\n")}`);
        expect(json.json.annotations?.id).toBe(entry.id);
        expect(json.json.effect).toBe(entry.effect);
        expect(json.json.action).toEqual(entry.action === "*" ? { op: "All" } : { op: "==", entity: { type: `${namespaceFor(system.id)}::Action`, id: entry.action } });
      }
    }
  });

  it("keeps every policy within AVP's 10,000 bytes, and the resource-open ones within 200,000 together", () => {
    for (const { system, files } of systems) {
      const manifest = JSON.parse(files["policies/manifest.json"]!) as { policies: ManifestEntry[] };
      const sizes = manifest.policies.map((p) => policyBytes(files[`policies/${p.file}`]!));
      expect(Math.max(...sizes), system.id).toBeLessThanOrEqual(AVP.policy);
      // Every policy leaves principal and resource open, so all of them count against one quota.
      for (const p of manifest.policies) {
        const json = policyToJson(files[`policies/${p.file}`]!);
        expect(json.type === "success" && [json.json.principal, json.json.resource]).toEqual([{ op: "All" }, { op: "All" }]);
      }
      expect(sizes.reduce((a, b) => a + b, 0), system.id).toBeLessThanOrEqual(AVP.unscopedPolicies);
    }
  });

  it("writes the schema as JSON within AVP's 100,000 bytes, with every type spelt out and the @doc annotations kept", () => {
    for (const { system, files } of systems) {
      const text = files["schema.cedarschema.json"]!;
      expect(Buffer.byteLength(text), system.id).toBeLessThanOrEqual(AVP.schema);
      expect(text).not.toContain("EntityOrCommon");
      const schema = JSON.parse(text);
      expect(checkParseSchema(schema).type).toBe("success");
      const [namespace] = Object.values(schema) as Array<{ annotations: { doc: string }; entityTypes: Record<string, { annotations: { doc: string } }>; actions: Record<string, { annotations: { doc: string } }> }>;
      expect(namespace!.annotations.doc).toContain(system.document);
      expect(namespace!.entityTypes.User!.annotations.doc).toContain("principal.id");
      expect(Object.keys(namespace!.actions).sort()).toEqual(system.actions.map((a) => a.id).sort());
      for (const action of Object.values(namespace!.actions)) expect(action.annotations.doc).toBeTruthy();
      // The JSON form is the schema the policies are strictly validated against, as AVP validates them.
      const answer = validate({ schema, policies: { staticPolicies: files["policies.cedar"]! }, validationSettings: { mode: "strict" } });
      expect(answer.type === "success" && answer.validationErrors).toEqual([]);
    }
  });

  it("ships only the static entities in entities.json; the example user is in examples.json", () => {
    for (const { system, files } of systems) {
      const types = new Set((JSON.parse(files["entities.json"]!) as Array<{ uid: { type: string } }>).map((e) => e.uid.type.split("::").pop()));
      expect([...types].every((t) => t === "Permission" || t === "Role"), system.id).toBe(true);
      const examples = JSON.parse(files["examples.json"]!) as Array<{ uid: { type: string; id: string } }>;
      expect(examples.map((e) => e.uid.type.split("::").pop())).toEqual(["User", "Resource"]);
    }
  });
});
