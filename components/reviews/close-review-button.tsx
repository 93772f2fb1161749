"use client";
import { useState } from "react";
import { closeReviewAction } from "@/lib/actions/reviews/close-review";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";

/** Close a review before every item is decided, after a confirmation. */
export function CloseReviewButton({ reviewId, undecided }: { reviewId: string; undecided: number }) {
  const { pending, error, run } = useActionForm({ refresh: true });
  const [confirming, setConfirming] = useState(false);
  if (!confirming) return <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>Close review…</Button>;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label="Confirm closing the review">
      <span>{undecided > 0 ? `${undecided} item${undecided === 1 ? " stays" : "s stay"} undecided in the report.` : "Close it?"}</span>
      <Button variant="danger" size="sm" disabled={pending} onClick={() => run(() => closeReviewAction({ reviewId }), () => setConfirming(false))}>Confirm close</Button>
      <Button variant="secondary" size="sm" disabled={pending} onClick={() => setConfirming(false)}>Cancel</Button>
      <FormMessage error={error} />
    </div>
  );
}
