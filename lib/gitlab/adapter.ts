/**
 * `GitLabPort` over GitLab's REST API v4 with @gitbeaker/rest. Vendor errors become `AppError`
 * here; callers never see gitbeaker types. List calls ask for 100 items a page (GitLab's maximum)
 * and gitbeaker follows the `Link: rel="next"` headers to the end.
 */
import { Gitlab } from "@gitbeaker/rest";
import { toGitLabAppError } from "./errors";
import type {
  GitLabPort,
  GitLabRef,
  NewVariable,
  VariableTarget,
  VariableUpdate,
} from "./port";
import { createGitLabRequesterFn, type RetryOptions } from "./requester";
import { parseWire, parseWireList, ZBranchJson, ZGroupJson, ZProjectJson, ZProtectedBranchJson, ZVariableJson } from "./wire";

export interface GitLabAdapterOptions {
  /** Base URL of the instance, e.g. `https://gitlab.com` (no `/api/v4`). */
  host: string;
  token: string;
  /** `private` sends `PRIVATE-TOKEN` (personal/project/group tokens); `oauth` sends `Authorization: Bearer`. */
  tokenKind?: "private" | "oauth";
  retry?: RetryOptions;
  requestsPerMinute?: number;
  /** Per call, pagination and retries included. Default 5 minutes. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface GitLabAdapter extends GitLabPort {
  /** HTTP requests sent so far, retries included (for benchmarks and tests). */
  requestCount(): number;
}

const PAGE = { perPage: 100 } as const;

/** GitLab's `X-Request-Id` (our requester hands gitbeaker the headers with lower-case names). */
function requestIdOf(headers: Record<string, string> | undefined): string | null {
  const id = headers?.["x-request-id"];
  return typeof id === "string" && id !== "" ? id : null;
}

function describeTarget(target: VariableTarget): string {
  return `${target.kind} ${target.path}`;
}

function describeVariable(target: VariableTarget, key: string, scope?: string): string {
  return `variable ${key}${scope === undefined ? "" : ` (scope ${scope})`} of ${describeTarget(target)}`;
}

export function createGitLabAdapter(options: GitLabAdapterOptions): GitLabAdapter {
  let requests = 0;
  const requesterFn = createGitLabRequesterFn({
    ...options.retry,
    requestsPerMinute: options.requestsPerMinute,
    sleep: options.sleep,
    onRequest: () => {
      requests += 1;
    },
  });
  const auth = options.tokenKind === "oauth" ? { oauthToken: options.token } : { token: options.token };
  // Empty `rateLimits`: our requester applies one shared limit; gitbeaker's per-resource
  // defaults would otherwise build ~20 limiter queues for each of its ~190 resources.
  const api = new Gitlab({ host: options.host, ...auth, requesterFn, rateLimits: {}, queryTimeout: options.timeoutMs ?? 300_000 });

  async function call<T>(subject: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw toGitLabAppError(e, subject);
    }
  }

  function variables(target: VariableTarget) {
    return target.kind === "project" ? api.ProjectVariables : api.GroupVariables;
  }

  async function getProject(project: GitLabRef) {
    const subject = `project ${project}`;
    return parseWire(ZProjectJson, await call(subject, () => api.Projects.show(project)), subject);
  }

  return {
    requestCount: () => requests,

    getProject,

    async getGroup(group) {
      const subject = `group ${group}`;
      // `with_projects=false`: GET /groups/:id otherwise embeds up to 100 projects we do not use.
      const body = await call(subject, () => api.Groups.show(group, { withProjects: false } as Record<string, unknown>));
      return parseWire(ZGroupJson, body, subject);
    },

    async listGroupProjects(group, opts) {
      const subject = `projects of group ${group}`;
      const body = await call(subject, () =>
        api.Groups.allProjects(group, {
          ...PAGE,
          includeSubgroups: opts?.includeSubgroups ?? false,
          // Shared projects belong to other groups; they are listed under their own namespace.
          withShared: false,
          // Offset pages ordered by creation date shift when projects appear mid-listing.
          orderBy: "id",
          sort: "asc",
        }),
      );
      return parseWireList(ZProjectJson, body, subject);
    },

    async listDescendantGroups(group) {
      const subject = `subgroups of group ${group}`;
      return parseWireList(ZGroupJson, await call(subject, () => api.Groups.allDescendantGroups(group, { ...PAGE })), subject);
    },

    async listBranches(project, search) {
      const subject = `branches of project ${project}`;
      const body = await call(subject, () => api.Branches.all(project, { ...PAGE, ...(search ? { search } : {}) }));
      return parseWireList(ZBranchJson, body, subject);
    },

    async listProtectedBranches(project) {
      const subject = `protected branches of project ${project}`;
      return parseWireList(ZProtectedBranchJson, await call(subject, () => api.ProtectedBranches.all(project, { ...PAGE })), subject);
    },

    async listVariables(target) {
      const subject = `variables of ${describeTarget(target)}`;
      return parseWireList(ZVariableJson, await call(subject, () => variables(target).all(target.path, { ...PAGE })), subject);
    },

    async createVariable(target, v: NewVariable) {
      const subject = describeVariable(target, v.key, v.environmentScope ?? "*");
      // `maskedAndHidden` is missing from gitbeaker's option type but is sent like the others.
      const { key, value, ...rest } = v;
      const response = await call(subject, () => variables(target).create(target.path, key, value, { ...rest, showExpanded: true }));
      return { variable: parseWire(ZVariableJson, response.data, subject), requestId: requestIdOf(response.headers) };
    },

    async updateVariable(target, key, environmentScope, update: VariableUpdate) {
      const subject = describeVariable(target, key, environmentScope);
      const { value, ...rest } = update;
      // gitbeaker sends `filter` in the JSON body, which GitLab reads like the documented query form.
      const response = await call(subject, () =>
        variables(target).edit(target.path, key, value, { ...rest, filter: { environment_scope: environmentScope }, showExpanded: true }),
      );
      return { variable: parseWire(ZVariableJson, response.data, subject), requestId: requestIdOf(response.headers) };
    },

    async deleteVariable(target, key, environmentScope) {
      const subject = describeVariable(target, key, environmentScope);
      // The filter goes in the query string (the documented form): proxies may drop DELETE bodies,
      // and without the filter GitLab would delete whichever single variable has the key.
      const searchParams = { filter: { environmentScope } };
      const response = await call(subject, () =>
        variables(target).remove(target.path, key, { searchParams, showExpanded: true } as { showExpanded: true }),
      );
      return { requestId: requestIdOf(response.headers) };
    },

    async getSubClaimComponents(project) {
      return (await getProject(project)).subClaimComponents;
    },

    async setSubClaimComponents(project, components) {
      const subject = `ID token sub claim components of project ${project}`;
      const body = await call(subject, () => api.Projects.edit(project, { ciIdTokenSubClaimComponents: components } as Record<string, unknown>));
      const updated = parseWire(ZProjectJson, body, subject);
      return updated.subClaimComponents ?? components;
    },
  };
}
