import type { ReactNode } from "react";
import { cx } from "./cx";

export type Tone = "neutral" | "muted" | "red" | "strong-red" | "amber" | "green" | "blue";

// Every pair meets WCAG AA (4.5:1) for the small text badges use.
const TONE: Record<Tone, string> = {
  neutral: "bg-slate-200 text-slate-800",
  muted: "bg-slate-100 text-slate-700",
  red: "bg-red-100 text-red-800",
  "strong-red": "bg-red-200 text-red-900",
  amber: "bg-amber-100 text-amber-900",
  green: "bg-green-100 text-green-900",
  blue: "bg-blue-100 text-blue-900",
};

/** A short label in a coloured pill: a status, a risk, a role. */
export function Badge({ tone = "neutral", caps = false, className, children }: { tone?: Tone; caps?: boolean; className?: string; children: ReactNode }) {
  return (
    <span className={cx("inline-block rounded px-2 py-0.5 text-xs font-medium whitespace-nowrap", caps && "uppercase tracking-wide", TONE[tone], className)}>
      {children}
    </span>
  );
}
