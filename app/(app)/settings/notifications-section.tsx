import { can } from "@/lib/auth/permissions";
import { getNotificationSettings } from "@/lib/notify/service";
import type { CurrentUser } from "@/lib/users/current-user";
import { NotificationSettings } from "@/components/notify/notification-settings";
import { SectionHeading } from "@/components/ui/page-header";
import { TextLink } from "@/components/ui/text-link";

/** Settings → Notifications: loads its own data so the Settings page only places it. */
export async function NotificationsSection({ user }: { user: CurrentUser }) {
  if (!can(user, "notifications.view")) return null;
  const settings = await getNotificationSettings();
  return (
    <section aria-labelledby="notifications-h">
      <SectionHeading
        id="notifications-h"
        description={
          <>
            Who hears about what: approvers about new requests, requesters about decisions, admins and approvers about drift and failed applies.
            {" "}<TextLink href="/notifications">Sent notifications and their attempts</TextLink>
            {settings.email.mode === "outbox" ? <> · <TextLink href="/notifications/outbox">demo outbox</TextLink></> : null}
          </>
        }
      >
        Notifications
      </SectionHeading>
      <NotificationSettings settings={settings} manage={can(user, "notifications.manage")} />
    </section>
  );
}
