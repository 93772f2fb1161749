/**
 * An in-memory `GitLabPort`. Product code: the demo sandbox's GitLab runs on it (with its state in
 * Postgres, ../persisted.ts), and unit tests of the reconciler and inventory use it as GitLab.
 * Variables follow the same rules as the HTTP fake (both use `VariableStore`), and failures go
 * through the adapter's error mapping, so callers see the same `AppError` codes and details as
 * against GitLab (tests/integration/gitlab/parity.test.ts proves it against the fake).
 */
import { toGitLabAppError } from "@/lib/gitlab/errors";
import type {
  GitLabBranch,
  GitLabGroup,
  GitLabPort,
  GitLabProject,
  GitLabProtectedBranch,
  GitLabRef,
  NewVariable,
  VariableTarget,
  VariableUpdate,
} from "@/lib/gitlab/port";
import { GitLabHttpError } from "@/lib/gitlab/requester";
import { branchSearchMatches } from "./rules/branch-search";
import { isProtectedBy } from "@/lib/gitlab/rules/protected-ref";
import { DEFAULT_SUB_CLAIM_COMPONENTS, validateSubClaimComponents } from "./rules/sub-claim";
import { hasErrors } from "./rules/variables";
import { presentVariable, VariableStore, type StoredVariable, type StoreFailure } from "./variable-store";

export interface MemoryProjectSeed {
  defaultBranch?: string;
  /** Default: just the default branch. */
  branches?: string[];
  /** Exact names or wildcards such as `release/*`. */
  protectedBranches?: string[];
  /** `null` simulates a GitLab that does not report the attribute. */
  subClaimComponents?: string[] | null;
}

interface Project {
  info: GitLabProject;
  branches: string[];
  protectedBranches: string[];
  variables: VariableStore;
}

interface Group {
  info: GitLabGroup;
  variables: VariableStore;
}

/** A project or group as stored: its fields, with its variables as a plain list. */
type Stored<T extends { variables: VariableStore }> = Omit<T, "variables"> & { variables: StoredVariable[] };

/** What `exportState()` returns and `fromState()` takes: plain JSON (the sandbox keeps it in Postgres). */
export interface MemoryGitLabState {
  nextId: number;
  writes: number;
  groups: Stored<Group>[];
  projects: Stored<Project>[];
}

const WEB = "https://gitlab.example.com";

function fail(status: number, body: unknown, subject: string): never {
  throw toGitLabAppError(new GitLabHttpError(status, "MEMORY", "memory", body), subject);
}

function unwrap<T>(result: { ok: true; value: T } | StoreFailure, subject: string): T {
  if (!result.ok) fail(result.status, result.body, subject);
  return result.value;
}

export class MemoryGitLab implements GitLabPort {
  /** Every port call, in order, for assertions such as "no write happened". */
  readonly calls: { op: keyof GitLabPort; args: unknown[] }[] = [];
  private nextId = 1;
  private writes = 0;
  private readonly groups = new Map<string, Group>();
  private readonly projects = new Map<string, Project>();
  private readonly failures: { op: keyof GitLabPort; error: Error }[] = [];

  /** A port holding `state` (deep-copied): call counts and queued failures start empty. */
  static fromState(state: MemoryGitLabState): MemoryGitLab {
    const port = new MemoryGitLab();
    const copy = structuredClone(state);
    port.nextId = copy.nextId;
    port.writes = copy.writes;
    // Spread, not field by field: whatever a project or group holds is carried over as is.
    for (const g of copy.groups) port.groups.set(g.info.fullPath.toLowerCase(), { ...g, variables: new VariableStore(g.variables) });
    for (const p of copy.projects) port.projects.set(p.info.pathWithNamespace.toLowerCase(), { ...p, variables: new VariableStore(p.variables) });
    return port;
  }

  /** Everything the port holds, as plain JSON; the recorded calls and queued failures are not state. */
  exportState(): MemoryGitLabState {
    const stored = <T extends { variables: VariableStore }>(x: T): Stored<T> => structuredClone({ ...x, variables: x.variables.list().map((v) => ({ ...v })) });
    return { nextId: this.nextId, writes: this.writes, groups: [...this.groups.values()].map(stored), projects: [...this.projects.values()].map(stored) };
  }

  /** Creates the group and any missing parent groups. */
  addGroup(fullPath: string): GitLabGroup {
    const existing = this.groups.get(fullPath.toLowerCase());
    if (existing) return existing.info;
    const slash = fullPath.lastIndexOf("/");
    const parent = slash > 0 ? this.addGroup(fullPath.slice(0, slash)) : null;
    const path = fullPath.slice(slash + 1);
    const info: GitLabGroup = { id: this.nextId++, name: path, path, fullPath, parentId: parent?.id ?? null, webUrl: `${WEB}/groups/${fullPath}` };
    this.groups.set(fullPath.toLowerCase(), { info, variables: new VariableStore() });
    return info;
  }

  addProject(fullPath: string, seed: MemoryProjectSeed = {}): GitLabProject {
    const slash = fullPath.lastIndexOf("/");
    if (slash <= 0) throw new Error(`A project path needs a namespace: ${fullPath}`);
    const group = this.addGroup(fullPath.slice(0, slash));
    const defaultBranch = seed.defaultBranch ?? "main";
    const path = fullPath.slice(slash + 1);
    const info: GitLabProject = {
      id: this.nextId++,
      name: path,
      path,
      pathWithNamespace: fullPath,
      defaultBranch,
      namespace: { id: group.id, fullPath: group.fullPath, kind: "group" },
      webUrl: `${WEB}/${fullPath}`,
      subClaimComponents: seed.subClaimComponents === undefined ? [...DEFAULT_SUB_CLAIM_COMPONENTS] : seed.subClaimComponents,
    };
    const branches = [...new Set([defaultBranch, ...(seed.branches ?? [])])];
    this.projects.set(fullPath.toLowerCase(), { info, branches, protectedBranches: seed.protectedBranches ?? [], variables: new VariableStore() });
    return info;
  }

  /** Seeds a variable through GitLab's rules; throws the same AppError the API would cause. */
  seedVariable(target: VariableTarget, v: NewVariable): void {
    unwrap(this.store(target).create(v), `variable ${v.key}`);
  }

  /** Stored variables with their real values, hidden ones included (GitLab never shows those). */
  storedVariables(target: VariableTarget): StoredVariable[] {
    return this.store(target).list().map((v) => ({ ...v }));
  }

  /** The next call of `op` throws `error` (e.g. `new AppError("THROTTLED", ...)`). */
  failNext(op: keyof GitLabPort, error: Error): void {
    this.failures.push({ op, error });
  }

  async getProject(project: GitLabRef) {
    this.record("getProject", [project]);
    return structuredClone(this.project(project).info);
  }

  async getGroup(group: GitLabRef) {
    this.record("getGroup", [group]);
    return { ...this.group(group).info };
  }

  async listGroupProjects(group: GitLabRef, options?: { includeSubgroups?: boolean }) {
    this.record("listGroupProjects", [group, options]);
    const root = this.group(group).info;
    return [...this.projects.values()]
      .map((p) => p.info)
      .filter((p) => p.namespace.id === root.id || (options?.includeSubgroups === true && this.isBelow(p.namespace.fullPath, root.fullPath)))
      .map((p) => structuredClone(p));
  }

  async listDescendantGroups(group: GitLabRef) {
    this.record("listDescendantGroups", [group]);
    const root = this.group(group).info;
    return [...this.groups.values()].map((g) => ({ ...g.info })).filter((g) => this.isBelow(g.fullPath, root.fullPath));
  }

  async listBranches(project: GitLabRef, search?: string): Promise<GitLabBranch[]> {
    this.record("listBranches", [project, search]);
    const p = this.project(project);
    return [...p.branches]
      .sort()
      .filter((name) => !search || branchSearchMatches(name, search))
      .map((name) => ({ name, protected: isProtectedBy(p.protectedBranches, name), default: name === p.info.defaultBranch }));
  }

  async listProtectedBranches(project: GitLabRef): Promise<GitLabProtectedBranch[]> {
    this.record("listProtectedBranches", [project]);
    return this.project(project).protectedBranches.map((name, i) => ({
      id: i + 1,
      name,
      pushAccessLevels: [40],
      mergeAccessLevels: [40],
      allowForcePush: false,
    }));
  }

  async listVariables(target: VariableTarget) {
    this.record("listVariables", [target]);
    return this.store(target).list().map(presentVariable);
  }

  async createVariable(target: VariableTarget, v: NewVariable) {
    this.record("createVariable", [target, v]);
    const variable = presentVariable(unwrap(this.store(target).create(v), `variable ${v.key} of ${target.kind} ${target.path}`));
    return { variable, requestId: this.requestId() };
  }

  async updateVariable(target: VariableTarget, key: string, environmentScope: string, update: VariableUpdate) {
    this.record("updateVariable", [target, key, environmentScope, update]);
    const subject = `variable ${key} (scope ${environmentScope}) of ${target.kind} ${target.path}`;
    const variable = presentVariable(unwrap(this.store(target).update(key, environmentScope, update), subject));
    return { variable, requestId: this.requestId() };
  }

  async deleteVariable(target: VariableTarget, key: string, environmentScope: string) {
    this.record("deleteVariable", [target, key, environmentScope]);
    unwrap(this.store(target).remove(key, environmentScope), `variable ${key} (scope ${environmentScope}) of ${target.kind} ${target.path}`);
    return { requestId: this.requestId() };
  }

  /** Like GitLab's `X-Request-Id`: unique per write, so tests can check it is what was recorded. */
  private requestId(): string {
    this.writes += 1;
    return `mem-gl-${this.writes.toString().padStart(8, "0")}`;
  }

  async getSubClaimComponents(project: GitLabRef) {
    this.record("getSubClaimComponents", [project]);
    const components = this.project(project).info.subClaimComponents;
    return components === null ? null : [...components];
  }

  async setSubClaimComponents(project: GitLabRef, components: string[]) {
    this.record("setSubClaimComponents", [project, components]);
    const p = this.project(project);
    const errors = validateSubClaimComponents(components);
    if (hasErrors(errors)) fail(400, { message: errors }, `ID token sub claim components of project ${project}`);
    p.info.subClaimComponents = [...components];
    return [...components];
  }

  private record(op: keyof GitLabPort, args: unknown[]): void {
    this.calls.push({ op, args });
    const i = this.failures.findIndex((f) => f.op === op);
    if (i >= 0) {
      const [failure] = this.failures.splice(i, 1);
      if (failure) throw failure.error;
    }
  }

  private isBelow(path: string, ancestor: string): boolean {
    return path.toLowerCase().startsWith(`${ancestor.toLowerCase()}/`);
  }

  private lookup<T extends { info: { id: number } }>(map: Map<string, T>, ref: GitLabRef): T | undefined {
    if (typeof ref === "number" || /^\d+$/.test(ref)) return [...map.values()].find((x) => x.info.id === Number(ref));
    return map.get(ref.toLowerCase());
  }

  private project(ref: GitLabRef): Project {
    return this.lookup(this.projects, ref) ?? fail(404, { message: "404 Project Not Found" }, `project ${ref}`);
  }

  private group(ref: GitLabRef): Group {
    return this.lookup(this.groups, ref) ?? fail(404, { message: "404 Group Not Found" }, `group ${ref}`);
  }

  private store(target: VariableTarget): VariableStore {
    return target.kind === "project" ? this.project(target.path).variables : this.group(target.path).variables;
  }
}

export function createMemoryGitLab(): MemoryGitLab {
  return new MemoryGitLab();
}
