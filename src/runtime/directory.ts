// The directory (the PIP): what the PDP knows about subjects and resources beyond what a request says. A JSON file:
// {
//   "subjects":  { "<subject type>":  { "<subject id>":  { "roles": [], "permissions": [], "staff": false, "attributes": {} } } },
//   "resources": { "<resource type>": { "<resource id>": { "properties": {} } } }
// }
// Subjects' roles and permissions are names the system declares; `attributes` are compared by the mapping's
// `matches` (ownership). Resources' `properties` are read like a request's `resource.properties`, which win.
import fs from "node:fs";
import { RuntimeError } from "./errors.ts";

export interface DirectorySubject {
  roles: string[];
  permissions: string[];
  staff?: boolean;
  attributes: Record<string, unknown>;
}

export interface DirectoryResource {
  properties: Record<string, unknown>;
}

export interface Directory {
  /** type -> id -> subject; a Map so that no id ("__proto__", "constructor") reads anything but an entry. */
  subjects: Map<string, Map<string, DirectorySubject>>;
  resources: Map<string, Map<string, DirectoryResource>>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");

/** Check a parsed directory file; every problem names its path in the file. */
export function parseDirectory(value: unknown, file: string | null = null): Directory {
  const fail = (where: string, what: string): never => {
    throw new RuntimeError("invalid-directory", `${where} ${what}`, file);
  };
  if (!isObject(value)) fail("the directory", "must be a JSON object with \"subjects\" and optionally \"resources\"");
  const root = value as Record<string, unknown>;
  const section = <T>(key: string, entry: (raw: unknown, where: string) => T): Map<string, Map<string, T>> => {
    const raw = Object.hasOwn(root, key) ? root[key] : {};
    if (!isObject(raw)) fail(key, "must be an object of types");
    const byType = new Map<string, Map<string, T>>();
    for (const [type, ids] of Object.entries(raw as Record<string, unknown>)) {
      if (!isObject(ids)) fail(`${key}.${type}`, "must be an object of ids");
      byType.set(type, new Map(Object.entries(ids as Record<string, unknown>).map(([id, e]) => [id, entry(e, `${key}.${type}.${id}`)])));
    }
    return byType;
  };
  const subjects = section("subjects", (raw, where): DirectorySubject => {
    if (!isObject(raw)) return fail(where, "must be an object");
    const e = raw as Record<string, unknown>;
    const list = (key: string) => {
      const v = Object.hasOwn(e, key) ? e[key] : [];
      return isStringList(v) ? v : fail(`${where}.${key}`, "must be an array of strings");
    };
    const staff = Object.hasOwn(e, "staff") ? e.staff : undefined;
    if (staff !== undefined && typeof staff !== "boolean") fail(`${where}.staff`, "must be a boolean");
    const attributes = Object.hasOwn(e, "attributes") ? e.attributes : {};
    if (!isObject(attributes)) fail(`${where}.attributes`, "must be an object");
    return { roles: list("roles"), permissions: list("permissions"), ...(staff === undefined ? {} : { staff: staff as boolean }), attributes: attributes as Record<string, unknown> };
  });
  const resources = section("resources", (raw, where): DirectoryResource => {
    if (!isObject(raw)) return fail(where, "must be an object");
    const properties = Object.hasOwn(raw as object, "properties") ? (raw as Record<string, unknown>).properties : {};
    if (!isObject(properties)) fail(`${where}.properties`, "must be an object");
    return { properties: properties as Record<string, unknown> };
  });
  return { subjects, resources };
}

export function readDirectory(file: string): Directory {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new RuntimeError("invalid-directory", `cannot read the directory: ${(error as Error).message}`, file);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RuntimeError("invalid-directory", `not JSON: ${(error as Error).message}`, file);
  }
  return parseDirectory(value, file);
}
