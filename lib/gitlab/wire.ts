/**
 * GitLab's JSON (snake_case, fields added over versions) → our plain types, validated with zod
 * because a response is a boundary. Fields newer than GitLab 16 default so older instances parse.
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { GitLabBranch, GitLabGroup, GitLabProject, GitLabProtectedBranch, GitLabVariable } from "./port";

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

const ZAccessLevels = z.array(z.object({ access_level: z.number().nullable() })).default([]);
const levels = (list: { access_level: number | null }[]) => list.flatMap((l) => (l.access_level === null ? [] : [l.access_level]));

export const ZProtectedBranchJson = z
  .object({
    id: z.number(),
    name: z.string(),
    push_access_levels: ZAccessLevels,
    merge_access_levels: ZAccessLevels,
    allow_force_push: z.boolean().default(false),
  })
  .transform(
    (b): GitLabProtectedBranch => ({
      id: b.id,
      name: b.name,
      pushAccessLevels: levels(b.push_access_levels),
      mergeAccessLevels: levels(b.merge_access_levels),
      allowForcePush: b.allow_force_push,
    }),
  );

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
