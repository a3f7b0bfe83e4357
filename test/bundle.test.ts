// `policyc bundle`: the production OPA bundle. The same spec gives the same bytes; the tarball holds the policy and
// its data but no tests; its uncompressed tar is byte for byte what `opa build` writes for the same files and key;
// real OPA verifies its signature and refuses it with another key or a changed file.
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle, readSigningKey } from "../src/bundle/index.ts";
import { canonicalJson, fileHash, goJson } from "../src/bundle/signing.ts";
import { gzip, tar } from "../src/bundle/tar.ts";
import { loadSystems } from "../src/compile/compile.ts";
import { findTool } from "../src/engines/tools.ts";
import type { SystemIR } from "../src/ir/types.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const opa = findTool("opa");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-bundle-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const otherRsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const pem = (key: { export(o: { type: "spki" | "pkcs8"; format: "pem" }): string | Buffer }, type: "spki" | "pkcs8") => String(key.export({ type, format: "pem" }));
const write = (name: string, content: string | Buffer) => {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
};

/** The entries of a tar archive (regular files only), parsed from the bytes. */
function untar(archive: Buffer): Array<{ name: string; content: Buffer }> {
  const entries: Array<{ name: string; content: Buffer }> = [];
  for (let at = 0; at + 512 <= archive.length; ) {
    const header = archive.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(header.subarray(124, 136).toString("ascii"), 8);
    entries.push({ name, content: archive.subarray(at + 512, at + 512 + size) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

const systems: SystemIR[] = [];
beforeAll(async () => {
  for (const { system } of await loadSystems(path.join(ROOT, "spec"))) systems.push(system);
  expect(systems.map((s) => s.id).sort()).toEqual(["maestra", "maestro"]);
});

describe("policyc bundle", () => {
  it("is byte-reproducible, holds no tests, and names its revision, Rego version and the policy root only", () => {
    for (const system of systems) {
      const first = buildBundle(system);
      const again = buildBundle(system);
      expect(again.archive.equals(first.archive)).toBe(true);
      const entries = untar(gunzipSync(first.archive));
      expect(entries.map((e) => e.name)).toEqual(["/data.json", "/policy.rego", "/.manifest"]);
      expect(entries.some((e) => e.name.includes("_test") || /^package .*_test/m.test(e.content.toString()))).toBe(false);
      const manifest = JSON.parse(entries.at(-1)!.content.toString());
      expect(manifest).toEqual({ revision: first.revision, roots: [`policyc/${system.id}`], rego_version: 1 });
      expect(first.revision).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it("gives a new revision when the policy changes, and the same one when nothing does", () => {
    const system = systems.find((s) => s.id === "maestro")!;
    const changed: SystemIR = { ...system, actions: system.actions.slice(1) };
    expect(buildBundle(changed).revision).not.toBe(buildBundle(system).revision);
    // Signing adds a file but changes no content, so the revision stays.
    expect(buildBundle(system, { signingKey: rsa.privateKey }).revision).toBe(buildBundle(system).revision);
  });

  it("hashes JSON as Go writes it: keys sorted by bytes, no white space, no HTML escapes, U+2028 escaped", () => {
    expect(canonicalJson({ b: [1, "x"], a: { "é": true, z: null }, "<&>": "\u2028 \n" })).toBe('{"<&>":"\\u2028 \\n","a":{"z":null,"é":true},"b":[1,"x"]}');
    // What `opa build` writes into the tarball escapes them (Go's json.Marshal); the signature hashes the unescaped form.
    expect(goJson('{"<&>":"a > b"}')).toBe('{"\\u003c\\u0026\\u003e":"a \\u003e b"}');
  });

  describe.skipIf(!opa && process.env.CI !== "true")(`with real OPA${opa ? "" : " (skipped: opa is not installed; run make tools)"}`, () => {
    it("writes exactly the tar `opa build --signing-key` writes for the same files", async () => {
      for (const system of systems) {
        const bundle = buildBundle(system, { signingKey: rsa.privateKey });
        const ours = gunzipSync(bundle.archive);
        const dir = path.join(tmp, `opa-build-${system.id}`);
        for (const entry of untar(ours)) if (entry.name !== "/.signatures.json") write(path.join(`opa-build-${system.id}`, entry.name), entry.content);
        const key = write("rsa.pem", pem(rsa.privateKey, "pkcs8"));
        const out = path.join(tmp, `opa-${system.id}.tar.gz`);
        await run(opa!, ["build", "-b", ".", "--signing-key", key, "-o", out], { cwd: dir });
        expect(gunzipSync(fs.readFileSync(out)).equals(ours), system.id).toBe(true);
      }
    });

    it("hashes JSON files as OPA does, for text that Go and JavaScript escape differently", async () => {
      const data = { policyc: { odd: ["<script>&</script>", "line\u2028sep\u2029", "tab\t\u0001", "é ✓ 𝄞"], "Z key": 1, "a key": 2.5 } };
      const dir = path.join(tmp, "odd");
      write("odd/data.json", JSON.stringify(data));
      write("odd/.manifest", JSON.stringify({ roots: ["policyc"] }));
      const key = write("rsa.pem", pem(rsa.privateKey, "pkcs8"));
      await run(opa!, ["build", "-b", ".", "--signing-key", key, "-o", path.join(tmp, "odd.tar.gz")], { cwd: dir });
      const signaturesFile = untar(gunzipSync(fs.readFileSync(path.join(tmp, "odd.tar.gz")))).find((e) => e.name === "/.signatures.json")!;
      const jwt = JSON.parse(signaturesFile.content.toString()).signatures[0] as string;
      const files = JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()).files as Array<{ name: string; hash: string }>;
      expect(files.find((f) => f.name === "data.json")!.hash).toBe(fileHash({ name: "data.json", content: Buffer.from(JSON.stringify(data)) }));
    });

    it("is verified by OPA with the right key (RSA and EC), and refused with another key or a changed file", async () => {
      const system = systems.find((s) => s.id === "maestro")!;
      const verify = async (archive: Buffer, publicKey: string, alg = "RS256") => {
        const file = write("check.tar.gz", archive);
        const key = write("check.pub.pem", publicKey);
        try {
          await run(opa!, ["build", "-b", file, "--verification-key", key, "--signing-alg", alg, "-o", path.join(tmp, "verified.tar.gz")]);
          return "verified";
        } catch (error) {
          const { stdout, stderr } = error as { stdout?: string; stderr?: string };
          return `${stdout ?? ""}${stderr ?? ""}`;
        }
      };
      const signed = buildBundle(system, { signingKey: readSigningKey(pem(rsa.privateKey, "pkcs8")) });
      expect(await verify(signed.archive, pem(rsa.publicKey, "spki"))).toBe("verified");
      expect(await verify(signed.archive, pem(otherRsa.publicKey, "spki"))).toMatch(/verification error|failed to verify/);
      const ecSigned = buildBundle(system, { signingKey: ec.privateKey });
      expect(await verify(ecSigned.archive, pem(ec.publicKey, "spki"), "ES256")).toBe("verified");
      // The same signature over a policy with one allow rule more: OPA sees the hash differ.
      const tampered = untar(gunzipSync(signed.archive)).map((e) => (e.name === "/policy.rego" ? { ...e, content: Buffer.concat([e.content, Buffer.from("\nallow if true\n")]) } : e));
      expect(await verify(gzip(tar(tampered)), pem(rsa.publicKey, "spki"))).toMatch(/digest mismatch|hash/i);
    });
  });

  it("is written by the CLI, twice the same bytes, with the revision of the committed bundle directory", async () => {
    const cli = path.join(ROOT, "bin/policyc.js");
    const outputs = ["one.tar.gz", "two.tar.gz"].map((name) => path.join(tmp, name));
    const revisions: string[] = [];
    for (const out of outputs) revisions.push((await run("node", [cli, "bundle", "maestro", "--out", out], { cwd: ROOT })).stdout.trim());
    expect(fs.readFileSync(outputs[0]!).equals(fs.readFileSync(outputs[1]!))).toBe(true);
    // So `opa build generated/rego/maestro` and the tarball name the same revision.
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, "generated/rego/maestro/.manifest"), "utf8")).revision;
    expect(revisions).toEqual([committed, committed]);
    const bad = await run("node", [cli, "bundle", "maestro", "--out", outputs[0]!, "--signing-key", write("not-a-key.pem", "nope")], { cwd: ROOT }).catch((e) => e);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining("[signing-key]")]);
  });

  it("refuses a signing key that is no private key, with a code", () => {
    expect(() => readSigningKey("not a key")).toThrow(expect.objectContaining({ code: "signing-key" }));
  });
});
