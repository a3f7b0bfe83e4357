#!/usr/bin/env node
// Entry point. The installed package runs the compiled CLI in dist/ (`npm run build`, run on `npm pack`); a checkout
// of the repository, where src/ sits beside bin/, runs the TypeScript sources through tsx instead, so no build
// step stands between an edit and `make compile` or `make test`.
import fs from "node:fs";

// A reader that stops early (`policyc actions maestra | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const sources = new URL("../src/cli/main.ts", import.meta.url);
let main;
if (fs.existsSync(sources)) {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import("../dist/cli/main.js"));
}
process.exitCode = await main(process.argv.slice(2));
