/**
 * GitLab facts at trustmap's boundaries: the facts stored in Postgres (read back through these
 * schemas, since a JSON column is a boundary too), the `gitlab` part of
 * `POST /api/v1/requests/preview`, and `GET /api/v1/access/people`. The contracts are issue #12's;
 * other tools depend on them, so fields are added here only with the issue.
 */
import { z } from "zod";

// ---- Stored facts -------------------------------------------------------------------------

/** One access entry of a protected ref (lib/gitlab/port.ts GitLabRefAccess). */
export const ZRefAccessFact = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("role"), accessLevel: z.number().int(), description: z.string() }),
  z.object({ kind: z.literal("user"), userId: z.number().int(), description: z.string() }),
  z.object({ kind: z.literal("group"), groupId: z.number().int(), description: z.string() }),
  z.object({ kind: z.literal("deploy-key"), deployKeyId: z.number().int(), description: z.string() }),
  z.object({ kind: z.literal("unknown"), description: z.string() }),
]);
export type TRefAccessFact = z.infer<typeof ZRefAccessFact>;

export const ZProtectedBranchFact = z.object({
  name: z.string(),
  pushAccessLevels: z.array(ZRefAccessFact),
  mergeAccessLevels: z.array(ZRefAccessFact),
  allowForcePush: z.boolean(),
  codeOwnerApprovalRequired: z.boolean(),
  inherited: z.boolean(),
});
export type TProtectedBranchFact = z.infer<typeof ZProtectedBranchFact>;

export const ZProtectedTagFact = z.object({ name: z.string(), createAccessLevels: z.array(ZRefAccessFact) });
export type TProtectedTagFact = z.infer<typeof ZProtectedTagFact>;

export const ZMemberFact = z.object({
  id: z.number().int(),
  username: z.string(),
  name: z.string(),
  state: z.string(),
  accessLevel: z.number().int(),
});
export type TMemberFact = z.infer<typeof ZMemberFact>;

/** What one refresh read about one project. */
export const ZProjectFacts = z.object({
  projectId: z.number().int(),
  /** GitLab's `path_with_namespace`, as GitLab spells it (the `sub` uses this spelling). */
  path: z.string(),
  visibility: z.string().nullable(),
  defaultBranch: z.string().nullable(),
  /** `null`: GitLab did not say (the token is below Maintainer, or an older GitLab). */
  subClaimComponents: z.array(z.string()).nullable(),
  protectedBranches: z.array(ZProtectedBranchFact),
  protectedTags: z.array(ZProtectedTagFact),
  members: z.array(ZMemberFact),
});
export type TProjectFacts = z.infer<typeof ZProjectFacts>;

/** A `gitlab-facts-project` job: which project, what a group listing already said about it. */
export const ZFactsProjectJob = z.object({
  path: z.string().min(1).max(1000),
  known: z
    .object({
      id: z.number().int(),
      pathWithNamespace: z.string(),
      visibility: z.string().nullable(),
      defaultBranch: z.string().nullable(),
      subClaimComponents: z.array(z.string()).nullable(),
    })
    .optional(),
  /** When the refresh that queued the job began: group members read since then are fresh. */
  refreshStartedAt: z.iso.datetime(),
  /** The refs mappings covering the project name, as the plan saw them (drift compares these). */
  mapped: z
    .object({ refs: z.array(z.object({ refType: z.enum(["branch", "tag", "any"]), ref: z.string() })), production: z.boolean() })
    .optional(),
});
export type TFactsProjectJob = z.infer<typeof ZFactsProjectJob>;

// ---- Findings -----------------------------------------------------------------------------

/** A finding about GitLab's side of a grant: a policy `Finding` plus where it is. */
export const ZGitLabFinding = z.object({
  code: z.string(),
  severity: z.enum(["critical", "high", "medium", "low", "info"]),
  message: z.string(),
  fix: z.string(),
  project: z.string().optional(),
  ref: z.string().optional(),
});
export type TGitLabFinding = z.infer<typeof ZGitLabFinding>;

// ---- POST /api/v1/requests/preview: `gitlab` ---------------------------------------------

export const ZGitLabPerson = z.object({
  username: z.string(),
  name: z.string(),
  accessLevel: z.number(),
  /** e.g. "Maintainer (push rule main: Maintainers)". */
  how: z.string(),
});
export type TGitLabPerson = z.infer<typeof ZGitLabPerson>;

export const ZGitLabTarget = z.object({
  project: z.string(),
  /** Every ref the request names is covered by a protection rule; null when unknown. */
  protected: z.boolean().nullable(),
  rules: z.array(z.string()),
  allowForcePush: z.boolean().nullable(),
  people: z.array(ZGitLabPerson),
});
export type TGitLabTarget = z.infer<typeof ZGitLabTarget>;

export const ZGitLabCheck = z.object({
  /** True only when every target's facts were known; otherwise `reason` says what is unknown. */
  checked: z.boolean(),
  reason: z.string().nullable(),
  targets: z.array(ZGitLabTarget),
});
export type TGitLabCheck = z.infer<typeof ZGitLabCheck>;

// ---- GET /api/v1/access/people ------------------------------------------------------------

export const ZPeopleQuery = z
  .object({
    roleId: z.uuid("Pick a role").optional(),
    username: z.string().trim().min(1).max(255).optional(),
    format: z.enum(["json", "csv"]).catch("json").default("json"),
  })
  .refine((q) => (q.roleId === undefined) !== (q.username === undefined), { message: "Give either roleId or username" });
export type TPeopleQuery = z.infer<typeof ZPeopleQuery>;

/** Through which project, ref and grant a person reaches a role. */
export const ZPersonVia = z.object({
  project: z.string(),
  refType: z.enum(["branch", "tag"]),
  /** A branch or tag name, or a glob of them (`release/*`). */
  ref: z.string(),
  /** The grant: the `sub` pattern it comes from. */
  grant: z.string(),
  how: z.string(),
});
export type TPersonVia = z.infer<typeof ZPersonVia>;

export const ZPersonReach = z.object({ username: z.string(), name: z.string(), accessLevel: z.number(), via: z.array(ZPersonVia) });
export type TPersonReach = z.infer<typeof ZPersonReach>;

export const ZRolePeople = z.object({
  role: z.object({ id: z.string(), name: z.string(), arn: z.string() }),
  /** `actual`: the trust policy read from IAM; `desired`: nothing read yet, the approved mappings. */
  basedOn: z.enum(["actual", "desired"]),
  people: z.array(ZPersonReach),
});
export type TRolePeople = z.infer<typeof ZRolePeople>;

export const ZUserReach = z.object({
  username: z.string(),
  roles: z.array(z.object({ roleArn: z.string(), via: z.array(ZPersonVia) })),
});
export type TUserReach = z.infer<typeof ZUserReach>;
