import type { ReactNode } from "react";
import { cx } from "./cx";

const BOX: Record<"error" | "warning" | "success" | "info", string> = {
  error: "border-red-300 bg-red-50 text-red-900",
  warning: "border-amber-300 bg-amber-50 text-amber-950",
  success: "border-green-300 bg-green-50 text-green-950",
  info: "border-slate-200 bg-white text-slate-900",
};

/** An error the user must read now: announced at once (role=alert). */
export function Alert({ className, children }: { className?: string; children: ReactNode }) {
  return <div role="alert" className={cx("rounded border p-3", BOX.error, className)}>{children}</div>;
}

/**
 * A boxed message that is not an emergency. `role` says how it is announced: "status" for the
 * outcome of something the user just did (polite), "note" for a standing remark, none for plain text.
 */
export function Notice({ tone = "info", role, className, children, ...rest }: { tone?: keyof typeof BOX; role?: "status" | "note"; className?: string; children: ReactNode; "data-testid"?: string }) {
  return <div role={role} className={cx("rounded border p-3", BOX[tone], className)} {...rest}>{children}</div>;
}

/**
 * The outcome line beside a form's submit button: the success message politely (role=status),
 * an error at once (role=alert).
 */
export function FormMessage({ ok, error, className }: { ok?: string | null; error?: string | null; className?: string }) {
  return (
    <>
      {ok ? <span role="status" className={cx("text-green-800", className)}>{ok}</span> : null}
      {error ? <span role="alert" className={cx("text-red-700", className)}>{error}</span> : null}
    </>
  );
}
