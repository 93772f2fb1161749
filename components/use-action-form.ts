"use client";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/define-action";

/**
 * The state every form around a server action needs: pending, the per-field errors to show next
 * to fields, and a form-level error (only when no field is to blame).
 */
export function useActionForm() {
  const [pending, startTransition] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);

  function run<T>(call: () => Promise<ActionResult<T>>, onOk?: (data: T) => void): void {
    startTransition(async () => {
      const res = await call();
      if (res.ok) {
        setFieldErrors({});
        setError(null);
        onOk?.(res.data);
      } else {
        setFieldErrors(res.fieldErrors ?? {});
        setError(res.fieldErrors ? null : res.error);
      }
    });
  }

  return { pending, fieldErrors, error, run };
}
