/**
 * The fake's data: users, tokens, groups, projects (branches, protected branches, sub claim
 * components), CI/CD variables and OAuth applications. Seed it from tests with the `add*` helpers;
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
}

export interface FakeProtectedBranch {
  id: number;
  name: string;
  pushAccessLevel: number;
  mergeAccessLevel: number;
  allowForcePush: boolean;
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
  subClaimComponents: string[];
  variables: VariableStore;
}

export interface ProtectedBranchSeed {
  name: string;
  /** GitLab access levels: 0 no one, 30 developers, 40 maintainers (default), 60 admins. */
  pushAccessLevel?: number;
  mergeAccessLevel?: number;
  allowForcePush?: boolean;
}

export interface ProjectSeed {
  name?: string;
  /** Default `main`; `null` for an empty repository. */
  defaultBranch?: string | null;
  /** Default: just the default branch. */
  branches?: string[];
  /** Exact names or wildcards (`release/*`). */
  protectedBranches?: (string | ProtectedBranchSeed)[];
  ciIdTokenSubClaimComponents?: string[];
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

  addUser(user: { username: string; name?: string; email?: string }): FakeUser {
    const u: FakeUser = {
      id: this.newId(),
      username: user.username,
      name: user.name ?? user.username,
      email: user.email ?? `${user.username}@example.com`,
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
      subClaimComponents: [...(seed.ciIdTokenSubClaimComponents ?? DEFAULT_SUB_CLAIM_COMPONENTS)],
      variables: new VariableStore(),
    };
    this.projects.set(p.id, p);
    return p;
  }

  protectedBranch(seed: ProtectedBranchSeed): FakeProtectedBranch {
    return {
      id: this.newId(),
      name: seed.name,
      pushAccessLevel: seed.pushAccessLevel ?? 40,
      mergeAccessLevel: seed.mergeAccessLevel ?? 40,
      allowForcePush: seed.allowForcePush ?? false,
    };
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
