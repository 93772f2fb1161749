import { z } from "zod";

/** Plan and drift take no input; unknown keys are refused so a typo is not silently ignored. */
export const ZPlanInput = z.object({}).strict();
export type TPlanInput = z.infer<typeof ZPlanInput>;

export const ZCheckDriftInput = z.object({}).strict();
export type TCheckDriftInput = z.infer<typeof ZCheckDriftInput>;

export const ZApplyInput = z
  .object({
    /** `plan.hash` of the plan the user reviewed: nothing is applied if the plan changed since. */
    planHash: z.string().regex(/^[0-9a-f]{64}$/, "Review the plan first (missing plan hash)"),
  })
  .strict();
export type TApplyInput = z.infer<typeof ZApplyInput>;

export const ZRoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "An IAM role ARN");

export const ZRunId = z.uuid("Not a run id");

const ZIsoDate = z.union([z.date(), z.string()]).transform((d) => (d instanceof Date ? d.toISOString() : d));

/** GET /api/v1/reconcile/runs/:id — progress of a run, for polling. */
export const ZRunView = z.object({
  id: z.string(),
  kind: z.enum(["plan", "apply", "drift"]),
  status: z.enum(["running", "succeeded", "failed", "partial"]),
  trigger: z.string(),
  startedBy: z.string().nullable(),
  startedAt: ZIsoDate,
  finishedAt: ZIsoDate.nullable(),
  error: z.string().nullable(),
  summary: z.unknown(),
  counts: z.object({ pending: z.number(), running: z.number(), done: z.number(), failed: z.number(), skipped: z.number() }),
  operations: z.array(
    z.object({
      seq: z.number(),
      kind: z.string(),
      target: z.string(),
      status: z.enum(["pending", "running", "done", "failed", "skipped"]),
      requestId: z.string().nullable(),
      error: z.string().nullable(),
      startedAt: ZIsoDate.nullable(),
      finishedAt: ZIsoDate.nullable(),
    }),
  ),
});
export type TRunView = z.output<typeof ZRunView>;

/** The managed statements of one Sid before → after, with leaf-level changes (lib/reconcile/trust-plan.ts managedDiff). */
export const ZManagedStatementDiff = z.object({ sid: z.string(), before: z.unknown(), after: z.unknown(), changes: z.array(z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() })) });

const ZVariableTarget = z.object({ kind: z.enum(["project", "group"]), path: z.union([z.string(), z.number()]) });
const ZOperationBase = { key: z.string(), dependsOn: z.array(z.string()) };

/** One operation of a plan, as lib/reconcile/types.ts defines it (the JSON the page and the CLI show). */
export const ZPlanOperation = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("oidc-provider.create"), ...ZOperationBase, accountId: z.string(), url: z.string(), clientIds: z.array(z.string()) }),
  z.object({ kind: z.literal("oidc-provider.add-client-id"), ...ZOperationBase, accountId: z.string(), providerArn: z.string(), clientId: z.string() }),
  z.object({
    kind: z.literal("trust-policy.update"),
    ...ZOperationBase,
    accountId: z.string(),
    roleArn: z.string(),
    roleName: z.string(),
    document: z.string(),
    diff: z.array(ZManagedStatementDiff),
    mappingIds: z.array(z.string()),
  }),
  z.object({
    kind: z.enum(["variable.create", "variable.update"]),
    ...ZOperationBase,
    target: ZVariableTarget,
    variable: z.object({ key: z.string(), environmentScope: z.string(), value: z.string(), protected: z.boolean() }),
    before: z.object({ value: z.string().nullable(), protected: z.boolean() }).optional(),
  }),
  z.object({
    kind: z.literal("variable.delete"),
    ...ZOperationBase,
    target: ZVariableTarget,
    variable: z.object({ key: z.string(), environmentScope: z.string() }),
    before: z.object({ value: z.string().nullable(), protected: z.boolean() }),
  }),
]);

/**
 * POST /api/v1/reconcile/plan — the plan the Reconcile page shows, for automation: review it, then
 * apply exactly it with POST /api/v1/reconcile/apply { planHash }.
 */
export const ZPlanOutput = z.object({
  runId: z.string(),
  planHash: z.string().regex(/^[0-9a-f]{64}$/),
  operations: z.array(ZPlanOperation),
  /** What could not be read: nothing is planned for it (the rest is). */
  unread: z.array(z.object({ kind: z.enum(["aws-account", "gitlab-target", "trust-policy"]), ref: z.string(), message: z.string() })),
  /** Everything the plan says about what it will not do (blocking: that role is left out). */
  problems: z.array(
    z.object({
      severity: z.enum(["blocking", "error", "warning"]),
      code: z.string(),
      message: z.string(),
      roleArn: z.string().optional(),
      accountId: z.string().optional(),
      target: ZVariableTarget.optional(),
      variableKey: z.string().optional(),
      environmentScope: z.string().optional(),
      mappingIds: z.array(z.string()).optional(),
      findings: z.array(z.unknown()).optional(),
    }),
  ),
  summary: z.object({
    roles: z.number(),
    mappings: z.number(),
    targets: z.number(),
    operations: z.number(),
    byKind: z.record(z.string(), z.number()),
  }),
});
export type TPlanOutput = z.output<typeof ZPlanOutput>;
