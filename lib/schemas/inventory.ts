import { z } from "zod";
import { safeText } from "./common";

/** A CI/CD variable key pattern: letters, digits, `_`, and `*` for any run of characters. */
const keyPattern = z.string().trim().regex(/^[A-Za-z0-9_*]{1,255}$/, "Letters, digits, _ and * only");
const patternList = z.array(keyPattern).max(50, "At most 50 patterns");
/** A top-level GitLab group path (no slash: subgroups are scanned with their parent). */
const groupPath = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}$/, "A top-level group path such as platform (no slashes)");

export const ZInventoryConfig = z.object({
  groups: z.array(groupPath).max(100, "At most 100 groups"),
  accessKeyIdPatterns: patternList.min(1, "At least one pattern"),
  secretKeyPatterns: patternList.min(1, "At least one pattern"),
  roleArnPatterns: patternList.min(1, "At least one pattern"),
});
export type TInventoryConfig = z.infer<typeof ZInventoryConfig>;

export const ZScanInventoryInput = z.object({}).strict();
export type TScanInventoryInput = z.infer<typeof ZScanInventoryInput>;

export const ACCESS_METHODS = ["static_keys", "oidc_trustmap", "oidc_foreign", "none"] as const;
export type TAccessMethod = (typeof ACCESS_METHODS)[number];

/** Inventory list filters from the page's query string; anything invalid is simply not applied. */
export const ZInventoryFilters = z.object({
  method: z.enum(ACCESS_METHODS).optional().catch(undefined),
  q: safeText().trim().max(200).optional().catch(undefined),
  migration: z.enum(["on_keys", "ready", "migrated"]).optional().catch(undefined),
});
export type TInventoryFilters = z.infer<typeof ZInventoryFilters>;
