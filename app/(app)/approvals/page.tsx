import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/guard";
import { expireDueMappings, listApprovalQueue } from "@/lib/approvals/service";
import { ApprovalQueue } from "@/components/approvals/approval-queue";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const user = await requirePage("approvals.view", "/approvals");
  await expireDueMappings();
  const { rows, total, asOf } = await listApprovalQueue();
  return (
    <section>
      <h1 className="text-2xl font-semibold">Approvals</h1>
      <p className="mt-1 mb-4 text-slate-600">
        {total} pending, high risk first, then oldest first{total > rows.length ? ` (showing the first ${rows.length})` : ""}. High-risk requests (group-wide, tag wildcards, wildcards on production roles, serious lint findings) need two different approvers; nobody decides on their own request.
      </p>
      <ApprovalQueue rows={rows} currentUsername={user.username} now={asOf} />
    </section>
  );
}
