import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { requirePage } from "@/lib/auth/guard";
import { listIamRoles } from "@/lib/settings/service";
import { utcTime } from "@/lib/format";
import { sandboxAccountIds } from "@/lib/sandbox/service";
import { SandboxBadge, SandboxNote } from "@/components/sandbox-badge";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage() {
  await requirePage("roles.view", "/roles");
  const [roles, sandboxAccounts] = await Promise.all([listIamRoles(), sandboxAccountIds()]);
  return (
    <section className="space-y-6">
      <PageHeader title="IAM roles">
        <p>Roles whose trust policy trustmap manages. Admins register roles in Settings.</p>
        <SandboxNote accountIds={sandboxAccounts} gitlab={false} />
      </PageHeader>
      <Table label="IAM roles" minWidth="min-w-[44rem]">
        <THead columns={["Role", "Account", "Production", "Quota", "Mappings", "Trust policy read from IAM"]} />
        <tbody>
          {roles.length === 0 ? <EmptyRow colSpan={6}>No roles registered yet. <TextLink href="/how-it-works">How it works</TextLink></EmptyRow> : null}
          {roles.map((r) => (
            <Tr key={r.id}>
              <Td className="">
                <div className="font-medium">{r.name}</div>
                <div className="flex items-start gap-2 font-mono text-xs text-slate-700">
                  <span className="min-w-0 break-all">{r.arn}</span>
                  <CopyButton text={r.arn} what={`ARN of ${r.name}`} className="font-sans" />
                </div>
              </Td>
              <Td>{r.awsAccount.name} <span className="font-mono text-slate-700">{r.awsAccount.accountId}</span>{sandboxAccounts.includes(r.awsAccount.accountId) ? <SandboxBadge /> : null}</Td>
              <Td>{r.production ? <Badge tone="red">production</Badge> : "no"}</Td>
              <Td className="tabular-nums">{r.trustPolicyQuota.toLocaleString("en")}</Td>
              <Td className="tabular-nums">{r._count.mappings}</Td>
              <Td>{r.actualFetchedAt ? utcTime(r.actualFetchedAt) : "not yet: an approver or admin reads it with Plan on the Reconcile page"}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}
