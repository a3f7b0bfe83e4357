// The policy decision point behind `policyc serve`: every served system's authorizer, the directory, and the
// AuthZEN operations on them (evaluation, evaluations, the three searches). No HTTP here; src/serve/server.ts is
// the transport. Built whole from the compiled output, so a reload swaps one PDP for another.
import type { PolicyRequest } from "../eval/request.ts";
import { requestWarnings } from "../eval/request-warnings.ts";
import { translateEvaluation, type AuthzenEvaluation } from "../runtime/authzen.ts";
import { createAuthorizer, type Authorizer, type EngineChoice } from "../runtime/authorizer.ts";
import type { CompiledSystem } from "../runtime/compiled.ts";
import type { Directory } from "../runtime/directory.ts";
import { RuntimeError } from "../runtime/errors.ts";
import type { ActionSearch, EvaluationItem, EvaluationsSemantic, Page, ResourceSearch, SubjectSearch } from "./protocol.ts";
import { ProtocolError } from "./protocol.ts";

/** One decision as the PDP made it: what the response says and what the decision log records. */
export interface Evaluated {
  decision: boolean;
  /** The system that decided, or null when no served system knows the evaluation's names. */
  system: string | null;
  reasons: string[];
  /**
   * What in the request the evaluation became is probably a mistake (an unknown role or permission name from the
   * subject or the directory, an undeclared enum value), as `path: message` lines. They never change the decision.
   */
  warnings: string[];
  evaluation: AuthzenEvaluation | null;
  /** An item of a batch that could not be read: its error, for the response's context. */
  error?: string;
}

export interface SearchResult<T> {
  results: T[];
  page?: { next_token: string; count: number; total: number };
}

interface Served {
  compiled: CompiledSystem;
  authorizer: Authorizer;
}

export class Pdp {
  private constructor(
    private readonly served: Served[],
    readonly directory: Directory | null,
    readonly engine: string,
  ) {}

  /** Open every system that declares an AuthZEN mapping; a folder with none is an error, not an empty PDP. */
  static async open(systems: CompiledSystem[], engine: EngineChoice, directory: Directory | null): Promise<Pdp> {
    const mapped = systems.filter((s) => s.ir.authzen);
    if (mapped.length === 0) {
      throw new RuntimeError("compiled-output-invalid", `no system declares an AuthZEN mapping (system.authzen(...)); found: ${systems.map((s) => s.ir.id).join(", ") || "none"}`);
    }
    const served = await Promise.all(mapped.map(async (compiled) => ({ compiled, authorizer: await createAuthorizer({ system: compiled, engine }) })));
    return new Pdp(served, directory, served[0]!.authorizer.engine);
  }

  /** The served systems with their policy revisions, for the decision log and the ready line. */
  systems(): Array<{ id: string; revision: string }> {
    return this.served.map((s) => ({ id: s.compiled.ir.id, revision: s.authorizer.revision }));
  }

  revisionOf(system: string | null): string | null {
    return this.served.find((s) => s.compiled.ir.id === system)?.authorizer.revision ?? null;
  }

  async close(): Promise<void> {
    await Promise.all(this.served.map((s) => s.authorizer.close()));
  }

  /**
   * The system an evaluation is for: the first (in id order) whose mapping declares its action for its resource
   * type, else the first that declares the action, else the first served (which then says what it does not know).
   */
  private systemFor(evaluation: AuthzenEvaluation): Served {
    const declares = (s: Served) => s.compiled.ir.authzen!.actions.filter((a) => a.name === evaluation.action.name);
    return (
      this.served.find((s) => declares(s).some((a) => a.resourceTypes.includes(evaluation.resource.type))) ??
      this.served.find((s) => declares(s).length > 0) ??
      this.served[0]!
    );
  }

  async evaluate(evaluation: AuthzenEvaluation): Promise<Evaluated> {
    const prepared = this.prepare(evaluation);
    if (!prepared.ok) return prepared.denied;
    const verdict = await prepared.served.authorizer.decide(prepared.request);
    return { decision: verdict.decision === "allow", system: prepared.served.compiled.ir.id, reasons: verdict.reasons, warnings: prepared.warnings, evaluation };
  }

  /** The system and request an evaluation is decided as, or its deny when the mapping or the directory refuses it. */
  private prepare(evaluation: AuthzenEvaluation): { ok: true; served: Served; request: PolicyRequest; warnings: string[] } | { ok: false; denied: Evaluated } {
    const served = this.systemFor(evaluation);
    const translation = translateEvaluation(served.compiled.ir, this.directory, evaluation);
    if (!translation.ok) return { ok: false, denied: { decision: false, system: served.compiled.ir.id, reasons: [translation.reason], warnings: [], evaluation } };
    const warnings = requestWarnings(served.compiled.ir, translation.request).map((w) => `${w.path}: ${w.message}`);
    return { ok: true, served, request: translation.request, warnings };
  }

  /**
   * The items of a batch under a semantic. execute_all decides them all, each system's requests in one call to its
   * authorizer (one exchange with an OPA server); the others go in order and stop at the first deny or permit.
   */
  async evaluateAll(items: EvaluationItem[], semantic: EvaluationsSemantic): Promise<Evaluated[]> {
    const failed = (item: Extract<EvaluationItem, { ok: false }>): Evaluated => ({ decision: false, system: null, reasons: [item.error], warnings: [], evaluation: null, error: item.error });
    if (semantic !== "execute_all") {
      const out: Evaluated[] = [];
      for (const item of items) {
        const evaluated = item.ok ? await this.evaluate(item.evaluation) : failed(item);
        out.push(evaluated);
        if (semantic === "deny_on_first_deny" ? !evaluated.decision : evaluated.decision) break;
      }
      return out;
    }
    const out: Evaluated[] = new Array(items.length);
    const pending = new Map<Served, Array<{ index: number; request: PolicyRequest; warnings: string[]; evaluation: AuthzenEvaluation }>>();
    items.forEach((item, index) => {
      if (!item.ok) return void (out[index] = failed(item));
      const prepared = this.prepare(item.evaluation);
      if (!prepared.ok) return void (out[index] = prepared.denied);
      let list = pending.get(prepared.served);
      if (!list) pending.set(prepared.served, (list = []));
      list.push({ index, request: prepared.request, warnings: prepared.warnings, evaluation: item.evaluation });
    });
    await Promise.all(
      [...pending].map(async ([served, list]) => {
        const verdicts = await served.authorizer.decideAll(list.map((l) => l.request));
        list.forEach((l, i) => {
          const verdict = verdicts[i]!;
          out[l.index] = { decision: verdict.decision === "allow", system: served.compiled.ir.id, reasons: verdict.reasons, warnings: l.warnings, evaluation: l.evaluation };
        });
      }),
    );
    return out;
  }

  /** Subject Search: the directory's subjects of the type for whom the evaluation allows. Needs a directory. */
  async searchSubjects(search: SubjectSearch): Promise<SearchResult<{ type: string; id: string }>> {
    const candidates = [...(this.directory?.subjects.get(search.subjectType)?.keys() ?? [])];
    const allowed = await this.filter(candidates, (id) => ({
      subject: { type: search.subjectType, id },
      action: search.action,
      resource: search.resource,
      ...(search.context ? { context: search.context } : {}),
    }));
    return paginate(allowed.map((id) => ({ type: search.subjectType, id })), search.page);
  }

  /** Resource Search: the directory's resources of the type the subject may act on. Needs a directory. */
  async searchResources(search: ResourceSearch): Promise<SearchResult<{ type: string; id: string }>> {
    const candidates = [...(this.directory?.resources.get(search.resourceType)?.keys() ?? [])];
    const allowed = await this.filter(candidates, (id) => ({
      subject: search.subject,
      action: search.action,
      resource: { type: search.resourceType, id },
      ...(search.context ? { context: search.context } : {}),
    }));
    return paginate(allowed.map((id) => ({ type: search.resourceType, id })), search.page);
  }

  /** Action Search: every action name a served mapping declares for the resource's type that the subject may take. */
  async searchActions(search: ActionSearch): Promise<SearchResult<{ name: string }>> {
    const names = [...new Set(this.served.flatMap((s) => s.compiled.ir.authzen!.actions.filter((a) => a.resourceTypes.includes(search.resource.type)).map((a) => a.name)))];
    const allowed = await this.filter(names, (name) => ({
      subject: search.subject,
      action: { name },
      resource: search.resource,
      ...(search.context ? { context: search.context } : {}),
    }));
    return paginate(allowed.map((name) => ({ name })), search.page);
  }

  private async filter(candidates: string[], evaluationOf: (candidate: string) => AuthzenEvaluation): Promise<string[]> {
    const decided = await this.evaluateAll(candidates.map((c) => ({ ok: true, evaluation: evaluationOf(c) })), "execute_all");
    return candidates.filter((_, i) => decided[i]!.decision);
  }
}

/**
 * One page of a search's results. A token is the offset of the next page, opaque to the PEP; results are in the
 * directory's order, so a page is stable while the directory is. With no `page` in the request, every result.
 */
export function paginate<T>(results: T[], page: Page | undefined): SearchResult<T> {
  if (!page) return { results };
  let start = 0;
  if (page.token !== undefined && page.token !== "") {
    const match = /^o(\d+)$/.exec(Buffer.from(page.token, "base64url").toString("utf8"));
    if (!match) throw new ProtocolError(400, '"page.token" is not a token this PDP issued');
    start = Number(match[1]);
  }
  const end = page.limit === undefined || page.limit === 0 ? results.length : Math.min(results.length, start + page.limit);
  const slice = results.slice(start, end);
  const next = end < results.length ? Buffer.from(`o${end}`, "utf8").toString("base64url") : "";
  return { page: { next_token: next, count: slice.length, total: results.length }, results: slice };
}
