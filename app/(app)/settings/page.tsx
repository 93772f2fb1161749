import type { Metadata } from "next";
import { PageHeader, SectionHeading } from "@/components/ui/page-header";
import { EmptyRow, Table, Td, THead, Tr } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/guard";
import { listAwsAccounts, listIamRoles, listUsers } from "@/lib/settings/service";
import { UsersTable } from "@/components/settings/users-table";
import { AwsAccountForm } from "@/components/settings/aws-account-form";
import { IamRoleForm } from "@/components/settings/iam-role-form";
import { CheckAccountButton } from "@/components/settings/check-account-button";
import { can } from "@/lib/auth/permissions";
import { DeregisterRole } from "@/components/settings/deregister-role";
import { TextLink } from "@/components/ui/text-link";
import { utcTime } from "@/lib/format";
import { SandboxBadge } from "@/components/sandbox-badge";
import { UsageSettingsForm } from "@/components/usage/usage-settings-form";
import { usageSettingsView } from "@/lib/usage/service";
import { NotificationsSection } from "./notifications-section";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePage("settings.view", "/settings");
  const [users, accounts, roles, usage] = await Promise.all([listUsers(), listAwsAccounts(), listIamRoles(), usageSettingsView()]);
  const manage = can(user, "settings.manage");
  return (
    <div className="space-y-10">
      <PageHeader title="Settings" />

      <section aria-labelledby="users-h">
        <SectionHeading id="users-h" description="Everyone signs in as requester; promote approvers, auditors and admins here. Changes are audited and ask for confirmation.">Users and roles</SectionHeading>
        {can(user, "users.manage") ? (
          <UsersTable
            currentUserId={user.id}
            users={users.map((u) => ({ ...u, lastSignInAt: u.lastSignInAt?.toISOString() ?? null }))}
          />
        ) : null}
      </section>

      <section aria-labelledby="accounts-h">
        <SectionHeading
          id="accounts-h"
          description={<>Credentials are never stored: trustmap uses the AWS SDK&apos;s default credential chain, optionally assuming the role given here.
          Before touching an account it asks STS whose credentials those are, and refuses the account if they belong to another one.</>}
        >
          AWS accounts
        </SectionHeading>
        <Table label="AWS accounts" minWidth="min-w-[52rem]" className="mb-4">
          <THead columns={["Account", "Issuer", "Audiences", "Region", "Management role", "Roles", ...(manage ? ["Credentials", "Change"] : [])]} />
          <tbody>
            {accounts.length === 0 ? <EmptyRow colSpan={manage ? 8 : 6}>No AWS account connected yet.</EmptyRow> : null}
            {accounts.map((a) => (
              <Tr key={a.id}>
                <Td>{a.name} <span className="font-mono text-slate-700">{a.accountId}</span>{a.sandbox ? <SandboxBadge /> : null}</Td>
                <Td className="font-mono break-all">{a.issuerUrl}</Td>
                <Td className="font-mono break-all">{a.audiences.join(", ")}</Td>
                <Td>{a.region}</Td>
                <Td className="">{a.managementRoleArn ? <span className="font-mono break-all">{a.managementRoleArn}</span> : <span className="text-slate-700">none (default chain)</span>}</Td>
                <Td className="tabular-nums">{a._count.roles}</Td>
                {manage ? (
                  <Td>
                    {a.sandbox ? <span className="text-xs text-slate-700">none: trustmap&apos;s built-in sandbox serves this account</span> : <CheckAccountButton accountId={a.accountId} label={`${a.name} (${a.accountId})`} />}
                  </Td>
                ) : null}
                {manage ? <Td><TextLink href={`/settings/accounts/${a.accountId}`} aria-label={`Edit or remove ${a.name} (${a.accountId})`}>Edit or remove</TextLink></Td> : null}
              </Tr>
            ))}
          </tbody>
        </Table>
        {manage ? <AwsAccountForm /> : null}
      </section>

      <section aria-labelledby="roles-h">
        <SectionHeading id="roles-h" description={<>{roles.length} registered. trustmap owns one statement per OIDC provider and audience in each role&apos;s trust policy and never touches the others.</>}>
          IAM roles under management
        </SectionHeading>
        {manage ? (
          <p className="mb-3 text-sm">
            Roles that already trust GitLab: <TextLink href="/settings/import">Import existing roles</TextLink> reads their trust policies from IAM and records the grants you choose as mappings.
          </p>
        ) : null}
        <Table label="IAM roles under management" minWidth="min-w-[44rem]" className="mb-4">
          <THead columns={["Role", "Account", "Live mappings", "trustmap's statement in IAM", ...(manage ? ["Deregister"] : [])]} />
          <tbody>
            {roles.length === 0 ? <EmptyRow colSpan={manage ? 5 : 4}>No role registered yet.</EmptyRow> : null}
            {roles.map((r) => (
              <Tr key={r.id} data-testid={`role-${r.name}`}>
                <Td>
                  <div className="font-medium">{r.name}</div>
                  <div className="font-mono text-xs break-all text-slate-700">{r.arn}</div>
                </Td>
                {/* The account by id only: its name belongs to the accounts table's rows. */}
                <Td className="font-mono">{r.awsAccount.accountId}</Td>
                <Td className="tabular-nums">{r.liveMappings}</Td>
                <Td>{r.actualFetchedAt === null ? "not read yet" : r.ownedStatementsInIam > 0 ? `yes, as read ${utcTime(r.actualFetchedAt)}` : `no, as read ${utcTime(r.actualFetchedAt)}`}</Td>
                {manage ? <Td><DeregisterRole role={{ id: r.id, name: r.name, liveMappings: r.liveMappings }} refusal={r.deregistrationRefusal} /></Td> : null}
              </Tr>
            ))}
          </tbody>
        </Table>
        {manage ? <IamRoleForm accounts={accounts.map((a) => ({ id: a.id, label: `${a.name} (${a.accountId})` }))} /> : null}
      </section>

      <section aria-labelledby="usage-settings-h">
        <SectionHeading id="usage-settings-h" description={<>Who actually assumed which role comes from CloudTrail. A mapping active this long and not used within it is flagged &ldquo;revoke?&rdquo; on Mappings and Access.</>}>
          Usage evidence
        </SectionHeading>
        {manage ? <UsageSettingsForm unusedDays={usage.unusedDays} accounts={usage.accounts} /> : <p className="text-sm">Mappings unused for {usage.unusedDays} days are flagged.</p>}
      </section>

      <NotificationsSection user={user} />
    </div>
  );
}
