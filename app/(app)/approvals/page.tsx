import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { expireDueMappings, listApprovalQueue } from "@/lib/approvals/service";
import { ApprovalQueue } from "@/components/approvals/approval-queue";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const user = await requirePage("approvals.view", "/approvals");
  await expireDueMappings();
  const { rows, total, asOf } = await listApprovalQueue();
  return (
    <section className="space-y-4">
      <PageHeader title="Approvals">
        <p>
          {total} pending, high risk first, then oldest first{total > rows.length ? ` (showing the first ${rows.length})` : ""}. High-risk requests (group-wide, tag wildcards, wildcards on production roles, serious lint findings, a ref GitLab does not protect, or protection GitLab could not tell) need two different approvers; nobody decides on their own request. Each request shows what it changes in the role&apos;s trust policy and who on GitLab can obtain its token.
        </p>
      </PageHeader>
      <ApprovalQueue rows={rows} currentUsername={user.username} now={asOf} />
    </section>
  );
}
