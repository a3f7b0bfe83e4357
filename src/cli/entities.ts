import { cedarEntitiesFor } from "../runtime/cedar-request.ts";
import { EXIT, loadSystem, parse, readJsonFile, specOption, UsageError, type Command } from "./common.ts";

export const entitiesCommand: Command = {
  name: "entities",
  usage: `Usage: policyc entities <system> (--request FILE | --requests FILE) [--spec DIR]

--request FILE (or - for standard input) holds one request, as for \`policyc decide\`; prints the Cedar
request {"principal", "action", "resource", "context", "entities"} exactly as the Cedar engine sends it:
the user with its permissions and roles as parents, the resource with its declared attributes, and the
Role entities the user's roles reach. Exit code 1 when the request is malformed or names an unknown
action: it has no Cedar form and every engine denies it.

--requests FILE holds a JSON array of requests; prints an array with, for each, its Cedar request or
{"denied": PROBLEM} when it has none. Exit code 1 when any has none.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { ...specOption, request: { type: "string" }, requests: { type: "string" } });
    if (!values.request === !values.requests) throw new UsageError("give one of --request FILE or --requests FILE");
    const system = await loadSystem(values.spec!, positionals[0]);
    if (values.requests) {
      const requests = readJsonFile(values.requests);
      if (!Array.isArray(requests)) throw new UsageError(`${values.requests} must hold a JSON array of requests (use --request for one)`);
      const results = requests.map((request) => cedarEntitiesFor(system, request));
      console.log(JSON.stringify(results.map((r) => (r.ok ? r.request : { denied: r.problem })), null, 2));
      return results.every((r) => r.ok) ? EXIT.ok : EXIT.denied;
    }
    const result = cedarEntitiesFor(system, readJsonFile(values.request!));
    if (!result.ok) {
      console.error(`policyc: denied without asking Cedar: ${result.problem}`);
      return EXIT.denied;
    }
    console.log(JSON.stringify(result.request, null, 2));
    return EXIT.ok;
  },
};
