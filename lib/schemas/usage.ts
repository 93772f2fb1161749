import { z } from "zod";

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
