/** The facts refresh's settings (table `settings`): keys, defaults and how a stored value is read. */
import { z } from "zod";

export const FACTS_SETTING_KEYS = {
  refreshIntervalMinutes: "gitlabFacts.refreshIntervalMinutes",
} as const;

/** Every project is read about every 4 hours by default: 2,000 projects → one every 7.2 s. */
export const DEFAULT_REFRESH_INTERVAL_MINUTES = 240;

export interface FactsSettings {
  /** Period of the refresh plan; 0 = no scheduled refresh (on-demand reads still happen). */
  refreshIntervalMinutes: number;
}

const ZMinutes = z.number().int().min(10).max(7 * 24 * 60).or(z.literal(0));

export function factsSettingsFrom(rows: readonly { key: string; value: unknown }[]): FactsSettings {
  const minutes = ZMinutes.safeParse(rows.find((r) => r.key === FACTS_SETTING_KEYS.refreshIntervalMinutes)?.value);
  return { refreshIntervalMinutes: minutes.success ? minutes.data : DEFAULT_REFRESH_INTERVAL_MINUTES };
}

/**
 * How old facts may be and still answer "who can obtain a token": three refresh periods (a
 * refresh or two may fail), at least an hour. Older facts are "unknown", never "safe".
 */
export function maxFactsAgeMs(settings: FactsSettings): number {
  const interval = settings.refreshIntervalMinutes === 0 ? DEFAULT_REFRESH_INTERVAL_MINUTES : settings.refreshIntervalMinutes;
  return Math.max(3 * interval, 60) * 60_000;
}

/** A project asked for on demand is refreshed with the mapped ones for this long afterwards. */
export const ON_DEMAND_RETENTION_MS = 30 * 24 * 60 * 60_000;

/** The request preview reads a project again when its facts are older than this. */
export const PREVIEW_FRESH_MS = 15 * 60_000;
