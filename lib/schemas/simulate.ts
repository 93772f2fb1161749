import { z } from "zod";
import { parsePolicyDocument, type StatementExplanation } from "@/lib/policy";
import { jsonNestingExceeds, jsonProblem, MAX_JSON_DEPTH, refuseUnsafeText, safeText } from "./common";

/**
 * Size limits of the Simulator's input, chosen so that no real token or policy is refused and the
 * policy engine's O(pattern × value) matching stays well under a second:
 * - a token: STS's own limit for `WebIdentityToken` (AssumeRoleWithWebIdentity; 4–20,000
 *   characters in the STS API model), so any token AWS would take;
 * - claims: 20,000 characters of JSON, more than the payload of such a token can hold (base64url
 *   makes 4 characters of 3 bytes);
 * - a trust policy: 8,192 characters counted as IAM counts them, whitespace excluded. IAM's "Role
 *   trust policy length" quota is 2,048 by default and at most 4,096 per the IAM quotas page;
 *   trustmap also allows 8,192, which newer accounts report;
 * - pasted policy text (the Simulator page): 65,536 characters, for the same policy pretty-printed.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export const SIMULATE_LIMITS = { tokenChars: 20_000, claimsChars: 20_000, policyChars: 8_192, policyTextChars: 65_536, arnChars: 2_048 } as const;

const n = (value: number) => value.toLocaleString("en");

/** Characters as IAM counts a policy against its quota: code points, whitespace not counted (not even inside values). */
function nonWhitespaceLength(text: string): number {
  let count = 0;
  for (const ch of text) if (!/\s/.test(ch)) count++;
  return count;
}

/** Token claims: a JSON object, held to the edge rules and the claims limit. */
export const ZClaims = z.record(z.string(), z.unknown(), "claims must be a JSON object of token claims").superRefine((claims, ctx) => {
  const problem = jsonProblem(claims);
  if (problem) return ctx.addIssue({ code: "custom", message: problem.message, path: problem.path });
  const size = JSON.stringify(claims).length;
  if (size > SIMULATE_LIMITS.claimsChars) {
    ctx.addIssue({ code: "custom", message: `claims are ${n(size)} characters of JSON; the limit is ${n(SIMULATE_LIMITS.claimsChars)} (more than any ID token STS accepts can carry)` });
  }
});

/** A trust policy given inline (object, JSON text or URL-encoded JSON), at most SIMULATE_LIMITS.policyChars without whitespace. */
export const ZInlinePolicy = z.unknown().superRefine((policy, ctx) => {
  const problem = jsonProblem(policy);
  if (problem) return ctx.addIssue({ code: "custom", message: problem.message, path: problem.path });
  if (typeof policy === "string") {
    if (policy.length > SIMULATE_LIMITS.policyTextChars) {
      return ctx.addIssue({ code: "custom", message: `policy text is ${n(policy.length)} characters; the limit is ${n(SIMULATE_LIMITS.policyTextChars)}` });
    }
    // JSON text inside the JSON body: its own nesting is held to the same limit before it is parsed.
    if (jsonNestingExceeds(policy)) return ctx.addIssue({ code: "custom", message: `policy is nested deeper than ${MAX_JSON_DEPTH} levels` });
  }
  const parsed = parsePolicyDocument(policy);
  // An invalid policy is reported by the simulation, in the policy parser's own words.
  if (!parsed.ok) return;
  const size = nonWhitespaceLength(JSON.stringify(parsed.policy.document));
  if (size > SIMULATE_LIMITS.policyChars) {
    ctx.addIssue({
      code: "custom",
      message: `policy is ${n(size)} characters without whitespace; the limit is ${n(SIMULATE_LIMITS.policyChars)}, the most IAM accepts in a trust policy`,
    });
  }
});

const roleArn = safeText()
  .max(SIMULATE_LIMITS.arnChars)
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\x21-\x7e]+$/, "roleArn must be an IAM role ARN");

/** POST /api/v1/simulate — the contract is fixed (issue 3); extra optional fields are additions. */
export const ZSimulateInput = z
  .object({
    claims: ZClaims.optional(),
    token: safeText("token must be a string (a GitLab ID token JWT)")
      .max(SIMULATE_LIMITS.tokenChars, `token is longer than ${n(SIMULATE_LIMITS.tokenChars)} characters, the most STS accepts for a web identity token`)
      .optional(),
    policy: ZInlinePolicy.optional(),
    roleArn: roleArn.optional(),
    /** Which OIDC provider the token came through, when the policy alone does not tell. */
    providerArn: safeText().max(SIMULATE_LIMITS.arnChars).optional(),
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
  issuerUrl: z.url({ protocol: /^https$/, error: "The issuer is an https:// URL" }).max(2048).superRefine(refuseUnsafeText),
  audience: safeText().trim().min(1, "The aud the job requests").max(255),
  projectPath: safeText().trim().max(2048).regex(/^[\w.-]+(\/[\w.-]+)+$/, "A full project path such as group/project"),
  refType: z.enum(["branch", "tag"]),
  ref: safeText().trim().min(1, "A branch or tag name").max(255),
});
export type TSimulateFormInput = z.infer<typeof ZSimulateFormInput>;

/** The Simulator page's server action: a job filled in, or a pasted token; optionally one role or a pasted policy. */
export const ZRunSimulationInput = z
  .object({
    job: ZSimulateFormInput.optional(),
    token: safeText()
      .trim()
      .min(1, "Paste a GitLab ID token")
      .max(SIMULATE_LIMITS.tokenChars, `At most ${n(SIMULATE_LIMITS.tokenChars)} characters, the most STS accepts for a web identity token`)
      .optional(),
    roleArn: safeText().max(SIMULATE_LIMITS.arnChars).optional(),
    policyText: safeText().max(SIMULATE_LIMITS.policyTextChars, `At most ${n(SIMULATE_LIMITS.policyTextChars)} characters`).optional(),
  })
  .refine((v) => (v.job === undefined) !== (v.token === undefined), { message: "Fill in a job or paste a token", path: ["token"] });
export type TRunSimulationInput = z.infer<typeof ZRunSimulationInput>;
