import type { Decision, ReferenceEvaluator } from "../eval/decide.ts";
import { checkRequest, type CheckedRequest, type PolicyRequest, type RequestCheck } from "../eval/request.ts";
import type { Fixture } from "./fixtures.ts";

/**
 * The requests that differ from one template only in the principal's permissions: a condition combination of an
 * action, asked with many permission sets (every subset, or a covering set). The template is checked and encoded
 * once; each variant costs its permission list. A variant's permissions are strings, so it is malformed exactly
 * when the template is, and checkRequest passes the list through unchanged.
 */
export class PermissionVariants {
  /** The template and its JSON around its permission list, shared by every fixture made from it. */
  private readonly shared: TemplateJson;
  private readonly checked: RequestCheck;
  /** The checked template, given each variant's permissions in turn to be decided: the evaluator keeps no request. */
  private readonly decided: CheckedRequest | undefined;

  private constructor(
    private readonly evaluator: ReferenceEvaluator,
    template: PolicyRequest,
    templateJson: string,
    /** The permission lists (as JSON) asked so far of every template with this one's JSON. */
    private readonly asked: Set<string>,
  ) {
    const head = `{"action":${JSON.stringify(template.action)},"principal":{"permissions":`;
    this.shared = { template, head, tail: templateJson.slice(head.length + "[]".length) };
    this.checked = checkRequest(evaluator.system, template);
    this.decided = this.checked.ok ? { ...this.checked.request } : undefined;
  }

  /**
   * One family per template, in order. Each template has no permissions, given first (baseRequest's order), and is
   * never changed afterwards. Templates with the same JSON share what was asked, so a request asked in two of them
   * is asked once, as when requests are told apart by their whole JSON.
   */
  static of(evaluator: ReferenceEvaluator, templates: Iterable<PolicyRequest>): PermissionVariants[] {
    const askedByTemplate = new Map<string, Set<string>>();
    const families: PermissionVariants[] = [];
    for (const template of templates) {
      const json = JSON.stringify(template);
      let asked = askedByTemplate.get(json);
      if (!asked) askedByTemplate.set(json, (asked = new Set()));
      families.push(new PermissionVariants(evaluator, template, json, asked));
    }
    return families;
  }

  /**
   * The permission list's JSON when the variant's request is asked for the first time, undefined after. Requests are
   * told apart by their JSON, of which only the short permission list differs between variants: only the list is
   * encoded and hashed, and its JSON is the fixture's (see fixture).
   */
  ask(permissions: string[]): string | undefined {
    const list = JSON.stringify(permissions);
    if (this.asked.has(list)) return undefined;
    this.asked.add(list);
    return list;
  }

  /**
   * The variant's fixture, the `ordinal`-th of its action, expecting `expected` (what decision(permissions) is);
   * `listJson` is what ask(permissions) returned.
   */
  fixture(ordinal: number, kind: Fixture["kind"], permissions: string[], listJson: string, expected: Decision): Fixture {
    return new VariantFixture(this.shared, ordinal, kind, permissions, listJson, expected);
  }

  /** What the reference evaluator decides for the template with these permissions (the request of fixture(..., permissions, ...)). */
  decision(permissions: string[]): Decision {
    if (this.decided === undefined) return "deny";
    this.decided.permissions = permissions;
    return this.evaluator.checkedDecision(this.decided);
  }

  /** The smallest permission sets the template lacks to be allowed: what evaluator.decide(template).missingOptions is. */
  missingOptions(): string[][] {
    return this.checked.ok ? this.evaluator.checkedMissingOptions(this.checked.request) : [];
  }
}

/** A template's request and its JSON before and after its (empty) permission list, which is the principal's first key. */
interface TemplateJson {
  template: PolicyRequest;
  head: string;
  tail: string;
}

function variantRequest(template: PolicyRequest, permissions: string[]): PolicyRequest {
  return { ...template, principal: { ...template.principal, permissions } };
}

/**
 * A fixture whose request is its template's with other permissions. It keeps the template, the permission list and
 * its ordinal, and makes its id, request and request JSON when asked: at 200,000 fixtures, a request object and an
 * id string made for each and kept to the last target were a third of fixture generation, collector included.
 * Its fields are private, so it reads (JSON.stringify, a schema validator, `for...in`) as the plain fixture it stands for.
 */
class VariantFixture implements Fixture {
  readonly #shared: TemplateJson;
  readonly #ordinal: number;
  readonly #permissions: string[];
  /** JSON.stringify(#permissions), made to tell requests apart and kept: each request is written twice. */
  readonly #listJson: string;
  readonly kind: Fixture["kind"];
  readonly expected: Decision;

  constructor(shared: TemplateJson, ordinal: number, kind: Fixture["kind"], permissions: string[], listJson: string, expected: Decision) {
    this.#shared = shared;
    this.#ordinal = ordinal;
    this.#permissions = permissions;
    this.#listJson = listJson;
    this.kind = kind;
    this.expected = expected;
  }

  get id(): string {
    return `${this.action}#${this.#ordinal}`;
  }

  get action(): string {
    return this.#shared.template.action;
  }

  /** A new object at each read, equal to the last: nothing keeps it once read. */
  get request(): PolicyRequest {
    return variantRequest(this.#shared.template, this.#permissions);
  }

  /** JSON.stringify(this.request), from the template's JSON. */
  requestJson(): string {
    return this.#shared.head + this.#listJson + this.#shared.tail;
  }

  toJSON(): Fixture {
    return { id: this.id, action: this.action, kind: this.kind, request: this.request, expected: this.expected };
  }
}

/** JSON.stringify(fixture.request), from the template's JSON where the fixture has one. */
export function requestJsonOf(fixture: Fixture): string {
  return fixture instanceof VariantFixture ? fixture.requestJson() : JSON.stringify(fixture.request);
}
