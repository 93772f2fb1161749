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
  GitLabMember,
  GitLabPort,
  GitLabProject,
  GitLabProtectedBranch,
  GitLabProtectedTag,
  GitLabRef,
  GitLabRefAccess,
  MemberSource,
  NewVariable,
  VariableTarget,
  VariableUpdate,
} from "@/lib/gitlab/port";
import { GitLabHttpError } from "@/lib/gitlab/requester";
import { branchSearchMatches } from "./rules/branch-search";
import { isProtectedBy } from "@/lib/gitlab/protected-ref";
import { DEFAULT_SUB_CLAIM_COMPONENTS, validateSubClaimComponents } from "./rules/sub-claim";
import { hasErrors } from "./rules/variables";
import { presentVariable, VariableStore, type StoredVariable, type StoreFailure } from "./variable-store";

/** Who a protected-ref entry names: a role level, or a user by username, a group by path, a deploy key. */
export type MemoryRefAccessSeed = { accessLevel: number } | { user: string } | { group: string } | { deployKeyId: number };

/** The same shape as the HTTP fake's seed, so one seed serves both in contract tests. */
export interface MemoryProtectedBranchSeed {
  name: string;
  /** Default 40 (Maintainers), GitLab's default. */
  pushAccessLevel?: number;
  mergeAccessLevel?: number;
  allowedToPush?: MemoryRefAccessSeed[];
  allowedToMerge?: MemoryRefAccessSeed[];
  allowForcePush?: boolean;
  codeOwnerApprovalRequired?: boolean;
}

export interface MemoryProtectedTagSeed {
  name: string;
  /** Default 40 (Maintainers). */
  createAccessLevel?: number;
  allowedToCreate?: MemoryRefAccessSeed[];
}

/** A member as `/members/all` reports them: the effective level, inheritance already applied. */
export interface MemoryMemberSeed {
  username: string;
  name?: string;
  accessLevel: number;
  state?: string;
}

export interface MemoryProjectSeed {
  defaultBranch?: string;
  /** Default: just the default branch. */
  branches?: string[];
  /** Exact names or wildcards such as `release/*` (Maintainers push and merge), or full rules. */
  protectedBranches?: (string | MemoryProtectedBranchSeed)[];
  protectedTags?: (string | MemoryProtectedTagSeed)[];
  /** The project's `/members/all`. */
  members?: MemoryMemberSeed[];
  /** Default `private`. */
  visibility?: "private" | "internal" | "public";
  /** `null` simulates a GitLab that does not report the attribute. */
  subClaimComponents?: string[] | null;
}

interface Project {
  info: GitLabProject;
  branches: string[];
  protectedBranches: GitLabProtectedBranch[];
  protectedTags: GitLabProtectedTag[];
  members: GitLabMember[];
  variables: VariableStore;
}

interface Group {
  info: GitLabGroup;
  variables: VariableStore;
  members: GitLabMember[];
}

/** GitLab's `access_level_description` of a role entry (ProtectedRefAccess.human_access_levels). */
const ROLE_DESCRIPTIONS: Record<number, string> = { 0: "No one", 30: "Developers + Maintainers", 40: "Maintainers", 60: "Admins" };
/** A project or group as stored: its fields, with its variables as a plain list. */
type Stored<T extends { variables: VariableStore }> = Omit<T, "variables"> & { variables: StoredVariable[] };

/** What `exportState()` returns and `fromState()` takes: plain JSON (the sandbox keeps it in Postgres). */
export interface MemoryGitLabState {
  nextId: number;
  writes: number;
  groups: Stored<Group>[];
  projects: Stored<Project>[];
  /** Users known from member seeds, so ids stay stable across loads (absent in older states). */
  users?: [string, { id: number; name: string; state: string }][];
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
  private readonly users = new Map<string, { id: number; name: string; state: string }>();

  /** A port holding `state` (deep-copied): call counts and queued failures start empty. */
  static fromState(state: MemoryGitLabState): MemoryGitLab {
    const port = new MemoryGitLab();
    const copy = structuredClone(state);
    port.nextId = copy.nextId;
    port.writes = copy.writes;
    // Spread, not field by field: whatever a project or group holds is carried over as is.
    for (const g of copy.groups) port.groups.set(g.info.fullPath.toLowerCase(), { ...g, variables: new VariableStore(g.variables) });
    for (const p of copy.projects) port.projects.set(p.info.pathWithNamespace.toLowerCase(), { ...p, variables: new VariableStore(p.variables) });
    for (const [username, user] of copy.users ?? []) port.users.set(username, user);
    return port;
  }

  /** Everything the port holds, as plain JSON; the recorded calls and queued failures are not state. */
  exportState(): MemoryGitLabState {
    const stored = <T extends { variables: VariableStore }>(x: T): Stored<T> => structuredClone({ ...x, variables: x.variables.list().map((v) => ({ ...v })) });
    return { nextId: this.nextId, writes: this.writes, groups: [...this.groups.values()].map(stored), projects: [...this.projects.values()].map(stored), users: structuredClone([...this.users.entries()]) };
  }

  /** Creates the group and any missing parent groups. */
  addGroup(fullPath: string): GitLabGroup {
    const existing = this.groups.get(fullPath.toLowerCase());
    if (existing) return existing.info;
    const slash = fullPath.lastIndexOf("/");
    const parent = slash > 0 ? this.addGroup(fullPath.slice(0, slash)) : null;
    const path = fullPath.slice(slash + 1);
    const info: GitLabGroup = { id: this.nextId++, name: path, path, fullPath, parentId: parent?.id ?? null, webUrl: `${WEB}/groups/${fullPath}` };
    this.groups.set(fullPath.toLowerCase(), { info, variables: new VariableStore(), members: [] });
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
      visibility: seed.visibility ?? "private",
    };
    const branches = [...new Set([defaultBranch, ...(seed.branches ?? [])])];
    // Members first: a rule naming a user then finds them with their name, as GitLab describes them.
    const members = (seed.members ?? []).map((m) => this.member(m));
    this.projects.set(fullPath.toLowerCase(), {
      info,
      branches,
      members,
      protectedBranches: (seed.protectedBranches ?? []).map((b) => this.protectedBranch(typeof b === "string" ? { name: b } : b)),
      protectedTags: (seed.protectedTags ?? []).map((t) => this.protectedTag(typeof t === "string" ? { name: t } : t)),
      variables: new VariableStore(),
    });
    return info;
  }

  /** Sets a group's `/members/all` (effective levels, as GitLab reports them). */
  setGroupMembers(fullPath: string, members: MemoryMemberSeed[]): void {
    this.addGroup(fullPath);
    this.group(fullPath).members = members.map((m) => this.member(m));
  }

  /** Sets a project's `/members/all`. */
  setProjectMembers(fullPath: string, members: MemoryMemberSeed[]): void {
    this.project(fullPath).members = members.map((m) => this.member(m));
  }

  /** Replaces a project's protected branch rules (e.g. to simulate someone unprotecting a branch). */
  setProtectedBranches(fullPath: string, rules: (string | MemoryProtectedBranchSeed)[]): void {
    this.project(fullPath).protectedBranches = rules.map((b) => this.protectedBranch(typeof b === "string" ? { name: b } : b));
  }

  /** A user known to this GitLab (created on first mention, like a seeded account). */
  private user(username: string, name?: string, state?: string) {
    const key = username.toLowerCase();
    let u = this.users.get(key);
    if (!u) {
      u = { id: this.nextId++, name: name ?? username, state: state ?? "active" };
      this.users.set(key, u);
    }
    return u;
  }

  private member(m: MemoryMemberSeed): GitLabMember {
    const u = this.user(m.username, m.name, m.state);
    return { id: u.id, username: m.username, name: u.name, state: u.state, accessLevel: m.accessLevel };
  }

  private refAccess(seed: MemoryRefAccessSeed): GitLabRefAccess {
    if ("user" in seed) {
      const u = this.user(seed.user);
      return { kind: "user", userId: u.id, description: u.name };
    }
    if ("group" in seed) {
      const g = this.addGroup(seed.group);
      return { kind: "group", groupId: g.id, description: g.name };
    }
    if ("deployKeyId" in seed) return { kind: "deploy-key", deployKeyId: seed.deployKeyId, description: "Deploy key" };
    return { kind: "role", accessLevel: seed.accessLevel, description: ROLE_DESCRIPTIONS[seed.accessLevel] ?? `Level ${seed.accessLevel}` };
  }

  private protectedBranch(seed: MemoryProtectedBranchSeed): GitLabProtectedBranch {
    return {
      id: this.nextId++,
      name: seed.name,
      pushAccessLevels: [this.refAccess({ accessLevel: seed.pushAccessLevel ?? 40 }), ...(seed.allowedToPush ?? []).map((a) => this.refAccess(a))],
      mergeAccessLevels: [this.refAccess({ accessLevel: seed.mergeAccessLevel ?? 40 }), ...(seed.allowedToMerge ?? []).map((a) => this.refAccess(a))],
      allowForcePush: seed.allowForcePush ?? false,
      codeOwnerApprovalRequired: seed.codeOwnerApprovalRequired ?? false,
      inherited: false,
    };
  }

  private protectedTag(seed: MemoryProtectedTagSeed): GitLabProtectedTag {
    return {
      name: seed.name,
      createAccessLevels: [this.refAccess({ accessLevel: seed.createAccessLevel ?? 40 }), ...(seed.allowedToCreate ?? []).map((a) => this.refAccess(a))],
    };
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
      .map((name) => ({ name, protected: isProtectedBy(p.protectedBranches.map((b) => b.name), name), default: name === p.info.defaultBranch }));
  }

  async listProtectedBranches(project: GitLabRef): Promise<GitLabProtectedBranch[]> {
    this.record("listProtectedBranches", [project]);
    return structuredClone(this.project(project).protectedBranches);
  }

  async listProtectedTags(project: GitLabRef): Promise<GitLabProtectedTag[]> {
    this.record("listProtectedTags", [project]);
    return structuredClone(this.project(project).protectedTags);
  }

  async listAllMembers(source: MemberSource): Promise<GitLabMember[]> {
    this.record("listAllMembers", [source]);
    const owner = source.kind === "project" ? this.project(source.path) : this.group(source.path);
    return owner.members.map((m) => ({ ...m })).sort((a, b) => a.id - b.id);
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
