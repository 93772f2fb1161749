/** JSON shapes as in GitLab's API docs (projects.md, groups.md, branches.md, protected_branches.md, users.md). */
import { createHash } from "node:crypto";
import { isProtectedBy } from "@/lib/gitlab/rules/protected-ref";
import type { StoredVariable } from "@/lib/sandbox/gitlab/variable-store";
import type { FakeGroup, FakeNamespace, FakeProject, FakeProtectedBranch, FakeUser } from "./state";

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
    visibility: "private",
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
  const isProtected = isProtectedBy(
    p.protectedBranches.map((b) => b.name),
    name,
  );
  return {
    name,
    merged: false,
    protected: isProtected,
    default: name === p.defaultBranch,
    developers_can_push: false,
    developers_can_merge: false,
    can_push: true,
    web_url: `${origin}/${p.fullPath}/-/tree/${name}`,
    commit: { id: sha, short_id: sha.slice(0, 8), title: "Initial commit", message: "Initial commit", created_at: CREATED_AT },
  };
}

function accessLevels(idBase: number, level: number) {
  return [{ id: idBase, access_level: level, access_level_description: ACCESS_DESCRIPTIONS[level] ?? `Level ${level}` }];
}

export function protectedBranchJson(b: FakeProtectedBranch) {
  return {
    id: b.id,
    name: b.name,
    push_access_levels: accessLevels(b.id * 10 + 1, b.pushAccessLevel),
    merge_access_levels: accessLevels(b.id * 10 + 2, b.mergeAccessLevel),
    allow_force_push: b.allowForcePush,
    code_owner_approval_required: false,
  };
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

export function userJson(u: FakeUser, origin: string) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    state: "active",
    locked: false,
    avatar_url: `${origin}/uploads/-/system/user/avatar/${u.id}/avatar.png`,
    web_url: `${origin}/${u.username}`,
    created_at: CREATED_AT,
    bio: "",
    email: u.email,
    public_email: null,
  };
}
