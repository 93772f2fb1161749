import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { getNotificationSettings } from "@/lib/notify/service";
import type { CurrentUser } from "@/lib/users/current-user";
import { NotificationSettings } from "@/components/notify/notification-settings";

/** Settings → Notifications: loads its own data so the Settings page only places it. */
export async function NotificationsSection({ user }: { user: CurrentUser }) {
  if (!can(user, "notifications.view")) return null;
  const settings = await getNotificationSettings();
  return (
    <section aria-labelledby="notifications-h">
      <h2 id="notifications-h" className="text-lg font-medium">Notifications</h2>
      <p className="mb-3 text-sm text-slate-600">
        Who hears about what: approvers about new requests, requesters about decisions, admins and approvers about drift and failed applies.
        {" "}<Link href="/notifications" className="text-blue-800 underline">Sent notifications and their attempts</Link>
        {settings.email.mode === "outbox" ? <> · <Link href="/notifications/outbox" className="text-blue-800 underline">demo outbox</Link></> : null}
      </p>
      <NotificationSettings settings={settings} manage={can(user, "notifications.manage")} />
    </section>
  );
}
