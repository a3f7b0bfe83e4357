import { defineSystem } from "policyc";

// Every condition kind read in every way the Rego target writes it: held, negated (known not to hold), "only if"
// it holds or does not, as a deny rule's condition and as a negated one, and by a non-member rule. Read by
// test/rego-target.test.ts, which decides every fixture with the emitted Rego and the reference evaluator.
const negations = defineSystem({
  id: "negations",
  title: "Every condition, negated and denied",
  document: "test/specs/rego-negations/negations.ts",
  permissions: { Read: {}, Write: {}, Grant: {}, Audit: { staffOnly: true } },
  roles: {
    Reader: { grants: ["Read"] },
    Writer: { grants: ["Write"], includes: ["Reader"] },
    Admin: { grants: ["Grant"], includes: ["Writer"], except: ["Read"] },
  },
  principal: {
    contractor: { kind: "flag", description: "No default: an omitted one is unknown." },
    region: { kind: "enum", values: ["eu", "us"], description: "No default." },
    trusted: { kind: "flag", default: true, description: "Trusted unless the request says otherwise." },
  },
  context: {
    urgent: { description: "An urgent request." },
    granting: { kind: "permissionList", description: "The permissions being granted." },
  },
  resource: {
    stage: { kind: "enum", values: ["draft", "live"], description: "No default." },
    size: { kind: "enum", values: ["small", "large"], default: "small", description: "Small unless said." },
    frozen: { kind: "flag", description: "No default." },
    archived: { kind: "flag", default: false, description: "Not archived unless said." },
    team: { kind: "roleName", description: "The role owning the resource." },
    needs: { kind: "permissionList", description: "Permissions the resource requires." },
    owner: { kind: "user", description: "Its owner." },
    editors: { kind: "users", description: "Its editors." },
  },
});
const { onlyIf, require, not, ctx, staff, resourceIn, resourceIs, memberOf, holdsAll, principalIs, principalIn, relation } = negations.req;

const conditions = {
  urgent: ctx("urgent"),
  staff: staff(),
  stage: resourceIn("stage", "live"),
  size: resourceIn("size", "large"),
  frozen: resourceIs("frozen", true),
  archived: resourceIs("archived", true),
  team: memberOf("team"),
  granting: holdsAll("context", "granting"),
  needs: holdsAll("resource", "needs"),
  contractor: principalIs("contractor", false),
  region: principalIn("region", "eu"),
  // A default that makes the condition false: an omitted attribute is known, so its negation holds.
  trusted: principalIs("trusted", false),
  owner: relation("owner"),
  editors: relation("editors"),
};

negations.area("Conditions", {}, (area) => {
  for (const [name, condition] of Object.entries(conditions)) {
    area.action(`Not ${name}`, require(not(condition)));
    area.action(`Only if not ${name}`, onlyIf(not(condition), "Write"));
    area.action(`Only if ${name}`, onlyIf(condition, "Write"));
    area.action(`Denied when ${name}`, "Read", { deny: condition });
    area.action(`Denied unless ${name}`, "Read", { deny: not(condition), nonMembers: require(condition) });
  }
});

export default negations;
