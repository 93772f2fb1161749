/**
 * A fake GitLab server for tests and local sandboxes, written to GitLab's REST API docs: projects,
 * groups, branches, protected branches and tags, members, project and group CI/CD variables, `/user`, and the OAuth
 * authorization-code flow with PKCE. Plain `node:http`, in-process, on 127.0.0.1.
 *
 *   const gitlab = await startGitLabFake();
 *   gitlab.state.addUser({ username: "alice" });
 *   gitlab.state.addToken("glpat-test", "alice");
 *   gitlab.state.addProject("team/app", { protectedBranches: ["main", "release/*"] });
 *   gitlab.inject({ method: "GET", pathPrefix: "/api/v4/projects", status: 429, times: 2 });
 *   gitlab.inject({ every: 3, statuses: [429, 503] });            // a busy GitLab
 *   gitlab.inject({ method: "POST", status: 503, served: true }); // applied, answer lost
 *   gitlab.requests; // every request with its status
 *   await gitlab.stop();
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate } from "./auth";
import { FaultQueue, faultResponse, type Fault, type FiredFault } from "./faults";
import { HttpError, parseNested, readBody, sendJson, type Ctx } from "./http";
import { matchRoute, type Route } from "./router";
import { groupRoutes } from "./routes/groups";
import { memberRoutes } from "./routes/members";
import { oauthRoutes } from "./routes/oauth";
import { projectRoutes } from "./routes/projects";
import { repositoryRoutes } from "./routes/repository";
import { userRoutes } from "./routes/user";
import { variableRoutes } from "./routes/variables";
import { controlRoutes } from "./routes/control";
import { FakeState, type FakeStateOptions } from "./state";

export type { Fault } from "./faults";
export type * from "./state";
export { FakeState } from "./state";

export interface RecordedRequest {
  method: string;
  /** Raw path, still URL-encoded. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON or form body; `undefined` when empty. */
  body: unknown;
  /** What the client got; 0 when an injected fault reset the connection instead. */
  status: number;
  /** The `X-Request-Id` this answer carried (GitLab sends one on every response). */
  requestId: string;
  /** With a `served` fault: the status the request was really served with before its answer was lost. */
  servedStatus?: number;
}

/**
 * GitLab's correlation id (LabKit): 26 characters of Crockford base32, e.g. `01HQ8Z6W0Q4E2X7B9TJ3K5M1NP`,
 * sent as `X-Request-Id` on every answer, errors included.
 */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
function newRequestId(): string {
  return Array.from(randomBytes(26), (b) => CROCKFORD[b % 32]).join("");
}

export interface GitLabFake {
  /** Base URL, e.g. `http://127.0.0.1:41234` — pass as gitbeaker's `host` or Auth.js' `baseUrl`. */
  url: string;
  state: FakeState;
  requests: RecordedRequest[];
  inject(fault: Fault): void;
  /** Clears state, faults and recorded requests (the same objects stay valid). */
  reset(): void;
  stop(): Promise<void>;
}

export interface GitLabFakeOptions extends FakeStateOptions {
  /** Default 0: a free port. */
  port?: number;
}

const ROUTES: Route[] = [
  ...controlRoutes,
  ...oauthRoutes,
  ...userRoutes,
  ...projectRoutes,
  ...groupRoutes,
  ...repositoryRoutes,
  ...memberRoutes,
  ...variableRoutes("projects"),
  ...variableRoutes("groups"),
];

function write(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (typeof body === "string") res.writeHead(status, { "content-type": "text/plain", ...headers }).end(body);
  else if (body === undefined) res.writeHead(status, headers).end();
  else sendJson(res, status, body, headers);
}

export async function startGitLabFake(options: GitLabFakeOptions = {}): Promise<GitLabFake> {
  const state = new FakeState(options);
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];

  type Outcome = { status: number; body: unknown; headers: Record<string, string> } | { reset: true };

  function faultOutcome(fault: FiredFault): Outcome | undefined {
    if (fault.reset) return { reset: true };
    return fault.status === undefined ? undefined : faultResponse({ ...fault, status: fault.status });
  }

  async function route(req: IncomingMessage, res: ServerResponse, record: RecordedRequest, url: URL, parsed: unknown) {
    const found = matchRoute(ROUTES, record.method, url.pathname);
    if (!found) throw new HttpError(404, url.pathname.startsWith("/api/") ? { error: "404 Not Found" } : "Not Found");
    const bodyParams = parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    const ctx: Ctx = {
      req,
      res,
      method: record.method,
      url,
      params: found.params,
      input: { ...parseNested(url.searchParams), ...bodyParams },
      body: parsed,
      state,
      origin: url.origin,
    };
    if (found.route.auth) authenticate(ctx);
    const reply = await found.route.handler(ctx);
    return { status: reply.status, body: reply.body, headers: reply.headers ?? {} };
  }

  const answerOf = (e: unknown) => {
    if (e instanceof HttpError) return { status: e.status, body: e.body, headers: e.headers };
    console.error("[gitlab-fake] handler failed", e);
    return { status: 500, body: { message: "500 Internal Server Error" }, headers: {} };
  };

  async function serve(req: IncomingMessage, res: ServerResponse, record: RecordedRequest, url: URL): Promise<Outcome> {
    const { parsed } = await readBody(req);
    record.body = parsed;
    const fault = faults.take(record.method, url.pathname);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && !fault.served) {
      const instead = faultOutcome(fault);
      if (instead) return instead;
    }
    const served = await route(req, res, record, url, parsed).catch(answerOf);
    if (!fault?.served) return served;
    record.servedStatus = served.status;
    return faultOutcome(fault) ?? served;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
    const record: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), body: undefined, status: 0, requestId: newRequestId() };
    requests.push(record);
    serve(req, res, record, url)
      .catch(answerOf)
      .then((out) => {
        if ("reset" in out) {
          record.status = 0;
          res.socket?.destroy();
          return;
        }
        record.status = out.status;
        write(res, out.status, out.body, { ...out.headers, "x-request-id": record.requestId });
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    inject: (fault) => faults.add(fault),
    reset: () => {
      state.clear();
      faults.clear();
      requests.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
