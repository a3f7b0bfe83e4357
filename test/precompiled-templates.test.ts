// The templates precompiled ahead of time (tools/precompile-templates.ts) are those of templates/<target>/ today.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";
import { loadTemplate } from "../src/targets/precompiled-templates.ts";
import { generatedFile, precompiledSource, PRECOMPILED_TARGETS } from "../tools/precompile-templates.ts";

describe("the precompiled templates (src/targets/<target>/templates.generated.ts)", () => {
  it.each(Object.keys(PRECOMPILED_TARGETS))(
    "of %s are what Handlebars compiles from its templates today (re-run `npm run generate:templates` after a template change)",
    (target) => {
      expect(fs.readFileSync(generatedFile(target), "utf8")).toBe(precompiledSource(target));
    },
  );
});

describe("loadTemplate", () => {
  const folder = pathToFileURL(fs.mkdtempSync(path.join(os.tmpdir(), "policyc-templates-")) + "/");
  fs.writeFileSync(new URL("greeting.hbs", folder), "Hello {{name}}");
  const hb = Handlebars.create();

  it("uses the precompiled template while its source is the file's", () => {
    // A spec precompiled from other text shows which one rendered.
    const spec = new Function(`return ${hb.precompile("Precompiled {{name}}")}`)();
    const template = loadTemplate(hb, folder, "greeting", { greeting: { source: "Hello {{name}}", spec } }, {});
    expect(template({ name: "Ada" })).toBe("Precompiled Ada");
  });

  it("compiles the file as it now reads once it differs from the source precompiled", () => {
    const spec = new Function(`return ${hb.precompile("Hi {{name}}")}`)();
    const template = loadTemplate(hb, folder, "greeting", { greeting: { source: "Hi {{name}}", spec } }, {});
    expect(template({ name: "Ada" })).toBe("Hello Ada");
  });
});
