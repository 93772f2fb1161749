import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/guard";
import { getMuteSettings } from "@/lib/notify/service";
import { MuteForm } from "@/components/notify/mute-form";

export const metadata: Metadata = { title: "Notifications" };

export default async function AccountNotificationsPage() {
  const user = await requirePage("notifications.mute", "/account/notifications");
  const { email, emailMode, muted } = await getMuteSettings(user);
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Email notifications</h1>
        <p className="mt-1 max-w-2xl text-slate-600">
          {email ? <>Emails go to <span className="font-mono">{email}</span>, the address of your GitLab account.</> : <>Your account has no email address, so you get no email; it comes from your GitLab sign-in.</>}
          {emailMode === "outbox" ? " This is a demo: emails are kept in the admins' outbox instead of being sent." : null}
          {emailMode === "off" ? " This trustmap has no mail server configured, so nothing is emailed yet." : null}
        </p>
      </div>
      <p className="max-w-2xl text-sm text-slate-600">Untick what you do not want to hear about. You never get a notification about something you did yourself, and events only reach the people they concern.</p>
      <MuteForm muted={muted} />
    </section>
  );
}
