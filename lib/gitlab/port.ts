/**
 * The GitLab port: what the reconciler and the inventory views need from a GitLab instance, in
 * our own plain types. Implemented by `adapter.ts` (REST API through @gitbeaker/rest) and,
 * in memory, lib/sandbox/gitlab/memory-port.ts (the demo sandbox and unit tests).
 *
 * GitLab facts (who can push, merge or tag, and who is a member) are read through the same port.
 *
 * Errors: implementations throw `AppError` from `lib/errors.ts` — NOT_FOUND (404),
 * BAD_INPUT (400/422 validation; `details.gitlabMessage` holds GitLab's field errors),
 * CONFLICT (a variable with the same key and environment scope exists, or GitLab found several
 * variables for a key without a scope filter), UNAUTHENTICATED (401), FORBIDDEN (403),
 * THROTTLED (429 after bounded retries; `details.retryAfterSeconds`), UPSTREAM (5xx, network).
 * Errors from an HTTP answer carry GitLab's `X-Request-Id` in `details.requestId`.
 */

/** A project or a group, named by its full path (`group/sub/project`) or numeric id. */
export type GitLabRef = string | number;

/** Where CI/CD variables live. Group variables apply to every project below the group. */
export interface VariableTarget {
  kind: "project" | "group";
  path: GitLabRef;
}

export type VariableType = "env_var" | "file";

/** A CI/CD variable as GitLab reports it (project_level_variables.md, group_level_variables.md). */
export interface GitLabVariable {
  key: string;
  /** `null` when the variable is hidden: GitLab never returns a hidden variable's value. */
  value: string | null;
  environmentScope: string;
  protected: boolean;
  masked: boolean;
  hidden: boolean;
  raw: boolean;
  variableType: VariableType;
  description: string | null;
}

export interface NewVariable {
  key: string;
  value: string;
  /** Default `*`. On groups, scopes other than `*` need GitLab Premium. */
  environmentScope?: string;
  protected?: boolean;
  masked?: boolean;
  /** Masked and hidden; only possible at creation, never undone. */
  maskedAndHidden?: boolean;
  raw?: boolean;
  variableType?: VariableType;
  description?: string;
}

/** GitLab's update requires a value (a hidden variable's value cannot be read back, so resend it). */
export interface VariableUpdate {
  value: string;
  /** Moves the variable to another scope. */
  environmentScope?: string;
  protected?: boolean;
  masked?: boolean;
  raw?: boolean;
  variableType?: VariableType;
  description?: string;
}

/**
 * What a write returns: GitLab's `X-Request-Id` (its correlation id, searchable in GitLab's logs),
 * or `null` when the response carried none, recorded with the operation that made the change.
 */
export interface WriteReceipt {
  requestId: string | null;
}

export interface VariableWrite extends WriteReceipt {
  variable: GitLabVariable;
}

export interface GitLabNamespace {
  id: number;
  fullPath: string;
  kind: "group" | "user";
}

export interface GitLabProject {
  id: number;
  name: string;
  path: string;
  pathWithNamespace: string;
  /** `null` for an empty repository. */
  defaultBranch: string | null;
  namespace: GitLabNamespace;
  webUrl: string;
  /** `private`, `internal` or `public`; `null` when GitLab left it out (`simple` listings). */
  visibility: string | null;
  /**
   * The components of the ID token `sub` claim (`ci_id_token_sub_claim_components`), or `null`
   * when GitLab did not return the attribute (older GitLab, or a token below Maintainer).
   */
  subClaimComponents: string[] | null;
}

export interface GitLabGroup {
  id: number;
  name: string;
  path: string;
  fullPath: string;
  parentId: number | null;
  webUrl: string;
}

export interface GitLabBranch {
  name: string;
  /** True when the name matches a protected branch rule (exact or wildcard). */
  protected: boolean;
  default: boolean;
}

/**
 * One entry of a protected ref's `push_access_levels`, `merge_access_levels` or
 * `create_access_levels` (protected_branches.md, protected_tags.md). GitLab decides what an entry
 * is by which id it carries — a user, else a group, else a deploy key, else a role
 * (ee/app/models/concerns/ee/protected_ref_access.rb `type`) — so an entry with a `user_id` is
 * that user alone, whatever its `access_level` says.
 * Role levels: 0 no one, 30 Developers + Maintainers, 40 Maintainers, 60 Admins.
 */
export type GitLabRefAccess =
  | { kind: "role"; accessLevel: number; description: string }
  | { kind: "user"; userId: number; description: string }
  | { kind: "group"; groupId: number; description: string }
  | { kind: "deploy-key"; deployKeyId: number; description: string }
  /** No id and no level: a shape GitLab has not documented. Callers treat it as unknown, never as "no one". */
  | { kind: "unknown"; description: string };

export interface GitLabProtectedBranch {
  id: number;
  /** An exact branch name or a wildcard such as `release/*`, as defined in the project. */
  name: string;
  /** "Allowed to push and merge". */
  pushAccessLevels: GitLabRefAccess[];
  /** "Allowed to merge". */
  mergeAccessLevels: GitLabRefAccess[];
  allowForcePush: boolean;
  codeOwnerApprovalRequired: boolean;
  /** True when the rule is a group-level protected branch the project inherits (Premium). */
  inherited: boolean;
}

export interface GitLabProtectedTag {
  /** An exact tag name or a wildcard such as `v*`. */
  name: string;
  /** "Allowed to create". */
  createAccessLevels: GitLabRefAccess[];
}

/**
 * A member with the effective access level GitLab computed (members.md, `/members/all`: direct,
 * inherited from ancestor groups, and through invited groups; the highest level when several).
 * Levels: 5 minimal access, 10 Guest, 15 Planner, 20 Reporter, 30 Developer, 40 Maintainer, 50 Owner.
 */
export interface GitLabMember {
  id: number;
  username: string;
  name: string;
  /** The user's state: `active`, `blocked`, `deactivated`, … as GitLab reports it. */
  state: string;
  accessLevel: number;
}

/** Whose members: a project (with its groups' and invited groups') or a group (with its ancestors'). */
export interface MemberSource {
  kind: "project" | "group";
  path: GitLabRef;
}

export interface GitLabPort {
  getProject(project: GitLabRef): Promise<GitLabProject>;
  getGroup(group: GitLabRef): Promise<GitLabGroup>;
  /** Projects owned by the group (not projects merely shared with it), optionally with subgroups'. */
  listGroupProjects(group: GitLabRef, options?: { includeSubgroups?: boolean }): Promise<GitLabProject[]>;
  /** Every subgroup below the group, at any depth. */
  listDescendantGroups(group: GitLabRef): Promise<GitLabGroup[]>;
  /** `search` as GitLab: substring, `^prefix`, or `suffix$`. */
  listBranches(project: GitLabRef, search?: string): Promise<GitLabBranch[]>;
  listProtectedBranches(project: GitLabRef): Promise<GitLabProtectedBranch[]>;
  listProtectedTags(project: GitLabRef): Promise<GitLabProtectedTag[]>;
  /** `GET /{projects,groups}/:id/members/all`: every member with their effective access level. */
  listAllMembers(source: MemberSource): Promise<GitLabMember[]>;
  listVariables(target: VariableTarget): Promise<GitLabVariable[]>;
  createVariable(target: VariableTarget, variable: NewVariable): Promise<VariableWrite>;
  /** Updates exactly the variable with this key in this environment scope; others stay untouched. */
  updateVariable(target: VariableTarget, key: string, environmentScope: string, update: VariableUpdate): Promise<VariableWrite>;
  deleteVariable(target: VariableTarget, key: string, environmentScope: string): Promise<WriteReceipt>;
  /** Same as `getProject(project).subClaimComponents`. */
  getSubClaimComponents(project: GitLabRef): Promise<string[] | null>;
  /** Needs Maintainer. GitLab requires `project_path` first. */
  setSubClaimComponents(project: GitLabRef, components: string[]): Promise<string[]>;
}
