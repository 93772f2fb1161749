/**
 * The fake's data: users, tokens, groups, projects (branches, protected branches and tags, sub
 * claim components, visibility), memberships, CI/CD variables and OAuth applications. Seed it from tests with the `add*` helpers;
 * everything the HTTP API changes lives here too, so tests can assert on it directly.
 */
import type { NewVariable, VariableTarget } from "@/lib/gitlab/port";
import { DEFAULT_SUB_CLAIM_COMPONENTS } from "@/lib/sandbox/gitlab/rules/sub-claim";
import { VariableStore, type StoredVariable } from "@/lib/sandbox/gitlab/variable-store";

export interface FakeUser {
  id: number;
  username: string;
  name: string;
  email: string;
  /** GitLab's user state: `active` (default), `blocked`, `deactivated`, … */
  state: string;
}

/** A direct membership of a project or group (members.md). */
export interface FakeMembership {
  userId: number;
  accessLevel: number;
}

/** A personal access token or an OAuth access token. Scopes as GitLab's: api, read_api, read_user. */
export interface FakeToken {
  token: string;
  userId: number;
  scopes: string[];
  kind: "personal" | "oauth";
  /** Epoch ms; absent = never expires. */
  expiresAt?: number;
}

export interface FakeNamespace {
  id: number;
  name: string;
  path: string;
  fullPath: string;
  kind: "group" | "user";
  parentId: number | null;
}

export interface FakeGroup extends FakeNamespace {
  kind: "group";
  variables: VariableStore;
  members: FakeMembership[];
}

/**
 * One access entry of a protected ref, as GitLab stores it (ProtectedRefAccess): a role level,
 * or a user, a group or a deploy key (then no level).
 */
export type FakeRefAccess =
  | { id: number; accessLevel: number }
  | { id: number; userId: number }
  | { id: number; groupId: number }
  | { id: number; deployKeyId: number };

export interface FakeProtectedBranch {
  id: number;
  name: string;
  push: FakeRefAccess[];
  merge: FakeRefAccess[];
  allowForcePush: boolean;
  codeOwnerApprovalRequired: boolean;
}

export interface FakeProtectedTag {
  id: number;
  name: string;
  create: FakeRefAccess[];
}

/** A project shared with a group (`project_group_links`), with the role the share grants at most. */
export interface FakeProjectShare {
  groupId: number;
  groupAccess: number;
}

export interface FakeProject {
  id: number;
  name: string;
  path: string;
  fullPath: string;
  namespace: FakeNamespace;
  defaultBranch: string | null;
  branches: string[];
  protectedBranches: FakeProtectedBranch[];
  protectedTags: FakeProtectedTag[];
  subClaimComponents: string[];
  visibility: "private" | "internal" | "public";
  members: FakeMembership[];
  sharedWith: FakeProjectShare[];
  variables: VariableStore;
}

/**
 * Who an access entry names, as the API's `allowed_to_push` / `allowed_to_merge` /
 * `allowed_to_create` items, with a username or group path instead of an id.
 */
export type RefAccessSeed = { accessLevel: number } | { user: string } | { group: string } | { deployKeyId: number };

export interface ProtectedBranchSeed {
  name: string;
  /** GitLab access levels: 0 no one, 30 developers, 40 maintainers (default), 60 admins. */
  pushAccessLevel?: number;
  mergeAccessLevel?: number;
  /** Further entries besides the levels above (Premium: users, groups, deploy keys). */
  allowedToPush?: RefAccessSeed[];
  allowedToMerge?: RefAccessSeed[];
  allowForcePush?: boolean;
  codeOwnerApprovalRequired?: boolean;
}

export interface ProtectedTagSeed {
  name: string;
  /** Default 40 (Maintainers), GitLab's default. */
  createAccessLevel?: number;
  allowedToCreate?: RefAccessSeed[];
}

export interface ProjectSeed {
  name?: string;
  /** Default `main`; `null` for an empty repository. */
  defaultBranch?: string | null;
  /** Default: just the default branch. */
  branches?: string[];
  /** Exact names or wildcards (`release/*`). */
  protectedBranches?: (string | ProtectedBranchSeed)[];
  /** Exact names or wildcards (`v*`). */
  protectedTags?: (string | ProtectedTagSeed)[];
  ciIdTokenSubClaimComponents?: string[];
  /** Default `private`. */
  visibility?: "private" | "internal" | "public";
  /** Groups the project is shared with (`groupAccess` default 30, Developer). */
  sharedWith?: { group: string; groupAccess?: number }[];
}

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Scopes the app may request. Default `["read_user", "openid", "profile", "email"]`. */
  scopes: string[];
  /** A confidential app must authenticate with its secret at /oauth/token. Default true. */
  confidential: boolean;
}

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  userId: number;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  expiresAt: number;
}

/** Where variables live: a project or group by full path or numeric id. */
export type VariableTargetRef = VariableTarget;

export interface FakeStateOptions {
  /** Accepted `ci_id_token_sub_claim_components` entries. Default: GitLab's (project_path, ref_type, ref). */
  allowedSubClaimComponents?: string[];
}

export class FakeState {
  readonly users = new Map<number, FakeUser>();
  readonly tokens = new Map<string, FakeToken>();
  readonly groups = new Map<number, FakeGroup>();
  readonly projects = new Map<number, FakeProject>();
  readonly oauthApps = new Map<string, OAuthApp>();
  readonly authCodes = new Map<string, AuthCode>();
  /** refresh token → the access token it renews. */
  readonly refreshTokens = new Map<string, { accessToken: string; clientId: string }>();
  /** Who `/oauth/authorize` signs in; `null` = the user denies access. */
  currentUserId: number | null = null;
  oauthTokenLifetimeSeconds = 7200;
  private nextId = 1;

  constructor(readonly options: FakeStateOptions = {}) {}

  clear(): void {
    for (const m of [this.users, this.tokens, this.groups, this.projects, this.oauthApps, this.authCodes, this.refreshTokens]) m.clear();
    this.currentUserId = null;
    this.nextId = 1;
  }

  newId(): number {
    return this.nextId++;
  }

  addUser(user: { username: string; name?: string; email?: string; state?: string }): FakeUser {
    const u: FakeUser = {
      id: this.newId(),
      username: user.username,
      name: user.name ?? user.username,
      email: user.email ?? `${user.username}@example.com`,
      state: user.state ?? "active",
    };
    this.users.set(u.id, u);
    return u;
  }

  /** Registers a personal access token for an existing user (default scope `api`). */
  addToken(token: string, username: string, scopes: string[] = ["api"]): FakeToken {
    const t: FakeToken = { token, userId: this.userByName(username).id, scopes, kind: "personal" };
    this.tokens.set(token, t);
    return t;
  }

  userByName(username: string): FakeUser {
    const u = [...this.users.values()].find((x) => x.username.toLowerCase() === username.toLowerCase());
    if (!u) throw new Error(`Unknown fake user ${username}`);
    return u;
  }

  /** Creates the group and any missing parents. */
  addGroup(fullPath: string, opts: { name?: string } = {}): FakeGroup {
    const existing = this.groupByPath(fullPath);
    if (existing) return existing;
    const slash = fullPath.lastIndexOf("/");
    const parent = slash > 0 ? this.addGroup(fullPath.slice(0, slash)) : null;
    const path = fullPath.slice(slash + 1);
    const g: FakeGroup = {
      id: this.newId(),
      name: opts.name ?? path,
      path,
      fullPath,
      kind: "group",
      parentId: parent?.id ?? null,
      variables: new VariableStore(),
      members: [],
    };
    this.groups.set(g.id, g);
    return g;
  }

  /** Creates the project; its namespace is a user's when it names one, else a group (created as needed). */
  addProject(fullPath: string, seed: ProjectSeed = {}): FakeProject {
    const slash = fullPath.lastIndexOf("/");
    if (slash <= 0) throw new Error(`A project path needs a namespace: ${fullPath}`);
    const nsPath = fullPath.slice(0, slash);
    const user = [...this.users.values()].find((u) => u.username.toLowerCase() === nsPath.toLowerCase());
    const namespace: FakeNamespace = user
      ? { id: user.id, name: user.name, path: user.username, fullPath: user.username, kind: "user", parentId: null }
      : this.addGroup(nsPath);
    const defaultBranch = seed.defaultBranch === undefined ? "main" : seed.defaultBranch;
    const path = fullPath.slice(slash + 1);
    const p: FakeProject = {
      id: this.newId(),
      name: seed.name ?? path,
      path,
      fullPath,
      namespace,
      defaultBranch,
      branches: [...new Set([...(defaultBranch ? [defaultBranch] : []), ...(seed.branches ?? [])])],
      protectedBranches: (seed.protectedBranches ?? []).map((b) => this.protectedBranch(typeof b === "string" ? { name: b } : b)),
      protectedTags: (seed.protectedTags ?? []).map((t) => this.protectedTag(typeof t === "string" ? { name: t } : t)),
      subClaimComponents: [...(seed.ciIdTokenSubClaimComponents ?? DEFAULT_SUB_CLAIM_COMPONENTS)],
      visibility: seed.visibility ?? "private",
      members: [],
      sharedWith: (seed.sharedWith ?? []).map((s) => ({ groupId: this.addGroup(s.group).id, groupAccess: s.groupAccess ?? 30 })),
      variables: new VariableStore(),
    };
    this.projects.set(p.id, p);
    return p;
  }

  /** GitLab's defaults when a rule is created without levels: Maintainers push and merge. */
  protectedBranch(seed: ProtectedBranchSeed): FakeProtectedBranch {
    return {
      id: this.newId(),
      name: seed.name,
      push: [this.refAccess({ accessLevel: seed.pushAccessLevel ?? 40 }), ...(seed.allowedToPush ?? []).map((a) => this.refAccess(a))],
      merge: [this.refAccess({ accessLevel: seed.mergeAccessLevel ?? 40 }), ...(seed.allowedToMerge ?? []).map((a) => this.refAccess(a))],
      allowForcePush: seed.allowForcePush ?? false,
      codeOwnerApprovalRequired: seed.codeOwnerApprovalRequired ?? false,
    };
  }

  protectedTag(seed: ProtectedTagSeed): FakeProtectedTag {
    return {
      id: this.newId(),
      name: seed.name,
      create: [this.refAccess({ accessLevel: seed.createAccessLevel ?? 40 }), ...(seed.allowedToCreate ?? []).map((a) => this.refAccess(a))],
    };
  }

  private refAccess(seed: RefAccessSeed): FakeRefAccess {
    const id = this.newId();
    if ("user" in seed) return { id, userId: this.userByName(seed.user).id };
    if ("group" in seed) return { id, groupId: this.addGroup(seed.group).id };
    if ("deployKeyId" in seed) return { id, deployKeyId: seed.deployKeyId };
    return { id, accessLevel: seed.accessLevel };
  }

  /** Adds (or changes) a direct membership of a project or group. */
  addMember(target: { kind: "project" | "group"; path: string }, username: string, accessLevel: number): void {
    const owner = target.kind === "project" ? this.findProject(target.path) : this.findGroup(target.path);
    if (!owner) throw new Error(`Unknown fake ${target.kind} ${target.path}`);
    const userId = this.userByName(username).id;
    owner.members = [...owner.members.filter((m) => m.userId !== userId), { userId, accessLevel }];
  }

  /** A group and its ancestors, nearest first. */
  groupChain(group: FakeGroup): FakeGroup[] {
    const chain: FakeGroup[] = [];
    for (let g: FakeGroup | undefined = group; g; g = g.parentId === null ? undefined : this.groups.get(g.parentId)) chain.push(g);
    return chain;
  }

  addOAuthApp(app: { clientId: string; clientSecret: string; redirectUris: string[]; scopes?: string[]; confidential?: boolean }): OAuthApp {
    const a: OAuthApp = {
      ...app,
      scopes: app.scopes ?? ["read_user", "openid", "profile", "email"],
      confidential: app.confidential ?? true,
    };
    this.oauthApps.set(a.clientId, a);
    return a;
  }

  /** The user `/oauth/authorize` approves as; `null` makes it deny access. */
  signInAs(username: string | null): void {
    this.currentUserId = username === null ? null : this.userByName(username).id;
  }

  /** Seeds a variable through GitLab's validation; throws when GitLab would refuse it. */
  addVariable(target: VariableTargetRef, v: NewVariable): StoredVariable {
    const result = this.store(target).create(v);
    if (!result.ok) throw new Error(`GitLab would refuse ${v.key}: ${JSON.stringify(result.body)}`);
    return result.value;
  }

  /** Stored variables with real values (hidden ones too), for assertions. */
  variables(target: VariableTargetRef): StoredVariable[] {
    return this.store(target).list().map((v) => ({ ...v }));
  }

  groupByPath(fullPath: string): FakeGroup | undefined {
    return [...this.groups.values()].find((g) => g.fullPath.toLowerCase() === fullPath.toLowerCase());
  }

  /** By numeric id or full path (case-insensitive, as GitLab). */
  findProject(ref: string): FakeProject | undefined {
    if (/^\d+$/.test(ref)) return this.projects.get(Number(ref));
    return [...this.projects.values()].find((p) => p.fullPath.toLowerCase() === ref.toLowerCase());
  }

  findGroup(ref: string): FakeGroup | undefined {
    return /^\d+$/.test(ref) ? this.groups.get(Number(ref)) : this.groupByPath(ref);
  }

  private store(target: VariableTargetRef): VariableStore {
    const ref = String(target.path);
    const owner = target.kind === "project" ? this.findProject(ref) : this.findGroup(ref);
    if (!owner) throw new Error(`Unknown fake ${target.kind} ${target.path}`);
    return owner.variables;
  }
}
