import { z } from "zod";
import type { StatementExplanation } from "@/lib/policy";

const ZClaims = z.record(z.string(), z.unknown(), "claims must be a JSON object of token claims");

/** POST /api/v1/simulate — the contract is fixed (issue 3); extra optional fields are additions. */
export const ZSimulateInput = z
  .object({
    claims: ZClaims.optional(),
    token: z.string("token must be a string (a GitLab ID token JWT)").optional(),
    policy: z.unknown().optional(),
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "roleArn must be an IAM role ARN").optional(),
    /** Which OIDC provider the token came through, when the policy alone does not tell. */
    providerArn: z.string().optional(),
  })
  .strict()
  .refine((v) => (v.claims === undefined) !== (v.token === undefined), { message: 'Give exactly one of "claims" or "token"', path: ["claims"] })
  .refine((v) => !(v.policy !== undefined && v.roleArn !== undefined), { message: 'Give "policy" or "roleArn", not both', path: ["policy"] });
export type TSimulateInput = z.infer<typeof ZSimulateInput>;

/** A trust policy's decision (one role's, or an inline policy's). */
export const ZPolicyDecision = z.enum(["Allow", "ImplicitDeny", "ExplicitDeny"]);
/**
 * The answer: a policy decision, or NotEvaluated when no role's policy could be evaluated (never
 * for an inline policy, which always gets one of the other three).
 */
export const ZSimulateDecision = z.enum(["Allow", "ImplicitDeny", "ExplicitDeny", "NotEvaluated"]);

const ZStatementShape = z.looseObject({
  index: z.number(),
  sid: z.string().nullable(),
  effect: z.enum(["Allow", "Deny"]),
  applies: z.boolean(),
  conditions: z.array(z.looseObject({ operator: z.string(), key: z.string(), matched: z.boolean() })),
  roleArn: z.string().optional(),
});
/** The policy engine's explanation of one statement (checked for shape on the way out). */
const ZStatementExplanation = z.custom<StatementExplanation & { roleArn?: string }>((v) => ZStatementShape.safeParse(v).success, "malformed statement explanation");

export const ZSimulateOutput = z
  .object({
    decision: ZSimulateDecision,
    /** Why the decision is NotEvaluated (always given then). */
    reason: z.string().optional(),
    statements: z.array(ZStatementExplanation),
    /** Per role, when a stored role (or every managed role) was evaluated. */
    roles: z
      .array(
        z.object({
          roleArn: z.string(),
          roleName: z.string(),
          /** null when the role was not evaluated (see `skipped`). */
          decision: ZPolicyDecision.nullable(),
          /** Which state the role was judged on: "actual", its trust policy as read from IAM at `fetchedAt`; null when not judged. */
          judgedOn: z.literal("actual").nullable(),
          /** Why a role was not evaluated (e.g. its trust policy was never read from IAM). */
          skipped: z.string().nullable(),
          fetchedAt: z.string().nullable(),
          warnings: z.array(z.string()),
        }),
      )
      .optional(),
    warnings: z.array(z.string()),
    claims: z.record(z.string(), z.unknown()),
  })
  .refine((v) => v.decision !== "NotEvaluated" || (v.reason !== undefined && v.reason !== ""), { message: "NotEvaluated comes with its reason", path: ["reason"] });
export type TSimulateOutput = z.infer<typeof ZSimulateOutput>;

/** The Simulator page's "fill in" form: builds claims the way GitLab would issue them. */
export const ZSimulateFormInput = z.object({
  issuerUrl: z.url({ protocol: /^https$/, error: "The issuer is an https:// URL" }),
  audience: z.string().trim().min(1, "The aud the job requests"),
  projectPath: z.string().trim().regex(/^[\w.-]+(\/[\w.-]+)+$/, "A full project path such as group/project"),
  refType: z.enum(["branch", "tag"]),
  ref: z.string().trim().min(1, "A branch or tag name"),
});
export type TSimulateFormInput = z.infer<typeof ZSimulateFormInput>;

/** The Simulator page's server action: a job filled in, or a pasted token; optionally one role or a pasted policy. */
export const ZRunSimulationInput = z
  .object({
    job: ZSimulateFormInput.optional(),
    token: z.string().trim().min(1, "Paste a GitLab ID token").optional(),
    roleArn: z.string().optional(),
    policyText: z.string().optional(),
  })
  .refine((v) => (v.job === undefined) !== (v.token === undefined), { message: "Fill in a job or paste a token", path: ["token"] });
export type TRunSimulationInput = z.infer<typeof ZRunSimulationInput>;
