import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/guard";
import { NotBuilt } from "@/components/not-built";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requirePage("audit.view", "/audit");
  return <NotBuilt title="Audit log" issue="the access workflow (issue 5)" />;
}
