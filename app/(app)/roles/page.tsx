import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/guard";
import { NotBuilt } from "@/components/not-built";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage() {
  await requirePage("roles.view", "/roles");
  return <NotBuilt title="Roles" issue="the reconciler (issue 4)" />;
}
