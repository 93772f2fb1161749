/**
 * The sandbox's ports: the in-memory IAM and GitLab ports (./aws/memory-iam.ts,
 * ./gitlab/memory-port.ts, contract-tested against moto and the GitLab fake) made durable. Each
 * call loads the state from a `StateCell`, runs on a port built from it, and — for a write —
 * stores the state it leaves, all in one step of the cell (one database transaction under the
 * state row's lock, see ./store.ts). So every process (the Next.js server, the job runner, the
 * CLI) sees one sandbox, a restart loses nothing, and two concurrent writes are serialised
 * rather than one overwriting the other. A call that throws stores nothing, as a failed API call
 * changes nothing.
 *
 * Not a cache: a sandbox is a few dozen roles and projects, so reading its JSON per call costs
 * less than keeping copies coherent across processes.
 */
import type { IamCallCounts, IamPort } from "@/lib/aws/port";
import type { GitLabPort } from "@/lib/gitlab/port";
import { createMemoryIam, type MemoryIamState } from "./aws/memory-iam";
import { MemoryGitLab, type MemoryGitLabState } from "./gitlab/memory-port";

/** One stored state. `null`: nothing was written yet (an empty account or instance). */
export interface StateCell<S> {
  /** Run `fn` on the current state; nothing is stored. */
  read<T>(fn: (state: S | null) => Promise<T>): Promise<T>;
  /** Run `fn` on the current state while no other writer can; the state it returns is stored with its result, or nothing if it throws. */
  update<T>(fn: (state: S | null) => Promise<{ result: T; state: S }>): Promise<T>;
}

type AsyncMethodOf<P> = { [K in keyof P]: P[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof P];

/**
 * `read(name)` / `write(name)`: the port method `name`, run on a port made from the cell's state
 * (and, for writes, stored back). Written once for both ports so their read/write split is the
 * only thing each lists.
 */
function binder<P, S>(cell: StateCell<S>, hydrate: (state: S | null) => P, dehydrate: (port: P) => S, onCall: (port: P) => void) {
  const call = async (port: P, name: keyof P, args: unknown[]): Promise<unknown> => {
    try {
      return await (port[name] as (...a: unknown[]) => Promise<unknown>).apply(port, args);
    } finally {
      onCall(port);
    }
  };
  return {
    read: <K extends AsyncMethodOf<P>>(name: K) =>
      ((...args: unknown[]) => cell.read((state) => call(hydrate(state), name, args))) as P[K],
    write: <K extends AsyncMethodOf<P>>(name: K) =>
      ((...args: unknown[]) =>
        cell.update(async (state) => {
          const port = hydrate(state);
          const result = await call(port, name, args);
          return { result, state: dehydrate(port) };
        })) as P[K],
  };
}

const noCalls = (): IamCallCounts => ({ byOperation: {}, total: 0, writes: 0, attempts: 0 });

/** An IamPort for one sandbox AWS account whose state lives in `cell`. */
export function persistedIam(accountId: string, cell: StateCell<MemoryIamState>): IamPort {
  let counts = noCalls();
  const { read, write } = binder(
    cell,
    (state) => createMemoryIam(state ? { state } : { accountId }),
    (port) => port.exportState(),
    // Each call runs on a fresh port; its counts are added to this port's.
    (port) => {
      const c = port.callCounts();
      for (const [op, n] of Object.entries(c.byOperation)) counts.byOperation[op] = (counts.byOperation[op] ?? 0) + (n ?? 0);
      counts = { ...counts, total: counts.total + c.total, writes: counts.writes + c.writes, attempts: counts.attempts + c.attempts };
    },
  );
  return {
    listRoles: read("listRoles"),
    getRole: read("getRole"),
    listRoleTags: read("listRoleTags"),
    listOpenIDConnectProviders: read("listOpenIDConnectProviders"),
    getOpenIDConnectProvider: read("getOpenIDConnectProvider"),
    listAccessKeys: read("listAccessKeys"),
    getAccessKeyLastUsed: read("getAccessKeyLastUsed"),
    updateAssumeRolePolicy: write("updateAssumeRolePolicy"),
    tagRole: write("tagRole"),
    untagRole: write("untagRole"),
    createOpenIDConnectProvider: write("createOpenIDConnectProvider"),
    addClientIdToOpenIDConnectProvider: write("addClientIdToOpenIDConnectProvider"),
    callCounts: () => structuredClone(counts),
    resetCallCounts: () => {
      counts = noCalls();
    },
  };
}

export interface SandboxGitLabPort extends GitLabPort {
  /** Port calls so far (the sandbox sends no HTTP requests; this stands in for the adapter's count). */
  requestCount(): number;
}

/** A GitLabPort for the sandbox GitLab instance whose state lives in `cell`. */
export function persistedGitLab(cell: StateCell<MemoryGitLabState>): SandboxGitLabPort {
  let calls = 0;
  const { read, write } = binder(
    cell,
    (state) => (state ? MemoryGitLab.fromState(state) : new MemoryGitLab()),
    (port) => port.exportState(),
    () => {
      calls += 1;
    },
  );
  return {
    getProject: read("getProject"),
    getGroup: read("getGroup"),
    listGroupProjects: read("listGroupProjects"),
    listDescendantGroups: read("listDescendantGroups"),
    listBranches: read("listBranches"),
    listProtectedBranches: read("listProtectedBranches"),
    listProtectedTags: read("listProtectedTags"),
    listAllMembers: read("listAllMembers"),
    listVariables: read("listVariables"),
    getSubClaimComponents: read("getSubClaimComponents"),
    createVariable: write("createVariable"),
    updateVariable: write("updateVariable"),
    deleteVariable: write("deleteVariable"),
    setSubClaimComponents: write("setSubClaimComponents"),
    requestCount: () => calls,
  };
}
