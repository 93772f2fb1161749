/**
 * GitLab's JSON (snake_case, fields added over versions) → our plain types, validated with zod
 * because a response is a boundary. Fields newer than GitLab 16 default so older instances parse.
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { GitLabBranch, GitLabGroup, GitLabMember, GitLabProject, GitLabProtectedBranch, GitLabProtectedTag, GitLabRefAccess, GitLabVariable } from "./port";

export const ZVariableJson = z
  .object({
    key: z.string(),
    value: z.string().nullable(),
    variable_type: z.enum(["env_var", "file"]).default("env_var"),
    protected: z.boolean().default(false),
    masked: z.boolean().default(false),
    hidden: z.boolean().default(false),
    raw: z.boolean().default(false),
    environment_scope: z.string().default("*"),
    description: z.string().nullable().default(null),
  })
  .transform(
    (v): GitLabVariable => ({
      key: v.key,
      value: v.hidden ? null : v.value,
      environmentScope: v.environment_scope,
      protected: v.protected,
      masked: v.masked,
      hidden: v.hidden,
      raw: v.raw,
      variableType: v.variable_type,
      description: v.description,
    }),
  );

export const ZProjectJson = z
  .object({
    id: z.number(),
    name: z.string(),
    path: z.string(),
    path_with_namespace: z.string(),
    default_branch: z.string().nullable().default(null),
    web_url: z.string(),
    namespace: z.object({ id: z.number(), full_path: z.string(), kind: z.enum(["group", "user"]) }),
    ci_id_token_sub_claim_components: z.array(z.string()).nullable().default(null),
    visibility: z.string().nullable().default(null),
  })
  .transform(
    (p): GitLabProject => ({
      id: p.id,
      name: p.name,
      path: p.path,
      pathWithNamespace: p.path_with_namespace,
      defaultBranch: p.default_branch,
      namespace: { id: p.namespace.id, fullPath: p.namespace.full_path, kind: p.namespace.kind },
      webUrl: p.web_url,
      subClaimComponents: p.ci_id_token_sub_claim_components,
      visibility: p.visibility,
    }),
  );

export const ZGroupJson = z
  .object({
    id: z.number(),
    name: z.string(),
    path: z.string(),
    full_path: z.string(),
    parent_id: z.number().nullable().default(null),
    web_url: z.string(),
  })
  .transform(
    (g): GitLabGroup => ({ id: g.id, name: g.name, path: g.path, fullPath: g.full_path, parentId: g.parent_id, webUrl: g.web_url }),
  );

export const ZBranchJson = z
  .object({ name: z.string(), protected: z.boolean(), default: z.boolean().default(false) })
  .transform((b): GitLabBranch => ({ name: b.name, protected: b.protected, default: b.default }));

/**
 * An access entry: Free tier omits `user_id`/`group_id`; `deploy_key_id` appears since GitLab 16.0;
 * entries for a user, group or deploy key carry `access_level: null` (protected_branches.md).
 */
const ZRefAccessJson = z
  .object({
    access_level: z.number().nullable().default(null),
    access_level_description: z.string().nullable().default(null),
    user_id: z.number().nullable().default(null),
    group_id: z.number().nullable().default(null),
    deploy_key_id: z.number().nullable().default(null),
  })
  .transform((a): GitLabRefAccess => {
    const description = a.access_level_description ?? "";
    // GitLab's own precedence (ProtectedRefAccess#type): user, group, deploy key, then role.
    if (a.user_id !== null) return { kind: "user", userId: a.user_id, description };
    if (a.group_id !== null) return { kind: "group", groupId: a.group_id, description };
    if (a.deploy_key_id !== null) return { kind: "deploy-key", deployKeyId: a.deploy_key_id, description };
    if (a.access_level !== null) return { kind: "role", accessLevel: a.access_level, description };
    return { kind: "unknown", description };
  });

const ZRefAccessList = z.array(ZRefAccessJson).default([]);

export const ZProtectedBranchJson = z
  .object({
    id: z.number(),
    name: z.string(),
    push_access_levels: ZRefAccessList,
    merge_access_levels: ZRefAccessList,
    allow_force_push: z.boolean().default(false),
    code_owner_approval_required: z.boolean().default(false),
    inherited: z.boolean().default(false),
  })
  .transform(
    (b): GitLabProtectedBranch => ({
      id: b.id,
      name: b.name,
      pushAccessLevels: b.push_access_levels,
      mergeAccessLevels: b.merge_access_levels,
      allowForcePush: b.allow_force_push,
      codeOwnerApprovalRequired: b.code_owner_approval_required,
      inherited: b.inherited,
    }),
  );

export const ZProtectedTagJson = z
  .object({ name: z.string(), create_access_levels: ZRefAccessList })
  .transform((t): GitLabProtectedTag => ({ name: t.name, createAccessLevels: t.create_access_levels }));

export const ZMemberJson = z
  .object({ id: z.number(), username: z.string(), name: z.string(), state: z.string().default("active"), access_level: z.number() })
  .transform((m): GitLabMember => ({ id: m.id, username: m.username, name: m.name, state: m.state, accessLevel: m.access_level }));

/** Parses one response body; a shape we do not understand is GitLab's fault, not the user's. */
export function parseWire<S extends z.ZodType>(schema: S, body: unknown, subject: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new AppError("UPSTREAM", `GitLab answered with an unexpected shape for ${subject}.`, {
    details: { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`) },
  });
}

// One array schema per item schema: building a zod schema costs more than checking an empty list,
// and a reconcile run lists the variables of thousands of targets.
const listSchemas = new WeakMap<z.ZodType, z.ZodArray<z.ZodType>>();

export function parseWireList<S extends z.ZodType>(schema: S, body: unknown, subject: string): z.output<S>[] {
  let list = listSchemas.get(schema);
  if (list === undefined) {
    list = z.array(schema);
    listSchemas.set(schema, list);
  }
  return parseWire(list as z.ZodArray<S>, body, subject);
}
