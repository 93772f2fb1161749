import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/guard";
import { listNotifications } from "@/lib/notify/service";
import { NOTIFICATION_STATUSES, ZNotificationFilters } from "@/lib/schemas/notify";
import { NotificationList, NotificationPager } from "@/components/notify/notification-list";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage("notifications.view", "/notifications");
  const raw = await searchParams;
  const filters = ZNotificationFilters.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const { rows, total, page, pageSize } = await listNotifications(filters);
  return (
    <section>
      <h1 className="text-2xl font-semibold">Notifications</h1>
      <p className="mt-1 mb-4 max-w-3xl text-slate-600">
        Every email and webhook message trustmap queued, newest first, with each delivery attempt and the server&apos;s answer.
        Failed attempts are retried with backoff; receivers de-duplicate by the notification id.
        {" "}<Link href="/settings#notifications-h" className="text-blue-800 underline">Settings</Link> · <Link href="/notifications/outbox" className="text-blue-800 underline">Demo outbox</Link>
      </p>
      <form method="get" className="mb-4 flex items-end gap-3 text-sm" aria-label="Filter notifications">
        <div>
          <label htmlFor="n-status" className="block font-medium">Status</label>
          <select id="n-status" name="status" defaultValue={filters.status ?? ""} className="mt-1 rounded border border-slate-300 px-2 py-1">
            <option value="">any</option>
            {NOTIFICATION_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <button className="rounded bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800">Filter</button>
      </form>
      <NotificationList rows={rows} />
      <NotificationPager page={page} pageSize={pageSize} total={total} status={filters.status} />
    </section>
  );
}
