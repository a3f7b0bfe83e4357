// OPA's bundle signature (`.signatures.json`): one JWT whose payload lists every file of the bundle with its
// SHA-256, signed with the bundle key. OPA hashes a JSON file (`data.json`, `.manifest`) over its canonical form
// (keys sorted, no white space) and any other file over its bytes, and names files without the leading "/".
import { createHash, createPrivateKey, sign, type KeyObject } from "node:crypto";
import { BundleError } from "./errors.ts";

export interface BundleFile {
  /** The path inside the bundle, without a leading "/": "policy.rego", "data.json", ".manifest". */
  name: string;
  content: Buffer;
}

/**
 * JSON as Go's encoding/json writes it for OPA's hashes: object keys sorted by their UTF-8 bytes, no white space,
 * and U+2028 / U+2029 escaped (Go always escapes them; JSON.stringify does not). Go writes no HTML escapes here.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${jsonString(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return typeof value === "string" ? jsonString(value) : JSON.stringify(value);
}

function jsonString(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * JSON as `opa build` writes a bundle's JSON files (Go's json.Marshal): the canonical form with "<", ">" and "&"
 * escaped as \u003c, \u003e and \u0026. Those characters only occur inside strings, so the replacement is exact;
 * the signature hashes the unescaped canonical form, which parsing gives back.
 */
export function goJson(canonical: string): string {
  return canonical.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

const isJson = (name: string) => name.endsWith(".json") || name === ".manifest";

/** A file's SHA-256 as OPA computes it for the signature. */
export function fileHash(file: BundleFile): string {
  const bytes = isJson(file.name) ? Buffer.from(canonicalJson(JSON.parse(file.content.toString("utf8"))), "utf8") : file.content;
  return createHash("sha256").update(bytes).digest("hex");
}

/** The JWS algorithm for a private key: RS256 for RSA, ES256 / ES384 for the P-256 / P-384 curves. */
function algorithmFor(key: KeyObject): { alg: string; hash: string; dsaEncoding?: "ieee-p1363" } {
  if (key.asymmetricKeyType === "rsa") return { alg: "RS256", hash: "sha256" };
  if (key.asymmetricKeyType === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === "prime256v1") return { alg: "ES256", hash: "sha256", dsaEncoding: "ieee-p1363" };
    if (curve === "secp384r1") return { alg: "ES384", hash: "sha384", dsaEncoding: "ieee-p1363" };
  }
  throw new BundleError("signing-key", `the signing key must be an RSA key or an EC key on P-256 or P-384 (got ${key.asymmetricKeyType})`);
}

/** Read a PEM private key; a file that holds none is a BundleError. */
export function readSigningKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    throw new BundleError("signing-key", `the signing key is not a PEM private key: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/**
 * `.signatures.json` for the files (every file of the bundle but itself), as `opa build --signing-key` writes it:
 * header {alg, kid, typ}, payload {files: [{name, hash, algorithm}], keyid}. An RS256 signature is deterministic,
 * so the same files and key give the same bytes; an ECDSA one is not.
 */
export function signatures(files: BundleFile[], key: KeyObject, keyId: string): Buffer {
  const algorithm = algorithmFor(key);
  const header = { alg: algorithm.alg, kid: keyId, typ: "JWT" };
  const payload = { files: files.map((f) => ({ name: f.name, hash: fileHash(f), algorithm: "SHA-256" })), keyid: keyId };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign(algorithm.hash, Buffer.from(input), { key, dsaEncoding: algorithm.dsaEncoding });
  return Buffer.from(JSON.stringify({ signatures: [`${input}.${base64url(signature)}`], plugin: "_default" }, null, 1));
}
