import { defineSystem } from "policyc";

// The AuthZEN 1.0 certification scenario's required fixture (../shared/authzen/certification-scenario-1_0.md,
// "Required Fixture"): subjects alice and bob, records record-1 and record-2, actions read, write and delete, and
// its eight required decisions. Who holds what lives in directory.json (the PIP), not here.
//
// Readings chosen where the scenario leaves the policy open:
// - Rules 1-4 are decided on identifiers alone, and bob, whom the fixture lists with role "admin", must not write
//   record-1 (rule 4) while an admin must write an archived record (rule 6). So "admin" grants reading and writing
//   archived records, not writing active ones: the admin is the one who may touch the archive.
// - A record whose status is not stated is not archived (rule 2: alice writes record-1 without properties).
// - The fixture's records are the only records (listedOnly): another record id is denied, so a search about one
//   finds nothing (test c-4-6).
// - Deleting softly needs "Delete records"; a hard delete (soft false or not stated) also needs "Purge records",
//   which no fixture subject holds (rules 7 and 8).
const certification = defineSystem({
  id: "certification",
  title: "AuthZEN certification fixture",
  document: "certification-scenario-1_0.md",
  permissions: {
    "Read records": { description: "Read a record." },
    "Write records": { description: "Write a record that is not archived." },
    "Write archived records": { description: "Write a record whose status is archived." },
    "Delete records": { description: "Delete a record softly (it can be restored)." },
    "Purge records": { description: "Delete a record for good." },
  },
  roles: {
    member: { description: "A user of the records.", grants: ["Read records", "Write records", "Delete records"] },
    admin: { description: "The keeper of the archive.", grants: ["Read records", "Write archived records"] },
  },
  context: {
    softDelete: { description: "The delete is soft: the record can be restored (AuthZEN action.properties.soft)." },
  },
  resource: {
    status: { kind: "enum", values: ["active", "archived"], description: "The record's status (AuthZEN resource.properties.status)." },
  },
});
const { all, any, onlyIf, require, resourceIn, ctx } = certification.req;

certification.area("Records", {}, (records) => {
  records.action("Read a record", "Read records", { id: "read" });
  records.action("Write a record", all(onlyIf(resourceIn("status", "archived"), "Write archived records"), any(require(resourceIn("status", "archived")), "Write records")), {
    id: "write",
    note: "An archived record needs Write archived records; any other needs Write records.",
  });
  records.action("Delete a record", all("Delete records", any(require(ctx("softDelete")), "Purge records")), {
    id: "delete",
    note: "A hard delete (softDelete off or not stated) also needs Purge records.",
  });
});

certification.authzen({
  subjects: { user: { properties: { role: "roles" } } },
  resources: { record: { properties: { status: { attribute: "status" } }, listedOnly: true } },
  actions: {
    read: { action: "records.read", resources: ["record"] },
    write: { action: "records.write", resources: ["record"] },
    delete: { action: "records.delete", resources: ["record"], properties: { soft: { context: "softDelete" } } },
  },
});

export default certification;
