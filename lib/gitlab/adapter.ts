/**
 * `GitLabPort` over GitLab's REST API v4 with @gitbeaker/rest. Vendor errors become `AppError`
 * here; callers never see gitbeaker types. List calls ask for 100 items a page (GitLab's maximum)
 * and gitbeaker follows the `Link: rel="next"` headers to the end.
 *
 * Writes are safe to retry (the requester's loop retries them): an update is idempotent; a
 * delete retried after its first answer was lost meets "404 Variable Not Found" and is done; a
 * create (with `retry.retryCreates`) retried after a lost answer meets "has already been taken"
 * and is read back — done when GitLab holds exactly the variable asked for, else a CONFLICT.
 */
import { Gitlab } from "@gitbeaker/rest";
import { AppError } from "@/lib/errors";
import { isDuplicateKeyError, isVariableNotFoundError, toGitLabAppError } from "./errors";
import type {
  GitLabPort,
  GitLabRef,
  GitLabVariable,
  NewVariable,
  VariableTarget,
  VariableUpdate,
  VariableWrite,
} from "./port";
import { createGitLabRequesterFn, type GitLabHttpError, type RetryOptions, type UnknownAttempt } from "./requester";
import { variableFromNew } from "./variable-defaults";
import { parseWire, parseWireList, ZBranchJson, ZGroupJson, ZMemberJson, ZProjectJson, ZProtectedBranchJson, ZProtectedTagJson, ZVariableJson } from "./wire";

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
  /** Tests only: stand-ins for the retry loop's waiting and its jitter. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
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

/** Only variable creates are POSTed by this adapter; they are the writes `retryCreates` covers. */
const isVariableCreate = (method: string, path: string) => method === "POST" && path.endsWith("/variables");

const COMPARED: readonly [keyof GitLabVariable, string][] = [
  ["value", "value"],
  ["environmentScope", "environment scope"],
  ["protected", "protected flag"],
  ["masked", "masked flag"],
  ["hidden", "hidden flag"],
  ["raw", "raw flag"],
  ["variableType", "variable type"],
  ["description", "description"],
];

/** What differs between the variable a create asked for and the one GitLab holds (names only, never values). */
export function createdVariableDifferences(intended: NewVariable, actual: GitLabVariable): string[] {
  const wanted = variableFromNew(intended);
  return COMPARED.flatMap(([field, name]) => {
    // A hidden variable's value is never returned, so it cannot be shown to be ours.
    if (field === "value" && actual.hidden) return ["value (hidden, cannot be read back)"];
    return actual[field] === wanted[field] ? [] : [name];
  });
}

export function createGitLabAdapter(options: GitLabAdapterOptions): GitLabAdapter {
  let requests = 0;
  const { retryCreates, ...retry } = options.retry ?? {};
  const requesterFn = createGitLabRequesterFn({
    ...retry,
    retryableWrite: retryCreates ? isVariableCreate : undefined,
    requestsPerMinute: options.requestsPerMinute,
    sleep: options.sleep,
    random: options.random,
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

  /**
   * A create was retried after its first answer was lost, and GitLab says the key+scope exists:
   * read it back. Ours (the first attempt made it) when it holds exactly what was asked for;
   * otherwise someone else's, which is never overwritten.
   */
  async function confirmCreated(target: VariableTarget, intended: NewVariable, subject: string, duplicate: GitLabHttpError, lost: UnknownAttempt): Promise<VariableWrite> {
    const filter = { environmentScope: intended.environmentScope || "*" };
    const body = await call(subject, () => variables(target).show(target.path, intended.key, { filter } as Record<string, unknown>));
    const actual = parseWire(ZVariableJson, body, subject);
    const differences = createdVariableDifferences(intended, actual);
    if (differences.length === 0) return { variable: actual, requestId: lost.requestId };
    const mapped = toGitLabAppError(duplicate, subject);
    throw new AppError("CONFLICT", `GitLab already has ${subject}, with a different ${differences.join(", ")}; trustmap did not change it.`, {
      cause: duplicate,
      details: { ...(mapped instanceof AppError ? mapped.details : {}), differences },
    });
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

    async listProtectedTags(project) {
      const subject = `protected tags of project ${project}`;
      return parseWireList(ZProtectedTagJson, await call(subject, () => api.ProtectedTags.all(project, { ...PAGE })), subject);
    },

    async listAllMembers(source) {
      const subject = `members of ${source.kind} ${source.path}`;
      const members = source.kind === "project" ? api.ProjectMembers : api.GroupMembers;
      // `includeInherited` makes gitbeaker ask for `/members/all` (effective levels, inherited and invited).
      const body = await call(subject, () => members.all(source.path, { ...PAGE, includeInherited: true }));
      return parseWireList(ZMemberJson, body, subject);
    },

    async listVariables(target) {
      const subject = `variables of ${describeTarget(target)}`;
      return parseWireList(ZVariableJson, await call(subject, () => variables(target).all(target.path, { ...PAGE })), subject);
    },

    async createVariable(target, v: NewVariable) {
      const subject = describeVariable(target, v.key, v.environmentScope ?? "*");
      // `maskedAndHidden` is missing from gitbeaker's option type but is sent like the others.
      const { key, value, ...rest } = v;
      try {
        const response = await variables(target).create(target.path, key, value, { ...rest, showExpanded: true });
        return { variable: parseWire(ZVariableJson, response.data, subject), requestId: requestIdOf(response.headers) };
      } catch (e) {
        if (isDuplicateKeyError(e) && e.unknownAttempt) return confirmCreated(target, v, subject, e, e.unknownAttempt);
        throw toGitLabAppError(e, subject);
      }
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
      try {
        const response = await variables(target).remove(target.path, key, { searchParams, showExpanded: true } as { showExpanded: true });
        return { requestId: requestIdOf(response.headers) };
      } catch (e) {
        // Retried after an answer that never came: the first attempt deleted it.
        if (isVariableNotFoundError(e) && e.unknownAttempt) return { requestId: e.unknownAttempt.requestId };
        throw toGitLabAppError(e, subject);
      }
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
