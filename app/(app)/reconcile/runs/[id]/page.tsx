import type { Metadata } from "next";
import { TextLink } from "@/components/ui/text-link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/guard";
import { getRunView } from "@/lib/reconcile/service";
import { ZRunId, ZRunView } from "@/lib/schemas/reconcile";
import { RunProgress } from "@/components/reconcile/run-progress";

export const metadata: Metadata = { title: "Reconcile run" };

export default async function ReconcileRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePage("reconcile.view", `/reconcile/runs/${encodeURIComponent(id)}`);
  const parsed = ZRunId.safeParse(id);
  if (!parsed.success) notFound();
  const run = await getRunView(parsed.data);
  if (!run) notFound();
  return (
    <section className="space-y-4">
      <p className="text-sm"><TextLink href="/reconcile">← Reconcile</TextLink></p>
      <h1 className="text-2xl font-semibold">Run {run.id.slice(0, 8)}</h1>
      <RunProgress run={ZRunView.parse(run)} />
    </section>
  );
}
