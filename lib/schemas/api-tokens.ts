import { z } from "zod";
import { safeText } from "./common";

export const ZCreateApiTokenInput = z.object({
  name: safeText().trim().min(1, "Give the token a name").max(100, "At most 100 characters"),
  /** Days until expiry; empty for a token that does not expire. */
  expiresInDays: z.coerce.number().int("Whole days").min(1, "At least 1 day").max(366, "At most 366 days").nullable(),
});
export type TCreateApiTokenInput = z.infer<typeof ZCreateApiTokenInput>;

export const ZRevokeApiTokenInput = z.object({ id: z.uuid("Not a token id") });
export type TRevokeApiTokenInput = z.infer<typeof ZRevokeApiTokenInput>;
