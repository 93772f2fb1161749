/**
 * Timestamps as the UI shows them: UTC, "YYYY-MM-DD HH:MM" (or with seconds). Cut from the ISO
 * string rather than formatted with Intl or a date library, so server and browser render the
 * same text whatever their time zones (no hydration mismatch) and audit times read unambiguously.
 */
export function utcTime(value: Date | string, precision: "minute" | "second" = "minute"): string {
  const iso = typeof value === "string" ? value : value.toISOString();
  return iso.slice(0, precision === "minute" ? 16 : 19).replace("T", " ");
}
