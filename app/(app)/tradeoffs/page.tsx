import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/guard";
import { NotBuilt } from "@/components/not-built";

export const metadata: Metadata = { title: "Trade-offs" };

export default async function TradeoffsPage() {
  await requirePage("tradeoffs.view", "/tradeoffs");
  return <NotBuilt title="Trade-offs" issue="the trade-off matrix (issue 6)" />;
}
