import { z } from "zod";
import { zSortFields } from "./sort";
import { validateSelector } from "@/lib/policy";
import { safeText } from "./common";

const FIELD_NAMES: Record<string, string> = { path: "gitlabPath", ref: "refPattern", refType: "refType", scope: "scope", environment: "environment" };

const draftShape = {
  roleId: z.uuid("Pick an AWS role"),
  scope: z.enum(["group", "project"], "Pick group or project"),
  gitlabPath: safeText().trim().min(1, "Give the GitLab group or project path, e.g. acme/web").max(255),
  refType: z.enum(["branch", "tag", "any"], "Pick branch, tag or any"),
  refPattern: safeText().trim().min(1, "Give a branch or tag name, or a glob such as release/*").max(255),
  environment: safeText()
    .trim()
    .max(255)
    .nullish()
    .transform((v) => (v ? v : null)),
  audience: safeText().trim().min(1, "Pick the audience (aud) your job requests").max(255),
};

/** The GitLab-side rules of the policy engine, reported on the form's own field names. */
function checkSelector(value: { scope: string; gitlabPath: string; refType: string; refPattern: string; environment: string | null }, ctx: z.RefinementCtx) {
  const checked = validateSelector({ scope: value.scope, path: value.gitlabPath, refType: value.refType, ref: value.refPattern, ...(value.environment ? { environment: value.environment } : {}) });
  if (checked.ok) return;
  for (const e of checked.errors) {
    ctx.addIssue({ code: "custom", path: [FIELD_NAMES[e.field] ?? e.field], message: e.message.charAt(0).toUpperCase() + e.message.slice(1) });
  }
}

/** The live preview takes a draft: no justification or expiry yet. */
export const ZPreviewRequestInput = z.object(draftShape);
export type TPreviewRequestInput = z.infer<typeof ZPreviewRequestInput>;

export const ZCreateRequestInput = z
  .object({
    ...draftShape,
    justification: safeText().trim().min(10, "Say why this job needs the role (at least 10 characters)").max(2000),
    expiresAt: safeText()
      .trim()
      .max(40, "Not a date")
      .nullish()
      .transform((v, ctx) => {
        if (!v) return null;
        const d = new Date(v.length === 10 ? `${v}T23:59:59.999Z` : v);
        if (Number.isNaN(d.getTime())) {
          ctx.addIssue({ code: "custom", message: "Not a date" });
          return z.NEVER;
        }
        return d;
      })
      .refine((d) => d === null || d.getTime() > Date.now(), "The expiry must be in the future"),
  })
  .superRefine(checkSelector);
export type TCreateRequestInput = z.infer<typeof ZCreateRequestInput>;

export const ZMappingIdInput = z.object({ mappingId: z.uuid("Not a mapping id") });
export type TMappingIdInput = z.infer<typeof ZMappingIdInput>;

export const ZApproveInput = z.object({ mappingId: z.uuid("Not a mapping id"), comment: safeText().trim().max(1000).nullish().transform((v) => v || null) });
export type TApproveInput = z.infer<typeof ZApproveInput>;

const reason = safeText().trim().min(1, "Give a reason").max(1000);
export const ZRejectInput = z.object({ mappingId: z.uuid("Not a mapping id"), reason });
export type TRejectInput = z.infer<typeof ZRejectInput>;
export const ZRevokeInput = ZRejectInput;
export type TRevokeInput = TRejectInput;

const MAPPING_STATUSES = ["requested", "approved", "rejected", "revoked", "expired", "withdrawn"] as const;

/** The columns the mappings list sorts on (lib/mappings/service.ts turns each into its order, with a tie-breaker). */
export const MAPPING_SORT_KEYS = ["requested", "expires", "path", "role", "status", "risk", "requester"] as const;
export type TMappingSortKey = (typeof MAPPING_SORT_KEYS)[number];

/** Mappings list filters, from URL search params. */
export const ZMappingFilters = z.object({
  status: z.enum(MAPPING_STATUSES).optional().catch(undefined),
  roleId: z.uuid().optional().catch(undefined),
  path: safeText().trim().max(255).optional().catch(undefined),
  risk: z.enum(["normal", "high"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  ...zSortFields(MAPPING_SORT_KEYS, { sort: "requested", dir: "desc" }),
});
export type TMappingFilters = z.infer<typeof ZMappingFilters>;

/** What an approve/reject/revoke/withdraw returns. */
export const ZDecisionOutput = z.object({ id: z.string(), status: z.string(), approvalsRemaining: z.number() });

/** Query parameters that pre-fill the request form (/requests?scope=project&path=…&refType=branch&ref=main). */
export const ZRequestPrefill = z
  .object({
    scope: z.enum(["group", "project"]).optional(),
    path: safeText().max(255).optional(),
    refType: z.enum(["branch", "tag", "any"]).optional(),
    ref: safeText().max(255).optional(),
  })
  .transform((q) => ({
    ...(q.scope ? { scope: q.scope } : {}),
    ...(q.path ? { gitlabPath: q.path } : {}),
    ...(q.refType ? { refType: q.refType } : {}),
    ...(q.ref ? { refPattern: q.ref } : {}),
  }));
