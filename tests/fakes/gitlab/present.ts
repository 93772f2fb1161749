/** JSON shapes as in GitLab's API docs (projects.md, groups.md, branches.md, protected_branches.md, protected_tags.md, members.md, users.md). */
import { createHash } from "node:crypto";
import { isProtectedBy } from "@/lib/gitlab/protected-ref";
import type { StoredVariable } from "@/lib/sandbox/gitlab/variable-store";
import type { FakeGroup, FakeMembership, FakeNamespace, FakeProject, FakeProtectedBranch, FakeProtectedTag, FakeRefAccess, FakeState, FakeUser } from "./state";

const CREATED_AT = "2025-01-01T00:00:00.000Z";
const ACCESS_DESCRIPTIONS: Record<number, string> = { 0: "No one", 30: "Developers + Maintainers", 40: "Maintainers", 60: "Admins" };

function namespaceJson(ns: FakeNamespace, origin: string) {
  return {
    id: ns.id,
    name: ns.name,
    path: ns.path,
    kind: ns.kind,
    full_path: ns.fullPath,
    parent_id: ns.parentId,
    web_url: ns.kind === "group" ? `${origin}/groups/${ns.fullPath}` : `${origin}/${ns.fullPath}`,
  };
}

export function projectJson(p: FakeProject, origin: string, simple = false) {
  const base = {
    id: p.id,
    name: p.name,
    name_with_namespace: `${p.namespace.name} / ${p.name}`,
    path: p.path,
    path_with_namespace: p.fullPath,
    created_at: CREATED_AT,
    default_branch: p.defaultBranch,
    web_url: `${origin}/${p.fullPath}`,
    http_url_to_repo: `${origin}/${p.fullPath}.git`,
    namespace: namespaceJson(p.namespace, origin),
  };
  if (simple) return base;
  return {
    ...base,
    description: null,
    visibility: p.visibility,
    archived: false,
    empty_repo: p.defaultBranch === null,
    ci_id_token_sub_claim_components: [...p.subClaimComponents],
  };
}

export function groupJson(g: FakeGroup, origin: string) {
  return {
    id: g.id,
    name: g.name,
    path: g.path,
    description: "",
    visibility: "private",
    full_name: g.fullPath.split("/").join(" / "),
    full_path: g.fullPath,
    parent_id: g.parentId,
    created_at: CREATED_AT,
    web_url: `${origin}/groups/${g.fullPath}`,
  };
}

export function branchJson(p: FakeProject, name: string, origin: string) {
  const sha = createHash("sha1").update(`${p.fullPath}:${name}`).digest("hex");
  const rules = p.protectedBranches.filter((b) => isProtectedBy([b.name], name));
  const developersCan = (entries: (b: FakeProtectedBranch) => FakeRefAccess[]) => rules.some((b) => entries(b).some((a) => "accessLevel" in a && a.accessLevel === 30));
  return {
    name,
    merged: false,
    protected: rules.length > 0,
    default: name === p.defaultBranch,
    // An unprotected branch: every Developer may push and merge (branches.md).
    developers_can_push: rules.length === 0 || developersCan((b) => b.push),
    developers_can_merge: rules.length === 0 || developersCan((b) => b.merge),
    can_push: true,
    web_url: `${origin}/${p.fullPath}/-/tree/${name}`,
    commit: { id: sha, short_id: sha.slice(0, 8), title: "Initial commit", message: "Initial commit", created_at: CREATED_AT },
  };
}

/**
 * One access entry as GitLab Premium answers it (protected_branches.md "Example with user push
 * access and group merge access"): a role has a level and null ids; a user, group or deploy key
 * has `access_level: null` and is described by the user's or group's name. `deploy_key_id`
 * appears only where deploy keys can be named (push and create levels).
 */
function refAccessJson(state: FakeState, a: FakeRefAccess, withDeployKey: boolean) {
  const base = { id: a.id, access_level: null as number | null, user_id: null as number | null, group_id: null as number | null, access_level_description: "" };
  let entry: typeof base & { deploy_key_id?: number | null };
  if ("userId" in a) entry = { ...base, user_id: a.userId, access_level_description: state.users.get(a.userId)?.name ?? "User" };
  else if ("groupId" in a) entry = { ...base, group_id: a.groupId, access_level_description: state.groups.get(a.groupId)?.name ?? "Group" };
  else if ("deployKeyId" in a) return { ...base, deploy_key_id: a.deployKeyId, access_level_description: "Deploy key" };
  else entry = { ...base, access_level: a.accessLevel, access_level_description: ACCESS_DESCRIPTIONS[a.accessLevel] ?? `Level ${a.accessLevel}` };
  return withDeployKey ? { ...entry, deploy_key_id: null } : entry;
}

export function protectedBranchJson(state: FakeState, b: FakeProtectedBranch) {
  return {
    id: b.id,
    name: b.name,
    push_access_levels: b.push.map((a) => refAccessJson(state, a, true)),
    merge_access_levels: b.merge.map((a) => refAccessJson(state, a, false)),
    unprotect_access_levels: [{ id: b.id * 10 + 3, access_level: 40, access_level_description: "Maintainers", user_id: null, group_id: null }],
    allow_force_push: b.allowForcePush,
    code_owner_approval_required: b.codeOwnerApprovalRequired,
  };
}

/** protected_tags.md: a tag rule has no id of its own in the answer. */
export function protectedTagJson(state: FakeState, t: FakeProtectedTag) {
  return { name: t.name, create_access_levels: t.create.map((a) => refAccessJson(state, a, true)) };
}

/** members.md: the user's fields plus the membership's `access_level`. */
export function memberJson(u: FakeUser, m: FakeMembership, origin: string) {
  return { ...basicUserJson(u, origin), access_level: m.accessLevel, created_at: CREATED_AT, expires_at: null, membership_state: "active" };
}

/** A hidden variable's value is never returned (Ci::VariableValue#evaluate). */
export function variableJson(v: StoredVariable) {
  return {
    variable_type: v.variableType,
    key: v.key,
    value: v.hidden ? null : v.value,
    hidden: v.hidden,
    protected: v.protected,
    masked: v.masked,
    raw: v.raw,
    environment_scope: v.environmentScope,
    description: v.description,
  };
}

/** GitLab's UserBasic entity: what every answer naming a user carries. */
function basicUserJson(u: FakeUser, origin: string) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    state: u.state,
    locked: false,
    avatar_url: `${origin}/uploads/-/system/user/avatar/${u.id}/avatar.png`,
    web_url: `${origin}/${u.username}`,
  };
}

export function userJson(u: FakeUser, origin: string) {
  return {
    ...basicUserJson(u, origin),
    created_at: CREATED_AT,
    bio: "",
    email: u.email,
    public_email: null,
  };
}
