// Cedar through cedar-wasm (the Rust core compiled to WebAssembly), in process.
import { getCedarVersion } from "@cedar-policy/cedar-wasm/nodejs";
import { emitCedar } from "../../targets/cedar/index.ts";
import type { Engine } from "../engine.ts";
import { openPreparsedCedar } from "./preparsed.ts";

export { decisionOf } from "./preparsed.ts";

/**
 * Cedar through cedar-wasm, in process. `open` emits the system's Cedar files in memory (formatted and
 * strictly validated, exactly as the target writes them) and preparses them (see openPreparsedCedar).
 */
export const cedarWasmEngine: Engine = {
  name: "cedar-wasm",
  language: "cedar",
  unavailable: () => undefined,
  version: () => getCedarVersion(),
  async open(system) {
    return openPreparsedCedar(system, emitCedar(system));
  },
};
