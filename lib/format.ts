/**
 * The one way the interface shows a point in time: UTC, "2026-12-01 14:03 UTC" (or with seconds),
 * on every page, component and message a person reads. Cut from the ISO string rather than
 * formatted with Intl or a date library, so server and browser render the same text whatever their
 * time zones (no hydration mismatch) and audit times read unambiguously. Machine-readable exports
 * (CSV, JSON) keep full ISO 8601 with its `Z`: exact, sortable, and what the audit chain's links
 * are computed over.
 */
export function utcTime(value: Date | string, precision: "minute" | "second" = "minute"): string {
  const iso = typeof value === "string" ? value : value.toISOString();
  return `${iso.slice(0, precision === "minute" ? 16 : 19).replace("T", " ")} UTC`;
}
