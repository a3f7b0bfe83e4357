// Module hooks that let plain `node` import policyc's TypeScript sources, standing in for a build step: each
// `.ts` file is transpiled on its own by esbuild (types stripped, nothing bundled). Every module URL loaded is
// appended to the file named by POLICYC_LOADED_MODULES, so a test can see exactly what an import pulled in.
import fs from "node:fs";
import { transformSync } from "esbuild";

const record = process.env.POLICYC_LOADED_MODULES;

export async function load(url, context, nextLoad) {
  if (record) fs.appendFileSync(record, `${url}\n`);
  if (url.startsWith("file:") && url.endsWith(".ts")) {
    const source = fs.readFileSync(new URL(url), "utf8");
    const { code } = transformSync(source, { loader: "ts", format: "esm", sourcefile: url });
    return { format: "module", source: code, shortCircuit: true };
  }
  return nextLoad(url, context);
}
