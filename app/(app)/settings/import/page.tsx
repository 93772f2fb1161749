import type { Metadata } from "next";
import { ImportRoleForm } from "@/components/settings/import-role-form";
import { Button } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/field";
import { Alert, Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { TextLink } from "@/components/ui/text-link";
import { requirePage } from "@/lib/auth/guard";
import { isAppError } from "@/lib/errors";
import { discoverImports } from "@/lib/reconcile/service";
import { readPageQuery, type RawSearchParams } from "@/lib/schemas/search-params";
import { ZImportPageQuery } from "@/lib/schemas/settings";
import { listAwsAccounts } from "@/lib/settings/service";

export const metadata: Metadata = { title: "Import existing roles" };

export default async function ImportRolesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  await requirePage("settings.manage", "/settings/import");
  const accountId = readPageQuery(ZImportPageQuery, await searchParams).data?.account;
  const accounts = await listAwsAccounts();
  // One account at a time: discovery lists every role of the account (one ListRoles walk).
  const chosen = accounts.find((a) => a.accountId === accountId);
  const found = chosen
    ? await discoverImports({ accountId: chosen.accountId }).then(
        (all) => all[0],
        // A configuration that cannot reach the account at all (e.g. no credentials) is said here.
        (e: unknown) => (isAppError(e) ? { accountId: chosen.accountId, name: chosen.name, error: e.userMessage, candidates: [] } : Promise.reject(e)),
      )
    : undefined;

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm"><TextLink href="/settings">← Settings</TextLink></p>
        <PageHeader title="Import existing roles">
          <p>
            Roles whose trust policy already trusts the account&apos;s GitLab provider, read from IAM now. Each statement is shown as the mappings it
            grants, with the linter&apos;s findings. Importing records the grants you tick as approved mappings, imported by you: nothing is widened,
            and trustmap reads the trust policy again before it records anything.
          </p>
        </PageHeader>
      </div>
      {accounts.length === 0 ? (
        <p className="text-sm text-slate-700">Connect an AWS account in <TextLink href="/settings">Settings</TextLink> first.</p>
      ) : (
        <form method="get" aria-label="Look for roles" className="flex flex-wrap items-end gap-3 text-sm">
          <div className="w-full sm:w-auto">
            <Label htmlFor="import-account">AWS account</Label>
            <Select id="import-account" name="account" defaultValue={accountId ?? ""} fit="auto">
              <option value="">Pick an account…</option>
              {accounts.map((a) => <option key={a.id} value={a.accountId}>{a.name} ({a.accountId})</option>)}
            </Select>
          </div>
          <Button type="submit" size="sm">Look for roles</Button>
        </form>
      )}
      {found ? (
        <section aria-labelledby="found-h" className="space-y-4">
          <h2 id="found-h" className="text-lg font-medium">{found.name} ({found.accountId})</h2>
          {found.error !== null ? (
            <Alert>Could not list the roles of this account: {found.error}</Alert>
          ) : found.candidates.length === 0 ? (
            <Notice role="status">No role in this account trusts its GitLab provider with a statement trustmap does not manage already.</Notice>
          ) : (
            found.candidates.map((c) => <ImportRoleForm key={c.roleArn} candidate={c} />)
          )}
        </section>
      ) : null}
    </div>
  );
}
