"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/define-action";

export interface ActionFormOptions {
  /** Re-render the page's server components after every answer (the action changed what they show). */
  refresh?: boolean;
}

/**
 * The state every component around a server action needs: pending, the per-field errors to show
 * next to fields, and a form-level error (only when no field is to blame).
 */
export function useActionForm({ refresh = false }: ActionFormOptions = {}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);

  /**
   * Calls the action. `onOk` gets the data; `onError` the message, after the errors are set.
   * The form error is cleared when the call starts so a repeated error is announced again.
   */
  function run<T>(call: () => Promise<ActionResult<T>>, onOk?: (data: T) => void, onError?: (error: string) => void): void {
    setError(null);
    startTransition(async () => {
      const res = await call();
      if (res.ok) {
        setFieldErrors({});
        onOk?.(res.data);
      } else {
        setFieldErrors(res.fieldErrors ?? {});
        setError(res.fieldErrors ? null : res.error);
        onError?.(res.error);
      }
      if (refresh) router.refresh();
    });
  }

  /** Show errors the action returned as data (a refusal that is not an exception, e.g. `created: false`). */
  function refuse(errors: Record<string, string[]>, message: string | null = null): void {
    setFieldErrors(errors);
    setError(message);
  }

  /** Forget one field's error once the user changes that field. */
  function clearFieldError(name: string): void {
    setFieldErrors((e) => {
      if (!(name in e)) return e;
      const rest = { ...e };
      delete rest[name];
      return rest;
    });
  }

  return { pending, fieldErrors, error, run, refuse, clearFieldError };
}
