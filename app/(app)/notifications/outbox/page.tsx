import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { TextLink } from "@/components/ui/text-link";
import { requirePage } from "@/lib/auth/guard";
import { listOutbox } from "@/lib/notify/service";
import { OutboxList } from "@/components/notify/outbox-list";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage() {
  await requirePage("notifications.view", "/notifications/outbox");
  const items = await listOutbox();
  return (
    <section className="space-y-4">
      <PageHeader title="Outbox">
        <p>
          In demo mode without SMTP, emails are kept here instead of being sent, so you can see what each person would have received.
          Configure SMTP_URL and SMTP_FROM to send them for real. <TextLink href="/notifications">Every notification and its attempts</TextLink>
        </p>
      </PageHeader>
      <OutboxList items={items} />
    </section>
  );
}
