import { gitlabSource } from "@/lib/gitlab/connection";
import type { Metadata } from "next";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { listRecentRuns } from "@/lib/reconcile/service";
import { listSandboxRoles, sandboxAccountIds } from "@/lib/sandbox/service";
import { ReconcileConsole } from "@/components/reconcile/reconcile-console";
import { SandboxNote } from "@/components/sandbox-badge";
import { OutOfBandEdit } from "@/components/sandbox/out-of-band-edit";
import { utcTime } from "@/lib/format";

export const metadata: Metadata = { title: "Reconcile" };

export default async function ReconcilePage() {
  const user = await requirePage("reconcile.view", "/reconcile");
  const canApply = can(user, "reconcile.apply");
  const [runs, sandboxAccounts, sandboxRoles] = await Promise.all([listRecentRuns(25), sandboxAccountIds(), canApply ? listSandboxRoles() : []]);
  const gitlab = gitlabSource();
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <PageHeader title="Reconcile">
          <p>
            Plan reads every managed role&apos;s trust policy from IAM and the CI/CD variables of each GitLab target, and shows
            what applying the approved mappings would change. Apply writes exactly that plan, one operation at a time, each
            recorded and audited; only one apply runs at a time across all instances. <TextLink href="/how-it-works">How it works</TextLink>
          </p>
          <SandboxNote accountIds={sandboxAccounts} gitlab={gitlab?.kind === "sandbox"} />
        </PageHeader>
        {gitlab === null ? (
          <Notice role="note" tone="warning" className="text-sm">
            No GitLab API token is configured (GITLAB_TOKEN): a plan reads IAM and names each GitLab target it could not read; CI/CD variables are not written.
          </Notice>
        ) : null}
      </section>
      <ReconcileConsole canPlan={can(user, "reconcile.plan")} canApply={canApply} />
      {canApply ? <OutOfBandEdit roles={sandboxRoles} /> : null}
      <section aria-labelledby="history-h">
        <h2 id="history-h" className="text-lg font-medium">Run history</h2>
        <Table label="Run history" minWidth="min-w-[36rem]" className="mt-2">
          <THead columns={["Started", "Kind", "Trigger", "By", "Status", "Finished"]} />
          <tbody>
            {runs.length === 0 ? <EmptyRow colSpan={6}>No runs yet. <TextLink href="/how-it-works">How it works</TextLink></EmptyRow> : null}
            {runs.map((r) => (
              <Tr key={r.id}>
                <Td className="whitespace-nowrap"><TextLink href={`/reconcile/runs/${r.id}`}>{utcTime(r.startedAt, "second")}</TextLink></Td>
                <Td>{r.kind}</Td>
                <Td>{r.trigger}</Td>
                <Td>{r.startedBy?.username ?? "system"}</Td>
                <Td className="break-words">{r.status}{r.error ? ` (${r.error})` : ""}</Td>
                <Td className="whitespace-nowrap">{r.finishedAt ? utcTime(r.finishedAt, "second") : "—"}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </section>
    </div>
  );
}
