import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpecs } from "../src/compile/compile.ts";

// Golden cases: test/golden/<case>/spec/*.ts beside the exact expected output in test/golden/<case>/expected/.
// After an intended change, re-bless with `make golden` (UPDATE_GOLDEN=1).
const root = path.resolve("test/golden");
const update = process.env.UPDATE_GOLDEN === "1";

for (const name of fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, "spec"))).sort()) {
  describe(`golden case ${name}`, async () => {
    const expectedDir = path.join(root, name, "expected");
    const { files } = await compileSpecs(path.join(root, name, "spec"));
    if (update) {
      fs.rmSync(expectedDir, { recursive: true, force: true });
      for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(expectedDir, file.path)), { recursive: true });
        fs.writeFileSync(path.join(expectedDir, file.path), file.content);
      }
    }
    it("produces exactly the expected set of files", () => {
      const onDisk = listFiles(expectedDir);
      expect(files.map((f) => f.path)).toEqual(onDisk);
    });
    for (const file of files) {
      it(`matches ${file.path}`, () => {
        expect(file.content).toBe(fs.readFileSync(path.join(expectedDir, file.path), "utf8"));
      });
    }
  });
}

function listFiles(dir: string, prefix = ""): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}
