// The AuthZEN Todo interop scenario (../shared/authzen/todo-interop-payloads.md) against `policyc serve --spec
// examples/authzen-todo --directory examples/authzen-todo/directory.json`, started as a user starts it. Expected
// decisions come from the scenario's own words (roles and ownership), computed here, not from the model.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpa, type OpaServer } from "./support/opa-server.ts";
import { post, startServe, type ServeProcess } from "./support/serve-process.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const SERVE_ARGS = ["--spec", "examples/authzen-todo", "--directory", "examples/authzen-todo/directory.json"];

/** The scenario's users: PID, email (the PIP's `id`) and roles. */
const USERS = [
  { name: "Rick", pid: "CiRmZDA2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs", email: "rick@the-citadel.com", roles: ["admin", "evil_genius"] },
  { name: "Morty", pid: "CiRmZDE2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs", email: "morty@the-citadel.com", roles: ["editor"] },
  { name: "Summer", pid: "CiRmZDI2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs", email: "summer@the-smiths.com", roles: ["editor"] },
  { name: "Beth", pid: "CiRmZDM2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs", email: "beth@the-smiths.com", roles: ["viewer"] },
  { name: "Jerry", pid: "CiRmZDQ2MTRkMy1jMzlhLTQ3ODEtYjdiZC04Yjk2ZjVhNTEwMGQSBWxvY2Fs", email: "jerry@the-smiths.com", roles: ["viewer"] },
];
const TODO_ID = "7240d0db-8ff0-41ec-98b2-34a096273b9f";

interface Case {
  title: string;
  request: Record<string, unknown>;
  decision: boolean;
}

/** Every payload of the scenario, for every user, with the decision its "Response payload" section gives. */
function scenarioCases(): Case[] {
  const cases: Case[] = [];
  for (const user of USERS) {
    const has = (role: string) => user.roles.includes(role);
    const editor = has("editor") || has("admin") || has("evil_genius");
    const subject = { type: "user", id: user.pid };
    for (const other of USERS) {
      for (const id of [other.email, other.pid]) {
        // GET /users/{userID}: "the policy always returns true", with the payload's extra identity/userID fields.
        cases.push({
          title: `${user.name} can_read_user ${id}`,
          request: { subject: { ...subject, identity: user.pid }, action: { name: "can_read_user" }, resource: { type: "user", id, userID: id }, context: {} },
          decision: true,
        });
      }
      const owned = { type: "todo", id: TODO_ID, properties: { ownerID: other.email } };
      const owner = other === user;
      // PUT /todos/{id}: evil_genius, or editor and owner. DELETE /todos/{id}: admin, or editor and owner.
      cases.push({ title: `${user.name} can_update_todo owned by ${other.name}`, request: { subject, action: { name: "can_update_todo" }, resource: owned, context: {} }, decision: has("evil_genius") || (editor && owner) });
      cases.push({ title: `${user.name} can_delete_todo owned by ${other.name}`, request: { subject, action: { name: "can_delete_todo" }, resource: owned, context: {} }, decision: has("admin") || (editor && owner) });
    }
    // GET /todos: true for every user. POST /todos: admin or editor (Rick, Morty and Summer).
    cases.push({ title: `${user.name} can_read_todos`, request: { subject, action: { name: "can_read_todos" }, resource: { type: "todo", id: "todo-1" }, context: {} }, decision: true });
    cases.push({ title: `${user.name} can_create_todo`, request: { subject, action: { name: "can_create_todo" }, resource: { type: "todo", id: "todo-1" }, context: {} }, decision: has("admin") || has("editor") });
  }
  return cases;
}

const CASES = scenarioCases();

describe("policyc serve on examples/authzen-todo", () => {
  let pdp: ServeProcess;
  beforeAll(async () => {
    pdp = await startServe(SERVE_ARGS);
  }, 90_000);
  afterAll(async () => {
    expect(await pdp?.stop()).toBe(0);
  });

  it("answers the scenario's own examples: Morty may update and delete his todo, not another's", async () => {
    const morty = { type: "user", id: USERS[1]!.pid };
    for (const name of ["can_update_todo", "can_delete_todo"]) {
      const mine = { subject: morty, action: { name }, resource: { type: "todo", id: TODO_ID, properties: { ownerID: "morty@the-citadel.com" } }, context: {} };
      expect((await post(`${pdp.url}/access/v1/evaluation`, mine)).json).toEqual({ decision: true });
      const theirs = { ...mine, resource: { type: "todo", id: TODO_ID, properties: { ownerID: "rick@the-citadel.com" } } };
      expect((await post(`${pdp.url}/access/v1/evaluation`, theirs)).json).toEqual({ decision: false });
    }
  });

  it(`answers every payload of the scenario for every user (${CASES.length} cases)`, async () => {
    const wrong: string[] = [];
    for (const c of CASES) {
      const answer = await post(`${pdp.url}/access/v1/evaluation`, c.request);
      if (answer.status !== 200 || JSON.stringify(answer.json) !== JSON.stringify({ decision: c.decision })) wrong.push(`${c.title}: ${answer.status} ${answer.text}, expected ${c.decision}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers the same payloads boxcarred in one Access Evaluations request, in order", async () => {
    const answer = await post(`${pdp.url}/access/v1/evaluations`, { evaluations: CASES.map((c) => c.request) });
    expect(answer.status).toBe(200);
    expect((answer.json as { evaluations: Array<{ decision: boolean }> }).evaluations.map((e) => e.decision)).toEqual(CASES.map((c) => c.decision));
  });

  it("denies a subject the PIP does not know, an unknown action and an action on the wrong resource type: decisions, not errors", async () => {
    const rick = { type: "user", id: USERS[0]!.pid };
    for (const request of [
      { subject: { type: "user", id: "not-a-pid" }, action: { name: "can_read_todos" }, resource: { type: "todo", id: "todo-1" } },
      { subject: { type: "robot", id: USERS[0]!.pid }, action: { name: "can_read_todos" }, resource: { type: "todo", id: "todo-1" } },
      { subject: rick, action: { name: "can_launch_rocket" }, resource: { type: "todo", id: "todo-1" } },
      { subject: rick, action: { name: "can_delete_todo" }, resource: { type: "user", id: "beth@the-smiths.com" } },
      // The PEP cannot make a subject an owner or an admin by saying so: ownership is computed, roles come from the PIP.
      { subject: { type: "user", id: USERS[3]!.pid, properties: { roles: ["admin"], id: "x" } }, action: { name: "can_delete_todo" }, resource: { type: "todo", id: TODO_ID, properties: { ownerID: "x", ownedBySubject: true } } },
    ]) {
      expect((await post(`${pdp.url}/access/v1/evaluation`, request)).json, JSON.stringify(request)).toEqual({ decision: false });
    }
  });

  it("lists the PIP's users who may create todos, and what Beth may do with a todo", async () => {
    const creators = await post(`${pdp.url}/access/v1/search/subject`, { subject: { type: "user" }, action: { name: "can_create_todo" }, resource: { type: "todo", id: "todo-1" } });
    expect(creators.json).toEqual({ results: USERS.filter((u) => !u.roles.includes("viewer")).map((u) => ({ type: "user", id: u.pid })) });
    const beth = await post(`${pdp.url}/access/v1/search/action`, { subject: { type: "user", id: USERS[3]!.pid }, resource: { type: "todo", id: TODO_ID, properties: { ownerID: "beth@the-smiths.com" } } });
    expect(beth.json).toEqual({ results: [{ name: "can_read_todos" }] });
  });
});

describe("the same decisions on every engine", () => {
  let opa: OpaServer;
  beforeAll(async () => {
    opa = await startOpa(path.join(ROOT, "examples/authzen-todo/generated/rego/todo"));
  }, 30_000);
  afterAll(async () => {
    await opa?.stop();
  });
  it.each([
    ["reference", () => ["--engine", "reference"]],
    ["opa", () => ["--engine", `opa=${opa.url}`]],
  ] as const)("%s", async (_, args) => {
    const pdp = await startServe([...SERVE_ARGS, ...args()]);
    try {
      const answer = await post(`${pdp.url}/access/v1/evaluations`, { evaluations: CASES.map((c) => c.request) });
      expect((answer.json as { evaluations: Array<{ decision: boolean }> }).evaluations.map((e) => e.decision)).toEqual(CASES.map((c) => c.decision));
    } finally {
      expect(await pdp.stop()).toBe(0);
    }
  }, 90_000);
});
