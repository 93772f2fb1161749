/**
 * Usage settings (table `settings`), each falling back to its default when absent or invalid.
 * Pure: parsing only; lib/usage/store.ts reads the rows.
 */
import { z } from "zod";
import { parseS3Uri, type S3Location } from "@/lib/config";
import { DEFAULT_UNUSED_DAYS, WINDOW_DAYS } from "./summary";

export const USAGE_SETTING_KEYS = {
  /** A mapping active this long and not used within it is flagged "revoke?" (1–90 days). */
  unusedDays: "usage.unusedDays",
  /** Scheduled ingestion (trail bucket, LookupEvents) every N minutes; 0 = off. */
  ingestIntervalMinutes: "usage.ingestIntervalMinutes",
  /** Per account, the trail bucket holding its log files: `{ "111122223333": "s3://bucket/prefix" }`. */
  accountTrails: "usage.accountTrails",
  /** Read accounts no trail bucket covers with CloudTrail LookupEvents (default true). */
  lookupEvents: "usage.lookupEvents",
} as const;

export const DEFAULT_INGEST_INTERVAL_MINUTES = 60;

export interface UsageSettings {
  unusedDays: number;
  ingestIntervalMinutes: number;
  accountTrails: Map<string, S3Location>;
  lookupEvents: boolean;
}

const ZUnusedDays = z.number().int().min(1).max(WINDOW_DAYS);
const ZInterval = z.number().int().min(0).max(1440);
const ZAccountTrails = z.record(z.string().regex(/^\d{12}$/), z.string());

export function parseUsageSettings(value: (key: string) => unknown): UsageSettings {
  const unused = ZUnusedDays.safeParse(value(USAGE_SETTING_KEYS.unusedDays));
  const interval = ZInterval.safeParse(value(USAGE_SETTING_KEYS.ingestIntervalMinutes));
  const trails = ZAccountTrails.safeParse(value(USAGE_SETTING_KEYS.accountTrails));
  const accountTrails = new Map<string, S3Location>();
  if (trails.success) {
    for (const [accountId, uri] of Object.entries(trails.data)) {
      const location = parseS3Uri(uri);
      if (location) accountTrails.set(accountId, location);
    }
  }
  const lookup = z.boolean().safeParse(value(USAGE_SETTING_KEYS.lookupEvents));
  return {
    unusedDays: unused.success ? unused.data : DEFAULT_UNUSED_DAYS,
    ingestIntervalMinutes: interval.success ? interval.data : DEFAULT_INGEST_INTERVAL_MINUTES,
    accountTrails,
    lookupEvents: lookup.success ? lookup.data : true,
  };
}
