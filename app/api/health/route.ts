import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/health/service";

/**
 * GET /api/health — for load balancers and uptime checks; no authentication, and nothing in the
 * answer but "ok"/"failing" per dependency (lib/health/checks.ts defines each check).
 * 200 when every check is ok, 503 otherwise.
 */
export async function GET(): Promise<NextResponse> {
  const report = await checkHealth();
  return NextResponse.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
