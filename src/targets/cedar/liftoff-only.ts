// Imported first by `policyc compile` (and the benches that measure it), before cedar-wasm loads. The compile hands
// each cedar-wasm call its input once (parse, format, validate) and decides no requests, so V8's tier-up of Cedar's
// hotter functions from baseline code (Liftoff) to TurboFan, compiled on other threads, costs more CPU than it
// saves: `policyc compile --check` of spec/ 2.4-2.8 to 1.8-1.9 s of CPU, the Cedar worker of a 10,000-action system
// 3.3 to 2.7 s. V8's flags are the process's, and cedar-wasm compiled under this one stays on Liftoff even once it is
// unset, so it is set only in a process that decides no requests with Cedar (Liftoff alone: 1.6 ms a decision
// against 1.06 ms). Set in the worker alone, after the main thread has loaded cedar-wasm, it saved less than half as much.
import v8 from "node:v8";

v8.setFlagsFromString("--liftoff-only");
