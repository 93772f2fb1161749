"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { createPlanAction } from "@/lib/actions/reconcile/create-plan";
import { applyPlanAction } from "@/lib/actions/reconcile/apply-plan";
import { checkDriftAction } from "@/lib/actions/reconcile/check-drift";
import type { Plan } from "@/lib/reconcile/types";
import type { DriftReport } from "@/lib/reconcile/drift";
import type { TRunView } from "@/lib/schemas/reconcile";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/notice";
import { useActionForm } from "@/components/ui/use-action-form";
import { PlanView } from "./plan-view";
import { RunProgress } from "./run-progress";

async function fetchRun(path: string): Promise<TRunView | null> {
  const res = await fetch(path, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`progress request failed (${res.status})`);
  const body = (await res.json()) as { run?: TRunView | null } & Partial<TRunView>;
  return "run" in body ? (body.run ?? null) : (body as TRunView);
}

function planSummary(plan: Plan): string {
  return plan.summary.operations === 0 ? "Plan ready: in sync, nothing to change." : `Plan ready: ${plan.summary.operations} operation(s) to review.`;
}

function driftSummary(drift: DriftReport): string {
  if (drift.inSync) return "No drift: IAM and GitLab match the approved state.";
  if (drift.drifted) return `Drift found: ${drift.items.filter((d) => d.kind !== "pending-change").length} item(s) changed outside trustmap.`;
  return drift.items.length > 0 ? "No out-of-band changes; approved changes are waiting for apply." : "No drift found in what could be read.";
}

export function ReconcileConsole({ canPlan, canApply }: { canPlan: boolean; canApply: boolean }) {
  const { pending, error, run } = useActionForm({ refresh: true });
  const [plan, setPlan] = useState<Plan | null>(null);
  const [drift, setDrift] = useState<DriftReport | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [applying, setApplying] = useState(false);
  const [finishedRunId, setFinishedRunId] = useState<string | null>(null);
  // Screen readers hear the outcome (polite), and focus moves to it, so keyboard users land on it.
  const [announcement, setAnnouncement] = useState("");
  const [shownResults, setShownResults] = useState(0);
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (shownResults > 0) resultRef.current?.focus();
  }, [shownResults]);

  // Live progress: while an apply runs, poll the running apply; afterwards, show the finished run.
  const live = useQuery({
    queryKey: ["reconcile-run", applying ? "current" : finishedRunId],
    queryFn: () => fetchRun(applying ? "/api/v1/reconcile/runs/current" : `/api/v1/reconcile/runs/${finishedRunId}`),
    enabled: applying || finishedRunId !== null,
    refetchInterval: applying ? 750 : false,
  });

  function makePlan() {
    setConfirming(false);
    setAnnouncement("");
    run(() => createPlanAction({}), (data) => {
      setPlan(data.plan);
      setDrift(null);
      setAnnouncement(planSummary(data.plan));
      setShownResults((n) => n + 1);
    });
  }

  function checkDrift() {
    setAnnouncement("");
    run(() => checkDriftAction({}), (data) => {
      setPlan(data.plan);
      setDrift(data.report);
      setAnnouncement(`Drift check finished. ${driftSummary(data.report)}`);
      setShownResults((n) => n + 1);
    });
  }

  function apply() {
    if (!plan) return;
    setConfirming(false);
    setApplying(true);
    setFinishedRunId(null);
    run(
      () => applyPlanAction({ planHash: plan.hash }),
      (data) => {
        setApplying(false);
        setFinishedRunId(data.runId);
        setPlan(null);
      },
      () => setApplying(false),
    );
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-3">
        {canPlan ? (
          <>
            <Button onClick={makePlan} disabled={pending}>{pending && !applying ? "Reading IAM and GitLab…" : "Plan"}</Button>
            <Button variant="secondary" onClick={checkDrift} disabled={pending}>Check drift</Button>
          </>
        ) : (
          <p className="text-sm text-slate-700">Your role can see runs; planning and applying need an approver or admin.</p>
        )}
      </div>
      <p aria-live="polite" className="sr-only" data-testid="reconcile-announcement">{announcement}</p>
      {error ? <Alert>{error}</Alert> : null}
      {plan || drift ? (
        <div ref={resultRef} tabIndex={-1} role="region" aria-label="Reconcile result" className="space-y-4" data-testid="reconcile-result">
          {drift ? (
            <div className={`rounded border p-3 ${drift.drifted || drift.unchecked.length > 0 ? "border-red-300 bg-red-50" : "border-slate-200 bg-white"}`}>
              {drift.unchecked.length > 0 ? (
                <div className="mb-2 text-red-800" data-testid="drift-unchecked">
                  <strong>Not everything could be checked</strong>; the result below covers only what was read:
                  <ul className="list-disc pl-5 text-sm break-words">{drift.unchecked.map((m, i) => <li key={i}>{m}</li>)}</ul>
                </div>
              ) : null}
              {driftSummary(drift)}
              {drift.items.length ? <ul className="mt-1 list-disc pl-5 text-sm break-words">{drift.items.map((d, i) => <li key={i}>{d.message}</li>)}</ul> : null}
            </div>
          ) : null}
          {plan ? (
            <section aria-labelledby="plan-h" className="rounded border border-slate-200 bg-white p-4">
              <h2 id="plan-h" className="mb-2 text-lg font-medium">Plan</h2>
              <PlanView plan={plan} />
              {canApply && plan.operations.length > 0 ? (
                <div className="mt-4 border-t pt-4">
                  {confirming ? (
                    <div role="group" aria-label="Confirm apply" className="flex flex-wrap items-center gap-3">
                      <span>Apply these {plan.operations.length} operation(s) to AWS and GitLab?{plan.unread.length + plan.problems.filter((p) => p.severity === "blocking").length > 0 ? " What the plan left out (above) is not touched." : ""}</span>
                      <Button variant="danger" onClick={apply}>Confirm apply</Button>
                      <Button variant="secondary" onClick={() => setConfirming(false)}>Cancel</Button>
                    </div>
                  ) : (
                    <Button variant="danger" onClick={() => setConfirming(true)} disabled={pending}>Apply…</Button>
                  )}
                </div>
              ) : null}
            </section>
          ) : null}
        </div>
      ) : null}
      {live.data ? (
        <section aria-labelledby="apply-h" className="rounded border border-slate-200 bg-white p-4">
          <h2 id="apply-h" className="mb-2 text-lg font-medium">{applying ? "Applying…" : "Last apply"}</h2>
          <RunProgress run={live.data} />
        </section>
      ) : null}
      {applying && !live.data ? <p role="status">Starting apply…</p> : null}
    </div>
  );
}
