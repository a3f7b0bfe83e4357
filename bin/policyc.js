#!/usr/bin/env node
// Entry point: registers tsx so the CLI and users' TypeScript specs run without a build step.
import { register } from "tsx/esm/api";

// A reader that stops early (`policyc actions maestra | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
// `policyc serve` runs on compiled output alone: it starts without loading the compiler and the other commands.
const { main } = await import(process.argv[2] === "serve" ? "../src/cli/serve-main.ts" : "../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
