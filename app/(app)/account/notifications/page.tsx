import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePage } from "@/lib/auth/guard";
import { getMuteSettings } from "@/lib/notify/service";
import { MuteForm } from "@/components/notify/mute-form";

export const metadata: Metadata = { title: "Email notifications" };

export default async function AccountNotificationsPage() {
  const user = await requirePage("notifications.mute", "/account/notifications");
  const { email, emailMode, muted } = await getMuteSettings(user);
  return (
    <section className="space-y-4">
      <PageHeader title="Email notifications">
        <p>
          {email ? <>Emails go to <span className="font-mono break-all">{email}</span>, the address of your GitLab account.</> : <>Your account has no email address, so you get no email; it comes from your GitLab sign-in.</>}
          {emailMode === "outbox" ? " This is a demo: emails are kept in the admins' outbox instead of being sent." : null}
          {emailMode === "off" ? " This trustmap has no mail server configured, so nothing is emailed yet." : null}
        </p>
      </PageHeader>
      <p className="max-w-2xl text-sm text-slate-700">Untick what you do not want to hear about. You never get a notification about something you did yourself, and events only reach the people they concern.</p>
      <MuteForm muted={muted} />
    </section>
  );
}
