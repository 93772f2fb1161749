import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/guard";
import { NotBuilt } from "@/components/not-built";

export const metadata: Metadata = { title: "Reconcile" };

export default async function ReconcilePage() {
  await requirePage("reconcile.view", "/reconcile");
  return <NotBuilt title="Reconcile" issue="the reconciler (issue 4)" />;
}
