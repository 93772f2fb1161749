import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/guard";
import { listOutbox } from "@/lib/notify/service";
import { OutboxList } from "@/components/notify/outbox-list";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage() {
  await requirePage("notifications.view", "/notifications/outbox");
  const items = await listOutbox();
  return (
    <section>
      <h1 className="text-2xl font-semibold">Outbox</h1>
      <p className="mt-1 mb-4 max-w-3xl text-slate-600">
        In demo mode without SMTP, emails are kept here instead of being sent, so you can see what each person would have received.
        Configure SMTP_URL and SMTP_FROM to send them for real.
      </p>
      <OutboxList items={items} />
    </section>
  );
}
