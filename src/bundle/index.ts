// `policyc bundle`: the production OPA bundle of one system as `opa build` writes it (bundle.tar.gz), from the Rego
// target's files without its tests, with a manifest that names its revision (a hash of its content), its Rego
// version and the policy's root only, optionally signed.
import { createHash, type KeyObject } from "node:crypto";
import type { SystemIR } from "../ir/types.ts";
import { regoBundle } from "../targets/rego/index.ts";
import type { FixtureFile } from "../verify/fixtures.ts";
import { BundleError } from "./errors.ts";
import { canonicalJson, fileHash, signatures, type BundleFile } from "./signing.ts";
import { gzip, tar } from "./tar.ts";

export { BundleError } from "./errors.ts";
export { readSigningKey } from "./signing.ts";

/** The Rego the target emits is Rego v1. */
const REGO_VERSION = 1;

export interface BundleOptions {
  /** Sign the bundle with this private key (RS256 for RSA, ES256/ES384 for EC). */
  signingKey?: KeyObject;
  /** The key id the signature names (`kid`, `keyid`); OPA's `--verification-key` calls its key "default". */
  keyId?: string;
}

export interface Bundle {
  /** bundle.tar.gz */
  archive: Buffer;
  revision: string;
  roots: string[];
  /** The files inside, without a leading "/", in archive order. */
  files: BundleFile[];
  signed: boolean;
}

/** The Rego target's files that belong in a deployed bundle: policies (not tests) and the data, checked for shape. */
function deployedFiles(system: SystemIR, fixtures: FixtureFile): { policies: BundleFile[]; data: unknown; roots: string[] } {
  const policies: BundleFile[] = [];
  let data: unknown = {};
  let roots: string[] = [];
  for (const file of regoBundle(system, fixtures)) {
    if (file.path.endsWith("_test.rego")) continue;
    if (file.path.endsWith(".rego")) policies.push({ name: file.path, content: Buffer.from(file.content) });
    else if (file.path === "data.json") data = JSON.parse(file.content);
    else if (file.path === ".manifest") {
      const manifest = JSON.parse(file.content) as { roots?: unknown };
      if (!Array.isArray(manifest.roots) || !manifest.roots.every((r) => typeof r === "string")) throw new BundleError("bad-manifest", "the Rego target's .manifest has no list of roots");
      roots = manifest.roots;
    } else throw new BundleError("unsupported-file", `the Rego target wrote ${file.path}, which a bundle built here cannot hold`);
  }
  policies.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  return { policies, data, roots: roots.filter((root) => rootIsUsed(root, policies, data)) };
}

/** A root some policy package or some data lives at or under (the tests' package root is used by no deployed file). */
function rootIsUsed(root: string, policies: BundleFile[], data: unknown): boolean {
  const packages = policies.flatMap((p) => /^package\s+([\w.]+)/m.exec(p.content.toString("utf8"))?.[1] ?? []).map((name) => name.replace(/\./g, "/"));
  if (packages.some((p) => p === root || p.startsWith(`${root}/`))) return true;
  let node = data;
  for (const segment of root.split("/")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return true;
}

/**
 * The bundle of one system. Its revision is the SHA-256 of what it holds (each file's OPA hash, the roots and the
 * Rego version), so the same spec gives the same revision and the same bytes, and any change gives a new revision.
 */
export function buildBundle(system: SystemIR, fixtures: FixtureFile, options: BundleOptions = {}): Bundle {
  const { policies, data, roots } = deployedFiles(system, fixtures);
  // JSON files end in a line break, as Go's JSON encoder writes them for `opa build`.
  const dataFile: BundleFile = { name: "data.json", content: Buffer.from(canonicalJson(data) + "\n") };
  const content = [...policies, dataFile];
  const revision = createHash("sha256")
    .update(canonicalJson({ files: content.map((f) => [f.name, fileHash(f)]), roots, rego_version: REGO_VERSION }))
    .digest("hex");
  // The manifest's fields in the order `opa build` writes them.
  const manifest: BundleFile = { name: ".manifest", content: Buffer.from(JSON.stringify({ revision, roots, rego_version: REGO_VERSION }) + "\n") };
  // `opa build` writes data.json, the policies, the signatures, then the manifest; the signature lists the policies, data.json, then the manifest.
  const signed = [...policies, dataFile, manifest];
  const entries = [dataFile, ...policies];
  if (options.signingKey) entries.push({ name: ".signatures.json", content: signatures(signed, options.signingKey, options.keyId ?? "default") });
  entries.push(manifest);
  return {
    archive: gzip(tar(entries.map((f) => ({ name: `/${f.name}`, content: f.content })))),
    revision,
    roots,
    files: entries,
    signed: Boolean(options.signingKey),
  };
}
