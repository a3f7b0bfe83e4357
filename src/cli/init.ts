import fs from "node:fs";
import path from "node:path";
import { RESERVED_WORDS } from "../ir/identifiers.ts";
import { EXIT, parse, UsageError, type Command } from "./common.ts";

const SYSTEM_NAME = /^[a-z][a-z0-9_]*$/;

/** A spec that compiles and verifies as it is: one permission, one role, one page, two actions. */
export function scaffoldSpec(name: string): string {
  const title = name.charAt(0).toUpperCase() + name.slice(1).replace(/_/g, " ");
  return [
    `import { defineSystem } from "policyc";`,
    ``,
    `// ${title}: scaffolded by \`policyc init\`. Declare the permissions and roles your permission document names,`,
    `// then one area per part of the product with the actions people take there, each with what it needs.`,
    `// \`policyc compile\` checks the spec and writes every target; \`policyc lint\` points at unused declarations.`,
    `const system = defineSystem({`,
    `  id: ${JSON.stringify(name)},`,
    `  title: ${JSON.stringify(title)},`,
    `  // Where the rules come from: the permission document this spec is modelled on.`,
    `  document: ${JSON.stringify(`${name}-permissions.md`)},`,
    `  permissions: {`,
    `    "Edit items": { description: "Change an item's details." },`,
    `  },`,
    `  roles: {`,
    `    Editor: { description: "Looks after the items.", grants: ["Edit items"] },`,
    `  },`,
    `});`,
    `const { anyUser } = system.req;`,
    ``,
    `system.area("Items", {}, (items) => {`,
    `  items.action("View an item", anyUser());`,
    `  items.action("Edit an item", "Edit items");`,
    `});`,
    ``,
    `export default system;`,
    ``,
  ].join("\n");
}

/** Cases for the scaffolded spec, in the form `policyc test` reads: what the document says, checked on every engine. */
export function scaffoldExpectations(name: string): string {
  return [
    `# Cases written from the permission document's own text, checked on every engine by \`policyc test\`.`,
    `# Write them from the document, not from ${name}.ts: they catch a spec that misreads it.`,
    `system: ${name}`,
    `cases:`,
    `  - Editor can: Edit an item`,
    `  - nobody can't: Edit an item`,
    `  - name: Any user of the project can view an item`,
    `    allow: View an item`,
    ``,
  ].join("\n");
}

export const initCommand: Command = {
  name: "init",
  usage: `Usage: policyc init <name> [--spec DIR]

Writes DIR/<name>.ts (default spec/; --dir is another spelling of --spec): a system with one permission,
one role, one page and two actions that compiles and verifies as it is, and DIR/<name>.expect.yaml, cases
\`policyc test\` checks. <name> becomes the system id: lower case letters, digits and _, starting with a
letter. An existing file is never overwritten (exit code 2).`,
  async run(argv) {
    const { values, positionals } = parse(argv, { spec: { type: "string" }, dir: { type: "string" } });
    if (values.spec && values.dir) throw new UsageError("give --spec DIR (or its other spelling --dir), not both");
    const dir = values.spec ?? values.dir ?? "spec";
    const name = positionals[0];
    if (!name || positionals.length > 1) throw new UsageError("init needs exactly one <name>");
    if (!SYSTEM_NAME.test(name) || RESERVED_WORDS.has(name)) {
      throw new UsageError(`"${name}" cannot be a system id: use lower case letters, digits and _, starting with a letter, and no Rego or Cedar keyword`);
    }
    const file = path.join(dir, `${name}.ts`);
    const cases = path.join(dir, `${name}.expect.yaml`);
    for (const f of [file, cases]) if (fs.existsSync(f)) throw new UsageError(`${f} already exists; pick another name or edit it`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, scaffoldSpec(name), { flag: "wx" });
    fs.writeFileSync(cases, scaffoldExpectations(name), { flag: "wx" });
    console.log(`created ${file}: 1 permission, 1 role, 1 page, 2 actions`);
    console.log(`created ${cases}: 3 cases`);
    console.log(`next: policyc compile --spec ${dir} && policyc verify --spec ${dir} && policyc test --spec ${dir}`);
    return EXIT.ok;
  },
};
