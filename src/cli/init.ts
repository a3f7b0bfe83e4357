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

export const initCommand: Command = {
  name: "init",
  usage: `Usage: policyc init <name> [--dir DIR]

Writes DIR/<name>.ts (default spec/): a system with one permission, one role, one page and two
actions that compiles and verifies as it is. <name> becomes the system id: lower case letters,
digits and _, starting with a letter. An existing file is never overwritten (exit code 2).`,
  async run(argv) {
    const { values, positionals } = parse(argv, { dir: { type: "string", default: "spec" } });
    const name = positionals[0];
    if (!name || positionals.length > 1) throw new UsageError("init needs exactly one <name>");
    if (!SYSTEM_NAME.test(name) || RESERVED_WORDS.has(name)) {
      throw new UsageError(`"${name}" cannot be a system id: use lower case letters, digits and _, starting with a letter, and no Rego or Cedar keyword`);
    }
    const file = path.join(values.dir!, `${name}.ts`);
    if (fs.existsSync(file)) throw new UsageError(`${file} already exists; pick another name or edit it`);
    fs.mkdirSync(values.dir!, { recursive: true });
    fs.writeFileSync(file, scaffoldSpec(name), { flag: "wx" });
    console.log(`created ${file}: 1 permission, 1 role, 1 page, 2 actions`);
    console.log(`next: policyc compile --spec ${values.dir} && policyc verify --spec ${values.dir}`);
    return EXIT.ok;
  },
};
