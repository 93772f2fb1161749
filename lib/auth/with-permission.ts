import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { getApiCaller, authorizeOrThrow } from "./guard";
import type { Action, Resource } from "./permissions";
import type { CurrentUser } from "@/lib/users/current-user";
import { AppError, toUserError } from "@/lib/errors";
import { readBodyText } from "@/lib/http/body";
import { describeIssues, jsonProblem, parseJsonText } from "@/lib/schemas/common";
import { firstValues } from "@/lib/schemas/search-params";
import { newRequestId, requestIdOf } from "@/lib/http/request-id";
import { logUnexpected } from "@/lib/log";

type Params = Record<string, string | string[]>;
type RouteContext = { params: Promise<Params> };

export interface RouteArgs<I = undefined> {
  req: NextRequest;
  user: CurrentUser;
  params: Params;
  /** What the definition's `input` parsed from the request (undefined without one). */
  input: I;
}

export interface RouteDefinition<O extends z.ZodType, I> {
  /** The rule-table action the route needs. Required: no route can forget the check. */
  action: Action;
  /** The response body's schema, checked on the way out. */
  output: O;
  /** Parse the request (params, body, query) into the handler's input; runs after the role check. Throw BAD_INPUT for bad input. */
  input?: (request: { req: NextRequest; params: Params }) => Promise<I> | I;
  /**
   * Resource facts for the rule table (ownership…), loaded from the parsed input, like
   * defineAction's `resource`: the rule is checked again with them before the handler runs.
   */
  resource?: (input: I, user: CurrentUser) => Promise<Resource>;
}

/**
 * Wrap a /api/v1 route handler: authenticate (bearer token or session), check `action` in the
 * rule table, parse the request (`input`), check the rule again with the resource's facts
 * (`resource`), validate the response against `output`, and turn errors into JSON bodies that
 * never carry a raw exception message. A cookie-authenticated write must come from our own
 * origin (bearer tokens are not sent by browsers on their own, cookies are).
 */
export function withPermission<O extends z.ZodType, I = undefined>(
  definition: RouteDefinition<O, I>,
  handler: (args: RouteArgs<I>) => Promise<z.input<O> | NextResponse>,
) {
  return async (req: NextRequest, ctx: RouteContext): Promise<NextResponse> => {
    // Every error body names the request (proxy.ts assigned the id; it is also the event id of an unexpected error's log line).
    const requestId = requestIdOf(req.headers) ?? newRequestId();
    try {
      const caller = await getApiCaller();
      if (!caller.user) {
        return NextResponse.json(
          { error: { code: "UNAUTHENTICATED", message: caller.via === "token" ? "The API token is unknown, revoked or expired." : "Sign in or send Authorization: Bearer <token>.", requestId } },
          { status: 401, headers: { "www-authenticate": 'Bearer realm="trustmap"' } },
        );
      }
      if (caller.via === "session" && req.method !== "GET" && req.method !== "HEAD" && !sameOrigin(req)) {
        throw new AppError("FORBIDDEN", "Cross-origin request refused.");
      }
      const where = `${req.method} ${req.nextUrl.pathname}`;
      const user = await authorizeOrThrow(caller.user, definition.action, where);
      const params = await ctx.params;
      const input = definition.input ? await definition.input({ req, params }) : (undefined as I);
      if (definition.resource) await authorizeOrThrow(user, definition.action, where, await definition.resource(input, user));
      const result = await handler({ req, user, params, input });
      if (result instanceof NextResponse) return result;
      return NextResponse.json(definition.output.parse(result));
    } catch (e) {
      const err = toUserError(e, logUnexpected({ requestId, method: req.method, path: req.nextUrl.pathname }), requestId);
      return NextResponse.json({ error: { code: err.code, message: err.message, requestId, ...(err.details ? { details: err.details } : {}) } }, { status: err.status });
    }
  };
}

function sameOrigin(req: NextRequest): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return false;
  return origin === req.nextUrl.origin;
}

/**
 * Parse a JSON request body with a zod schema. Every body is held to the same edge rules: at most
 * 1 MiB (413), UTF-8, JSON no deeper than 64 levels, no NUL or unpaired surrogate in any string
 * or key; malformed JSON and invalid shapes are 400s naming the problem.
 */
export async function readJsonBody<S extends z.ZodType>(req: NextRequest, schema: S): Promise<z.output<S>> {
  const text = await readBodyText(req);
  const json = parseJsonText(text);
  if (!json.ok) {
    throw new AppError("BAD_INPUT", json.reason === "depth" ? `The request body is ${json.message}.` : "The request body is not valid JSON.");
  }
  return parseOrThrow(schema, json.value, "(body)", "request");
}

/**
 * Parse a route's query string with a zod schema (the first value of a repeated parameter), or a
 * 400 naming each bad parameter. Routes are strict where pages are lenient (readPageQuery): an
 * export that silently dropped a filter would export more than was asked.
 */
export function readQuery<S extends z.ZodType>(req: NextRequest, schema: S): z.output<S> {
  return parseOrThrow(schema, firstValues(req.nextUrl.searchParams), "(query)", "query");
}

function parseOrThrow<S extends z.ZodType>(schema: S, raw: unknown, root: string, what: string): z.output<S> {
  const problem = jsonProblem(raw);
  if (problem) {
    const issues = [`${problem.path.join(".") || root}: ${problem.message}`];
    throw new AppError("BAD_INPUT", `Invalid ${what}: ${issues.join("; ")}`, { details: { issues } });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues, root);
    throw new AppError("BAD_INPUT", `Invalid ${what}: ${issues.join("; ")}`, { details: { issues } });
  }
  return parsed.data;
}
