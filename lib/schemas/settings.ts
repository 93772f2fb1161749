import { z } from "zod";
import { refuseUnsafeText, safeText } from "./common";
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

export const ZRegisterIamRoleInput = z.object({
  awsAccountId: z.uuid("Pick an AWS account"),
  name: z.string().trim().regex(/^[\w+=,.@-]{1,64}$/, "1-64 letters, digits and +=,.@_-"),
  path: z.string().trim().regex(/^\/([\w+=,.@-]+\/)*$/, "A path such as / or /ci/").default("/"),
  description: safeText().trim().max(1000).default(""),
  production: z.boolean().default(false),
  trustPolicyQuota: z.union([z.literal(2048), z.literal(4096), z.literal(8192)], "2048, 4096 or 8192"),
});
export type TRegisterIamRoleInput = z.infer<typeof ZRegisterIamRoleInput>;
