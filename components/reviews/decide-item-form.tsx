"use client";
import { useState } from "react";
import { decideReviewItemAction } from "@/lib/actions/reviews/decide-review-item";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";

/** Keep or revoke one review item, with a reason (a revoke goes through the normal revoke). */
export function DecideItemForm({ reviewId, itemId, label }: { reviewId: string; itemId: string; label: string }) {
  const { pending, fieldErrors, error, run } = useActionForm({ refresh: true });
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const id = `decide-${itemId}`;

  function decide(decision: "keep" | "revoke") {
    setDone(null);
    run(
      () => decideReviewItemAction({ reviewId, itemId, decision, reason }),
      (data) => setDone(data.decision === "revoke" ? (data.mappingRevoked ? "Revoked. The next apply removes it from IAM." : "Recorded: revoke (the mapping was already gone).") : "Kept."),
    );
  }

  return (
    <form aria-label={`Decide ${label}`} className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <Field id={`${id}-reason`} label="Reason" errors={fieldErrors.reason} className="w-full sm:w-96">
        {(w) => <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} {...w} />}
      </Field>
      <Button size="sm" variant="approve" disabled={pending} onClick={() => decide("keep")}>Keep</Button>
      <Button size="sm" variant="danger" disabled={pending} onClick={() => decide("revoke")}>Revoke</Button>
      <FormMessage ok={done} error={error} className="py-1.5" />
    </form>
  );
}
