import { z } from "zod";
import { boundedInt, refuseUnsafeText, safeText } from "./common";
import { ROLES } from "@/lib/auth/permissions";
import { withoutTrailingSlashes } from "@/lib/policy";

export const ZChangeUserRoleInput = z.object({
  userId: z.uuid("Not a user id"),
  role: z.enum(ROLES, "Pick a role"),
});
export type TChangeUserRoleInput = z.infer<typeof ZChangeUserRoleInput>;

const audience = safeText().trim().min(1).max(255);
const awsAccountId = z.string().trim().regex(/^\d{12}$/, "An AWS account id is exactly 12 digits");

export const ZCreateAwsAccountInput = z.object({
  accountId: awsAccountId,
  name: safeText().trim().min(1, "Give the account a name").max(100),
  issuerUrl: z
    .url({ protocol: /^https$/, error: "The GitLab issuer must be an https:// URL" })
    .max(2048)
    .superRefine(refuseUnsafeText)
    .refine((u) => !/[?#]/.test(u), "No query or fragment in the issuer URL")
    .transform(withoutTrailingSlashes),
  audiences: z.array(audience).min(1, "At least one audience (the aud your jobs request)").max(100),
  region: z.string().trim().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "An AWS region such as eu-west-1"),
  managementRoleArn: z
    .string()
    .trim()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "An IAM role ARN, or leave empty")
    .nullable(),
});
export type TCreateAwsAccountInput = z.infer<typeof ZCreateAwsAccountInput>;

export const ZCheckAwsAccountInput = z.object({ accountId: awsAccountId });
export type TCheckAwsAccountInput = z.infer<typeof ZCheckAwsAccountInput>;

const roleName = z.string().trim().regex(/^[\w+=,.@-]{1,64}$/, "1-64 letters, digits and +=,.@_-");
const quota = z.union([z.literal(2048), z.literal(4096), z.literal(8192)], "2048, 4096 or 8192");

export const ZRegisterIamRoleInput = z.object({
  awsAccountId: z.uuid("Pick an AWS account"),
  name: roleName,
  path: z.string().trim().regex(/^\/([\w+=,.@-]+\/)*$/, "A path such as / or /ci/").default("/"),
  description: safeText().trim().max(1000).default(""),
  production: z.boolean().default(false),
  trustPolicyQuota: quota,
});
export type TRegisterIamRoleInput = z.infer<typeof ZRegisterIamRoleInput>;

const reason = (why: string) => safeText().trim().min(1, why).max(2000);

/** Import chosen grants of a role's trust policy (Settings → Import existing roles). */
export const ZImportGrantsInput = z
  .object({
    accountId: awsAccountId,
    roleName,
    /** trustPolicyFingerprint of the policy the admin was shown: refused if IAM's differs now. */
    policySha256: z.string().regex(/^[0-9a-f]{64}$/, "Look at the role's trust policy first (missing fingerprint)"),
    grants: z
      .array(
        z.object({
          statementIndex: boundedInt(0, 1000),
          pattern: safeText().min(1).max(2048),
          audience: safeText().min(1).max(255),
        }),
      )
      .min(1, "Choose at least one grant to import")
      .max(200),
    justification: reason("Say why trustmap takes these grants over"),
    /** Used when the import registers the role; a registered role keeps its settings. */
    production: z.boolean().default(false),
    trustPolicyQuota: quota.default(2048),
  })
  .strict();
export type TImportGrantsInput = z.infer<typeof ZImportGrantsInput>;

export const ZDeregisterIamRoleInput = z
  .object({
    roleId: z.uuid("Not a role id"),
    reason: reason("Say why trustmap stops managing this role"),
  })
  .strict();
export type TDeregisterIamRoleInput = z.infer<typeof ZDeregisterIamRoleInput>;

/** Edit an AWS account; `accountId` is the account as it is now, `newAccountId` a corrected id. */
export const ZUpdateAwsAccountInput = ZCreateAwsAccountInput.omit({ accountId: true })
  .extend({ accountId: awsAccountId, newAccountId: awsAccountId })
  .strict();
export type TUpdateAwsAccountInput = z.infer<typeof ZUpdateAwsAccountInput>;

export const ZRemoveAwsAccountInput = z.object({ accountId: awsAccountId }).strict();
export type TRemoveAwsAccountInput = z.infer<typeof ZRemoveAwsAccountInput>;

/** /settings/import?account=…: the account to look in. */
export const ZImportPageQuery = z.object({ account: awsAccountId.optional() });
