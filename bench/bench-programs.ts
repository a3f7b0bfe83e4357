// The bench's own programs over the native engines (bench/regorus-latency in Rust, bench/cedar-go-latency and
// bench/opa-latency in Go), which time each decision inside the engine's process: regorus-decide and
// cedar-go-decide answer a whole batch at once, and `opa bench` times a whole query, so from outside only a
// batch's time can be seen. Built on first use into .tools (git-ignored) and
// rebuilt by cargo or go when their sources change.
import { execFileSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

/** The path of a bench program, built if needed; throws when its toolchain (cargo, go) is missing. */
export function benchProgram(name: "regorus-latency" | "cedar-go-latency" | "opa-latency"): string {
  if (name === "regorus-latency") {
    const target = path.join(ROOT, ".tools/cargo-target");
    execFileSync("cargo", ["build", "--release", "--locked", "--quiet", "--manifest-path", path.join(ROOT, "bench/regorus-latency/Cargo.toml"), "--target-dir", target], { stdio: ["ignore", "ignore", "inherit"] });
    return path.join(target, "release", name);
  }
  const binary = path.join(ROOT, ".tools/bench-bin", name);
  execFileSync("go", ["build", "-o", binary, "."], { cwd: path.join(ROOT, "bench", name), stdio: ["ignore", "ignore", "inherit"] });
  return binary;
}
