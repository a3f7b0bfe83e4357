import { cedarEntitiesFor } from "../engines/cedar-request.ts";
import { EXIT, loadSystem, parse, readJsonFile, specOption, UsageError, type Command } from "./common.ts";

export const entitiesCommand: Command = {
  name: "entities",
  usage: `Usage: policyc entities <system> --request FILE [--spec DIR]

FILE (or - for standard input) holds one request, as for \`policyc decide\`. Prints the Cedar request
{"principal", "action", "resource", "context", "entities"} exactly as the Cedar engine sends it: the user
with its permissions and roles as parents, the resource with its declared attributes, and the Role
entities the user's roles reach. Exit code 1 when the request is malformed or names an unknown action:
it has no Cedar form and every engine denies it.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { ...specOption, request: { type: "string" } });
    if (!values.request) throw new UsageError("--request FILE is required");
    const system = await loadSystem(values.spec!, positionals[0]);
    const result = cedarEntitiesFor(system, readJsonFile(values.request));
    if (!result.ok) {
      console.error(`policyc: denied without asking Cedar: ${result.problem}`);
      return EXIT.denied;
    }
    console.log(JSON.stringify(result.request, null, 2));
    return EXIT.ok;
  },
};
