import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/guard";
import { NotBuilt } from "@/components/not-built";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePage("settings.view", "/settings");
  return <NotBuilt title="Settings" issue="the reconciler (issue 4), which connects AWS accounts and GitLab" />;
}
