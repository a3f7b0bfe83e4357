import { irTarget } from "./ir/index.ts";
import { fixturesTarget } from "./fixtures/index.ts";
import { docsTarget } from "./docs/index.ts";
import { tsTarget } from "./ts/index.ts";
import { cedarTarget } from "./cedar/index.ts";
import { regoTarget, regoTestsTarget } from "./rego/index.ts";
import type { Target } from "./target.ts";

/** Every output, in emission order. Adding a target is one line here. */
export const targets: Target[] = [irTarget, fixturesTarget, docsTarget, tsTarget, cedarTarget, regoTarget, regoTestsTarget];
