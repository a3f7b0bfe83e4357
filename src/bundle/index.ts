// `policyc bundle`: the production OPA bundle of one system as `opa build` writes it (bundle.tar.gz), from the Rego
// target's bundle files: the policy, its data and the manifest (revision, Rego version, the policy's root), never a
// test, optionally signed.
import type { KeyObject } from "node:crypto";
import type { SystemIR } from "../ir/types.ts";
import { regoBundle } from "../targets/rego/index.ts";
import { BundleError } from "./errors.ts";
import { canonicalJson, goJson, signatures, type BundleFile } from "./signing.ts";
import { gzip, tar } from "./tar.ts";

export { BundleError } from "./errors.ts";
export { readSigningKey } from "./signing.ts";

export interface BundleOptions {
  /** Sign the bundle with this private key (RS256 for RSA, ES256/ES384 for EC). */
  signingKey?: KeyObject;
  /** The key id the signature names (`kid`, `keyid`); OPA's `--verification-key` calls its key "default". */
  keyId?: string;
}

export interface Bundle {
  /** bundle.tar.gz */
  archive: Buffer;
  /** The manifest's revision: the Rego target's hash of the policy and data. */
  revision: string;
  roots: string[];
  /** The files inside, without a leading "/", in archive order. */
  files: BundleFile[];
  signed: boolean;
}

interface Manifest {
  revision: string;
  roots: string[];
  rego_version: number;
}

function readManifest(text: string): Manifest {
  const manifest = JSON.parse(text) as Partial<Manifest>;
  const fine =
    typeof manifest.revision === "string" &&
    manifest.revision !== "" &&
    Array.isArray(manifest.roots) &&
    manifest.roots.every((r) => typeof r === "string") &&
    typeof manifest.rego_version === "number";
  if (!fine) throw new BundleError("bad-manifest", `the Rego target's .manifest lacks a revision, roots or rego_version: ${text.trim()}`);
  return manifest as Manifest;
}

/**
 * The bundle of one system: the Rego target's policies (any `_test.rego` left out: tests never ship), its data as
 * `opa build` writes it (canonical JSON), and its manifest with the fields in `opa build`'s order. The same spec
 * gives the same bytes; any change to the policy or data gives a new revision.
 */
export function buildBundle(system: SystemIR, options: BundleOptions = {}): Bundle {
  const policies: BundleFile[] = [];
  let data: BundleFile | undefined;
  let manifest: Manifest | undefined;
  for (const file of regoBundle(system)) {
    if (file.path.endsWith("_test.rego")) continue;
    // JSON files are written as Go's encoder writes them for `opa build`: canonical, HTML-escaped, ending in a line break.
    if (file.path.endsWith(".rego")) policies.push({ name: file.path, content: Buffer.from(file.content) });
    else if (file.path === "data.json") data = { name: "data.json", content: Buffer.from(goJson(canonicalJson(JSON.parse(file.content))) + "\n") };
    else if (file.path === ".manifest") manifest = readManifest(file.content);
    else throw new BundleError("unsupported-file", `the Rego target wrote ${file.path}, which a bundle built here cannot hold`);
  }
  if (!manifest || !data) throw new BundleError("bad-manifest", "the Rego target wrote no .manifest or no data.json");
  policies.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  const { revision, roots, rego_version } = manifest;
  const manifestFile: BundleFile = { name: ".manifest", content: Buffer.from(goJson(JSON.stringify({ revision, roots, rego_version })) + "\n") };
  // `opa build` writes data.json, the policies, the signatures, then the manifest; the signature lists the policies, data.json, then the manifest.
  const entries = [data, ...policies];
  if (options.signingKey) entries.push({ name: ".signatures.json", content: signatures([...policies, data, manifestFile], options.signingKey, options.keyId ?? "default") });
  entries.push(manifestFile);
  return {
    archive: gzip(tar(entries.map((f) => ({ name: `/${f.name}`, content: f.content })))),
    revision,
    roots,
    files: entries,
    signed: Boolean(options.signingKey),
  };
}
