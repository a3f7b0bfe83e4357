import { irTarget } from "./ir/index.ts";
import { fixturesTarget } from "./fixtures/index.ts";
import type { Target } from "./target.ts";

/** Every output, in emission order. Adding a target is one line here. */
export const targets: Target[] = [irTarget, fixturesTarget];
