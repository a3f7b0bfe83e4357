// The Cedar templates precompiled ahead of time (tools/cedar-templates.ts) are those of templates/cedar/ today.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { CEDAR_TEMPLATES_FILE, cedarTemplatesSource } from "../tools/cedar-templates.ts";

describe("the precompiled Cedar templates (src/targets/cedar/templates.generated.ts)", () => {
  it("are what Handlebars compiles from templates/cedar/ today (re-run `npm run generate:templates` after a template change)", () => {
    expect(fs.readFileSync(CEDAR_TEMPLATES_FILE, "utf8")).toBe(cedarTemplatesSource());
  });
});
