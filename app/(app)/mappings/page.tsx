import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/guard";
import { NotBuilt } from "@/components/not-built";

export const metadata: Metadata = { title: "Mappings" };

export default async function MappingsPage() {
  await requirePage("mappings.view", "/mappings");
  return <NotBuilt title="Mappings" issue="the access workflow (issue 5)" />;
}
