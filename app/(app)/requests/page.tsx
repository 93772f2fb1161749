import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { listMyRequests, listRoleOptions } from "@/lib/requests/service";
import { RequestForm, type RequestPrefill } from "@/components/requests/request-form";
import { ZRequestPrefill } from "@/lib/schemas/requests";
import { readPageQuery, type RawSearchParams } from "@/lib/schemas/search-params";
import { MyRequests } from "@/components/requests/my-requests";

export const metadata: Metadata = { title: "Requests" };

export default async function RequestsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requirePage("requests.view", "/requests");
  // Links such as the inventory's "Move to OIDC" pre-fill the form; anything malformed is ignored.
  const prefill: RequestPrefill = readPageQuery(ZRequestPrefill, await searchParams).data ?? {};
  const [roles, mine] = await Promise.all([listRoleOptions(), listMyRequests(user.id)]);
  return (
    <div className="space-y-10">
      <section className="space-y-4">
        <PageHeader title="Request access">
          <p>Ask that a GitLab group or project, on a branch or tag, may assume an AWS role. Security approves it; trustmap then writes the role&apos;s trust policy.</p>
        </PageHeader>
        <RequestForm roles={roles.map((r) => ({ id: r.id, name: r.name, arn: r.arn, production: r.production, accountId: r.accountId, accountName: r.accountName, audiences: r.audiences }))} prefill={prefill} />
      </section>
      <section aria-labelledby="mine-h">
        <h2 id="mine-h" className="mb-3 text-lg font-medium">My requests</h2>
        <MyRequests rows={mine} />
      </section>
    </div>
  );
}
