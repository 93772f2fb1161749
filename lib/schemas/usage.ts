import { z } from "zod";
import { parseS3Uri } from "@/lib/config";

export const ZRoleUsageQuery = z.object({
  roleId: z.uuid("Pick a role"),
});
export type TRoleUsageQuery = z.infer<typeof ZRoleUsageQuery>;

const count = z.number().int().min(0);
const isoTime = z.iso.datetime();

/** `GET /api/v1/access/usage?roleId=…`: exactly these fields (issue #14). */
export const ZRoleUsageOutput = z.strictObject({
  role: z.strictObject({ id: z.string(), name: z.string(), arn: z.string(), accountId: z.string() }),
  /** Usage evidence of the role's account has been read up to this time; null = never read. */
  readUntil: isoTime.nullable(),
  /** Per grant (an active mapping's pattern, or a grant of the policy no mapping accounts for). */
  grants: z.array(z.strictObject({ mappingId: z.string().nullable(), pattern: z.string(), lastUsedAt: isoTime.nullable(), uses30d: count, uses90d: count })),
  /** Callers no active mapping admits (through a grant trustmap does not manage). */
  unmanagedSubjects: z.array(z.strictObject({ sub: z.string(), lastUsedAt: isoTime, uses90d: count })),
  /** Denied calls in 90 days per subject (null: the token was unreadable), with the latest error. */
  denied: z.array(z.strictObject({ sub: z.string().nullable(), count, lastAt: isoTime, errorCode: z.string() })),
});
export type TRoleUsageOutput = z.infer<typeof ZRoleUsageOutput>;

/**
 * Settings → Usage evidence (admins): after how many unused days a mapping is flagged "revoke?",
 * and per real AWS account the trail bucket holding its CloudTrail log files ("" = none).
 */
export const ZUsageSettingsInput = z.strictObject({
  unusedDays: z.number({ error: "Give a number of days" }).int("Give whole days").min(1, "At least 1 day").max(90, "At most 90 days (usage is kept for 90)"),
  accountTrails: z
    .record(
      z.string().regex(/^\d{12}$/, "Not a 12-digit AWS account id"),
      z
        .string()
        .trim()
        .max(1024)
        .refine((v) => v === "" || parseS3Uri(v) !== null, "Give s3://bucket or s3://bucket/prefix, or leave it empty"),
    )
    .refine((r) => Object.keys(r).length <= 1000, "Too many accounts"),
});
export type TUsageSettingsInput = z.infer<typeof ZUsageSettingsInput>;
