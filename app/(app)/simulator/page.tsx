import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { listAwsAccounts, listIamRoles } from "@/lib/settings/service";
import { Simulator } from "@/components/simulator/simulator";
import { sandboxAccountIds } from "@/lib/sandbox/service";
import { SandboxNote } from "@/components/sandbox-badge";

export const metadata: Metadata = { title: "Simulator" };

export default async function SimulatorPage() {
  await requirePage("simulate.run", "/simulator");
  const [accounts, roles, sandboxAccounts] = await Promise.all([listAwsAccounts(), listIamRoles(), sandboxAccountIds()]);
  const first = accounts[0];
  return (
    <section>
      <PageHeader title="Simulator">
        <p>
          Would AWS let this GitLab job assume a role? Paste the job&apos;s ID token or describe the job; trustmap evaluates
          it exactly as IAM evaluates <code className="break-all">sts:AssumeRoleWithWebIdentity</code>, against each role&apos;s trust policy as last
          read from IAM (the actual state, never the desired one), and explains every condition. A role not read from IAM yet is not
          evaluated; when none could be, the answer is NotEvaluated, with the reason.
        </p>
        <SandboxNote accountIds={sandboxAccounts} gitlab={false} />
      </PageHeader>
      <Simulator
        defaults={{ issuerUrl: first?.issuerUrl ?? "https://gitlab.com", audience: first?.audiences[0] ?? "https://gitlab.com" }}
        roles={roles.map((r) => ({ arn: r.arn, name: r.name, read: r.actualFetchedAt !== null }))}
      />
    </section>
  );
}
