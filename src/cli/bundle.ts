import fs from "node:fs";
import path from "node:path";
import { BundleError, buildBundle, readSigningKey } from "../bundle/index.ts";
import { EXIT, loadSystem, parse, specOption, type Command } from "./common.ts";

export const bundleCommand: Command = {
  name: "bundle",
  usage: `Usage: policyc bundle <system> [--out FILE] [--signing-key FILE] [--key-id ID] [--spec DIR]

Writes the OPA bundle of one system as \`opa build\` would: /data.json, the policy, and the /.manifest of
generated/rego/<system>/ ("revision", a hash of the policy and data; "rego_version" 1; the policy's root only).
Tests are never in it. The same spec gives the same bytes.

  --out FILE          where to write it (default: bundle.tar.gz)
  --signing-key FILE  a PEM private key (RSA: RS256; EC P-256 / P-384: ES256 / ES384): adds /.signatures.json
                      in OPA's bundle-signature format, for \`opa run --verification-key\` or a config's keys
  --key-id ID         the key id the signature names (default: default, the id OPA gives --verification-key)

Prints the revision on standard output.`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      ...specOption,
      out: { type: "string", default: "bundle.tar.gz" },
      "signing-key": { type: "string" },
      "key-id": { type: "string", default: "default" },
    });
    const system = await loadSystem(values.spec!, positionals[0]);
    try {
      const signingKey = values["signing-key"] ? readSigningKey(fs.readFileSync(path.resolve(values["signing-key"]), "utf8")) : undefined;
      const bundle = buildBundle(system, { signingKey, keyId: values["key-id"] });
      fs.writeFileSync(path.resolve(values.out!), bundle.archive);
      console.error(`bundle: wrote ${values.out} (${bundle.archive.length} bytes, ${bundle.signed ? "signed" : "unsigned"}, roots ${bundle.roots.join(", ")})`);
      console.log(bundle.revision);
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof BundleError)) throw error;
      console.error(`policyc bundle: ${error.message} [${error.code}]`);
      return EXIT.usage;
    }
  },
};
