import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { authorizeOrThrow, getSessionUser } from "@/lib/auth/guard";
import type { Action, Resource } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/users/current-user";
import { toUserError } from "@/lib/errors";
import { jsonProblem } from "@/lib/schemas/common";
import { currentRequestId } from "@/lib/http/current-request";
import { logUnexpected } from "@/lib/log";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; code: string; fieldErrors?: Record<string, string[]>; requestId?: string };

export interface ActionDefinition<S extends z.ZodType, T> {
  /** The rule-table action this server action needs. Required: nothing can forget the check. */
  permission: Action;
  input: S;
  /** Resource facts for the rule table (ownership...), loaded after input validation. */
  resource?: (input: z.output<S>, user: CurrentUser) => Promise<Resource>;
  handler: (input: z.output<S>, user: CurrentUser) => Promise<T>;
}

/** A server action as trustmap defines them; `definition` stays reachable so tests can enumerate permissions. */
export type DefinedAction<S extends z.ZodType, T> = ((raw: z.input<S>) => Promise<ActionResult<T>>) & {
  definition: ActionDefinition<S, T>;
};

/**
 * Declare a server action: session → permission checked in the one rule table (denials audited)
 * → input held to the edge rules (jsonProblem: no NUL or unpaired surrogate, depth ≤ 64) and
 * validated with zod → handler. Expected errors come back as values; unexpected ones are logged
 * and the user sees a generic message with an event id.
 */
export function defineAction<S extends z.ZodType, T>(definition: ActionDefinition<S, T>): DefinedAction<S, T> {
  const run = async (raw: z.input<S>): Promise<ActionResult<T>> => {
    try {
      const user = await authorizeOrThrow(await getSessionUser(), definition.permission, `action ${definition.permission}`);
      // The edge rules every input obeys whatever its schema (NUL, unpaired surrogates, depth).
      const problem = jsonProblem(raw);
      if (problem) return { ok: false, code: "BAD_INPUT", error: "Some fields need attention.", fieldErrors: { [problem.path.join(".") || "_"]: [problem.message] } };
      const parsed = definition.input.safeParse(raw);
      if (!parsed.success) {
        const fieldErrors: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) {
          const key = issue.path.join(".") || "_";
          (fieldErrors[key] ??= []).push(issue.message);
        }
        return { ok: false, code: "BAD_INPUT", error: "Some fields need attention.", fieldErrors };
      }
      if (definition.resource) {
        await authorizeOrThrow(user, definition.permission, `action ${definition.permission}`, await definition.resource(parsed.data, user));
      }
      return { ok: true, data: await definition.handler(parsed.data, user) };
    } catch (e) {
      unstable_rethrow(e); // let Next's redirect()/notFound() through
      // The request id (proxy.ts) is the unexpected error's event id, so its message names the request's log lines.
      const requestId = await currentRequestId();
      const err = toUserError(e, logUnexpected({ requestId, action: definition.permission }), requestId);
      // A server-side check that blames a field (e.g. "no such project in GitLab") shows next to it.
      const fieldErrors = err.details?.fieldErrors as Record<string, string[]> | undefined;
      return { ok: false, code: err.code, error: err.message, requestId, ...(fieldErrors ? { fieldErrors } : {}) };
    }
  };
  return Object.assign(run, { definition });
}
