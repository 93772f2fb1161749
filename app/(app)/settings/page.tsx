import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/guard";
import { listAwsAccounts, listIamRoles, listUsers } from "@/lib/db/settings-admin";
import { UsersTable } from "@/components/settings/users-table";
import { AwsAccountForm } from "@/components/settings/aws-account-form";
import { IamRoleForm } from "@/components/settings/iam-role-form";
import { CheckAccountButton } from "@/components/settings/check-account-button";
import { can } from "@/lib/auth/permissions";
import { NotificationsSection } from "./notifications-section";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePage("settings.view", "/settings");
  const [users, accounts, roles] = await Promise.all([listUsers(), listAwsAccounts(), listIamRoles()]);
  const manage = can(user, "settings.manage");
  return (
    <div className="space-y-10">
      <h1 className="text-2xl font-semibold">Settings</h1>

      <section aria-labelledby="users-h">
        <h2 id="users-h" className="text-lg font-medium">Users and roles</h2>
        <p className="mb-3 text-sm text-slate-600">Everyone signs in as requester; promote approvers, auditors and admins here. Changes are audited.</p>
        {can(user, "users.manage") ? (
          <UsersTable
            currentUserId={user.id}
            users={users.map((u) => ({ ...u, lastSignInAt: u.lastSignInAt?.toISOString() ?? null }))}
          />
        ) : null}
      </section>

      <section aria-labelledby="accounts-h">
        <h2 id="accounts-h" className="text-lg font-medium">AWS accounts</h2>
        <p className="mb-3 text-sm text-slate-600">
          Credentials are never stored: trustmap uses the AWS SDK&apos;s default credential chain, optionally assuming the role given here.
          Before touching an account it asks STS whose credentials those are, and refuses the account if they belong to another one.
        </p>
        <table className="mb-4 w-full border-collapse bg-white text-sm">
          <thead><tr className="border-b text-left"><th className="p-2">Account</th><th className="p-2">Issuer</th><th className="p-2">Audiences</th><th className="p-2">Region</th><th className="p-2">Management role</th><th className="p-2">Roles</th>{manage ? <th className="p-2">Credentials</th> : null}</tr></thead>
          <tbody>
            {accounts.length === 0 ? <tr><td colSpan={manage ? 7 : 6} className="p-2 text-slate-600">No AWS account connected yet.</td></tr> : null}
            {accounts.map((a) => (
              <tr key={a.id} className="border-b">
                <td className="p-2">{a.name} <span className="font-mono text-slate-500">{a.accountId}</span></td>
                <td className="p-2 font-mono">{a.issuerUrl}</td>
                <td className="p-2 font-mono">{a.audiences.join(", ")}</td>
                <td className="p-2">{a.region}</td>
                <td className="p-2">{a.managementRoleArn ? <span className="font-mono break-all">{a.managementRoleArn}</span> : <span className="text-slate-500">none (default chain)</span>}</td>
                <td className="p-2 tabular-nums">{a._count.roles}</td>
                {manage ? <td className="p-2"><CheckAccountButton accountId={a.accountId} label={`${a.name} (${a.accountId})`} /></td> : null}
              </tr>
            ))}
          </tbody>
        </table>
        {manage ? <AwsAccountForm /> : null}
      </section>

      <section aria-labelledby="roles-h">
        <h2 id="roles-h" className="text-lg font-medium">IAM roles under management</h2>
        <p className="mb-3 text-sm text-slate-600">{roles.length} registered. trustmap owns one statement per OIDC provider and audience in each role&apos;s trust policy and never touches the others.</p>
        {manage ? <IamRoleForm accounts={accounts.map((a) => ({ id: a.id, label: `${a.name} (${a.accountId})` }))} /> : null}
      </section>

      <NotificationsSection user={user} />
    </div>
  );
}
