import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/guard";
import { NotBuilt } from "@/components/not-built";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  await requirePage("approvals.view", "/approvals");
  return <NotBuilt title="Approvals" issue="the access workflow (issue 5)" />;
}
