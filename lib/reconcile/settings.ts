/** The reconciler's settings (table `settings`): keys, defaults and how a stored value is read. */
import { z } from "zod";
import { DEFAULT_ROLE_ARN_VARIABLE } from "./types";

/** Setting keys the reconciler reads. */
export const RECONCILE_SETTING_KEYS = {
  roleArnVariable: "reconcile.roleArnVariable",
  driftIntervalMinutes: "reconcile.driftIntervalMinutes",
} as const;

export const DEFAULT_DRIFT_INTERVAL_MINUTES = 60;

const ZVariableName = z.string().regex(/^[A-Za-z0-9_]{1,255}$/);
const ZMinutes = z.number().int().min(1).max(1440);

export interface ReconcileSettings {
  /** CI/CD variable that carries the role ARN (default ROLE_ARN). */
  roleArnVariable: string;
  /** Scheduled drift check period; 0 = never. */
  driftIntervalMinutes: number;
}

/** The settings from the stored rows; an absent or invalid value falls back to the default. */
export function reconcileSettingsFrom(rows: readonly { key: string; value: unknown }[]): ReconcileSettings {
  const value = (key: string) => rows.find((r) => r.key === key)?.value;
  const name = ZVariableName.safeParse(value(RECONCILE_SETTING_KEYS.roleArnVariable));
  const minutes = ZMinutes.or(z.literal(0)).safeParse(value(RECONCILE_SETTING_KEYS.driftIntervalMinutes));
  return {
    roleArnVariable: name.success ? name.data : DEFAULT_ROLE_ARN_VARIABLE,
    driftIntervalMinutes: minutes.success ? minutes.data : DEFAULT_DRIFT_INTERVAL_MINUTES,
  };
}
