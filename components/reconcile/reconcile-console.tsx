"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createPlanAction } from "@/lib/actions/reconcile/create-plan";
import { applyPlanAction } from "@/lib/actions/reconcile/apply-plan";
import { checkDriftAction } from "@/lib/actions/reconcile/check-drift";
import type { Plan } from "@/lib/reconcile/types";
import type { DriftReport } from "@/lib/reconcile/drift";
import type { TRunView } from "@/lib/schemas/reconcile";
import { PlanView } from "./plan-view";
import { RunProgress } from "./run-progress";

async function fetchRun(path: string): Promise<TRunView | null> {
  const res = await fetch(path, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`progress request failed (${res.status})`);
  const body = (await res.json()) as { run?: TRunView | null } & Partial<TRunView>;
  return "run" in body ? (body.run ?? null) : (body as TRunView);
}

export function ReconcileConsole({ canPlan, canApply }: { canPlan: boolean; canApply: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [drift, setDrift] = useState<DriftReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [applying, setApplying] = useState(false);
  const [finishedRunId, setFinishedRunId] = useState<string | null>(null);

  // Live progress: while an apply runs, poll the running apply; afterwards, show the finished run.
  const live = useQuery({
    queryKey: ["reconcile-run", applying ? "current" : finishedRunId],
    queryFn: () => fetchRun(applying ? "/api/v1/reconcile/runs/current" : `/api/v1/reconcile/runs/${finishedRunId}`),
    enabled: applying || finishedRunId !== null,
    refetchInterval: applying ? 750 : false,
  });

  function makePlan() {
    setError(null);
    setConfirming(false);
    startTransition(async () => {
      const res = await createPlanAction({});
      if (res.ok) {
        setPlan(res.data.plan);
        setDrift(null);
      } else setError(res.error);
      router.refresh();
    });
  }

  function checkDrift() {
    setError(null);
    startTransition(async () => {
      const res = await checkDriftAction({});
      if (res.ok) {
        setPlan(res.data.plan);
        setDrift(res.data.report);
      } else setError(res.error);
      router.refresh();
    });
  }

  function apply() {
    if (!plan) return;
    setConfirming(false);
    setApplying(true);
    setFinishedRunId(null);
    setError(null);
    startTransition(async () => {
      const res = await applyPlanAction({ planHash: plan.hash });
      setApplying(false);
      if (res.ok) {
        setFinishedRunId(res.data.runId);
        setPlan(null);
      } else setError(res.error);
      router.refresh();
    });
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-3">
        {canPlan ? (
          <>
            <button onClick={makePlan} disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-50">
              {pending && !applying ? "Reading IAM and GitLab…" : "Plan"}
            </button>
            <button onClick={checkDrift} disabled={pending} className="rounded border border-slate-300 px-4 py-2 hover:bg-slate-100 disabled:opacity-50">Check drift</button>
          </>
        ) : (
          <p className="text-sm text-slate-600">Your role can see runs; planning and applying need an approver or admin.</p>
        )}
      </div>
      {error ? <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-800">{error}</p> : null}
      {drift ? (
        <div role="status" className={`rounded border p-3 ${drift.drifted || drift.unchecked.length > 0 ? "border-red-300 bg-red-50" : "border-slate-200 bg-white"}`}>
          {drift.unchecked.length > 0 ? (
            <div className="mb-2 text-red-800" data-testid="drift-unchecked">
              <strong>Not everything could be checked</strong>; the result below covers only what was read:
              <ul className="list-disc pl-5 text-sm">{drift.unchecked.map((m, i) => <li key={i}>{m}</li>)}</ul>
            </div>
          ) : null}
          {drift.inSync ? "No drift: IAM and GitLab match the approved state." : drift.drifted ? `Drift found: ${drift.items.filter((d) => d.kind !== "pending-change").length} item(s) changed outside trustmap.` : drift.items.length > 0 ? "No out-of-band changes; approved changes are waiting for apply." : "No drift found in what could be read."}
          {drift.items.length ? <ul className="mt-1 list-disc pl-5 text-sm">{drift.items.map((d, i) => <li key={i}>{d.message}</li>)}</ul> : null}
        </div>
      ) : null}
      {plan ? (
        <section className="rounded border border-slate-200 bg-white p-4">
          <h2 className="mb-2 text-lg font-medium">Plan</h2>
          <PlanView plan={plan} />
          {canApply && plan.operations.length > 0 ? (
            <div className="mt-4 border-t pt-4">
              {confirming ? (
                <div role="group" aria-label="Confirm apply" className="flex flex-wrap items-center gap-3">
                  <span>Apply these {plan.operations.length} operation(s) to AWS and GitLab?{plan.unread.length + plan.problems.filter((p) => p.severity === "blocking").length > 0 ? " What the plan left out (above) is not touched." : ""}</span>
                  <button onClick={apply} className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800">Confirm apply</button>
                  <button onClick={() => setConfirming(false)} className="rounded border border-slate-300 px-4 py-2">Cancel</button>
                </div>
              ) : (
                <button onClick={() => setConfirming(true)} disabled={pending} className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-50">Apply…</button>
              )}
            </div>
          ) : null}
        </section>
      ) : null}
      {live.data ? <section className="rounded border border-slate-200 bg-white p-4"><h2 className="mb-2 text-lg font-medium">{applying ? "Applying…" : "Last apply"}</h2><RunProgress run={live.data} /></section> : null}
      {applying && !live.data ? <p role="status">Starting apply…</p> : null}
    </div>
  );
}
