import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AwsAccountForm } from "@/components/settings/aws-account-form";
import { RemoveAccount } from "@/components/settings/remove-account";
import { Badge } from "@/components/ui/badge";
import { PageHeader, SectionHeading } from "@/components/ui/page-header";
import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { requirePage } from "@/lib/auth/guard";
import { ZCheckAwsAccountInput } from "@/lib/schemas/settings";
import { getAwsAccount } from "@/lib/settings/service";

export const metadata: Metadata = { title: "AWS account" };

export default async function AwsAccountPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  // Encoded: the path is audited when the user may not open it, and a raw NUL must not reach PostgreSQL.
  await requirePage("settings.manage", `/settings/accounts/${encodeURIComponent(accountId)}`);
  const parsed = ZCheckAwsAccountInput.safeParse({ accountId });
  const found = parsed.success ? await getAwsAccount(parsed.data.accountId) : null;
  if (!found) notFound();
  const { account, roles, removalRefusal, idChangeRefusal } = found;
  const rolesGoing = roles.filter((r) => !r.registered && r.mappings === 0).length;
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm"><TextLink href="/settings">← Settings</TextLink></p>
        <PageHeader title={`${account.name} (${account.accountId})`}>
          <p>Changes are audited. Its roles and mappings stay as they are: the next plan shows what a change means for IAM (a new issuer, for instance, means a new OIDC provider and a new managed statement).</p>
        </PageHeader>
      </div>
      <section aria-labelledby="edit-h">
        <SectionHeading id="edit-h">Edit</SectionHeading>
        <AwsAccountForm account={{ accountId: account.accountId, name: account.name, issuerUrl: account.issuerUrl, audiences: account.audiences, region: account.region, managementRoleArn: account.managementRoleArn }} idLocked={idChangeRefusal} />
      </section>
      <section aria-labelledby="roles-h">
        <SectionHeading id="roles-h" description="Roles ever registered in this account. A deregistered role keeps its mappings' history.">Roles</SectionHeading>
        <Table label="Roles of this account" minWidth="min-w-[28rem]">
          <THead columns={["Role", "State", "Mappings (all time)"]} />
          <tbody>
            {roles.length === 0 ? <EmptyRow colSpan={3}>No role was ever registered in this account.</EmptyRow> : null}
            {roles.map((r) => (
              <Tr key={r.name}>
                <Td>{r.name}</Td>
                <Td>{r.registered ? <Badge tone="blue">registered</Badge> : <Badge tone="muted">deregistered</Badge>}</Td>
                <Td className="tabular-nums">{r.mappings}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </section>
      <section aria-labelledby="remove-h">
        <SectionHeading id="remove-h" description="Only an account with no registered role can be removed; mapping history is never deleted.">Remove</SectionHeading>
        <RemoveAccount account={{ accountId: account.accountId, name: account.name }} refusal={removalRefusal} rolesGoing={rolesGoing} />
      </section>
    </div>
  );
}
