import type { Metadata } from "next";
import { Button } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { TextLink } from "@/components/ui/text-link";
import { requirePage } from "@/lib/auth/guard";
import { listNotifications } from "@/lib/notify/service";
import { NOTIFICATION_STATUSES, ZNotificationFilters } from "@/lib/schemas/notify";
import { readPageQuery, type RawSearchParams } from "@/lib/schemas/search-params";
import { NotificationList, NotificationPager } from "@/components/notify/notification-list";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  await requirePage("notifications.view", "/notifications");
  const filters = readPageQuery(ZNotificationFilters, await searchParams).data ?? ZNotificationFilters.parse({});
  const { rows, total, page, pageSize } = await listNotifications(filters);
  return (
    <section className="space-y-4">
      <PageHeader title="Notifications">
        <p>
          Every email and webhook message trustmap queued, newest first, with each delivery attempt and the server&apos;s answer.
          Failed attempts are retried with backoff; receivers de-duplicate by the notification id.
          {" "}<TextLink href="/settings#notifications-h">Settings</TextLink> · <TextLink href="/notifications/outbox">Demo outbox</TextLink>
        </p>
      </PageHeader>
      <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter notifications">
        <div className="w-full sm:w-auto">
          <Label htmlFor="n-status">Status</Label>
          <Select id="n-status" name="status" defaultValue={filters.status ?? ""} fit="auto">
            <option value="">any</option>
            {NOTIFICATION_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </Select>
        </div>
        <Button type="submit" size="sm">Filter</Button>
      </form>
      <NotificationList rows={rows} />
      <NotificationPager page={page} pageSize={pageSize} total={total} status={filters.status} />
    </section>
  );
}
