// Node 20's V8 (11.3) aborts the process ("Fatal error ... unreachable code" in
// Deoptimizer::DoComputeBuiltinContinuation) when optimised code that inlined a JS-to-Wasm call is deoptimised
// lazily. cedar-wasm's glue hits it on large inputs: reading the policies of a 10,000-action system a second time
// (compile, then open the Cedar engine) killed `policyc verify`. Not inlining those calls avoids it, at no
// measurable cost (each call spends its time inside Cedar). The flag only affects code optimised after it is set,
// so it is set when the Cedar modules load, before any call into Cedar.
import v8 from "node:v8";

v8.setFlagsFromString("--no-turbo-inline-js-wasm-calls");
