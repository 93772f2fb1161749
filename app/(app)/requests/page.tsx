import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/guard";
import { NotBuilt } from "@/components/not-built";

export const metadata: Metadata = { title: "Requests" };

export default async function RequestsPage() {
  await requirePage("requests.view", "/requests");
  return <NotBuilt title="Requests" issue="the access workflow (issue 5)" />;
}
