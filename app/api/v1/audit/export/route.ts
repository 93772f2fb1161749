import { NextResponse } from "next/server";
import { z } from "zod";
import { withPermission } from "@/lib/auth/with-permission";
import { ZAuditFilters } from "@/lib/schemas/audit";
import { iterateAuditEvents } from "@/lib/audit/service";
import { csvRow } from "@/lib/csv";

const HEADER = ["id", "at", "actor", "action", "resource_type", "resource_id", "data", "prev_hash", "hash"];

/** GET /api/v1/audit/export?actor=&type=&role=&project=&from=&to=: the filtered audit log as CSV, streamed. */
export const GET = withPermission({ action: "audit.export", output: z.never() }, async ({ req }) => {
  const filters = ZAuditFilters.parse(Object.fromEntries(req.nextUrl.searchParams));
  const encoder = new TextEncoder();
  const events = iterateAuditEvents(filters);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(HEADER)));
    },
    async pull(controller) {
      const next = await events.next();
      if (next.done) return controller.close();
      const e = next.value;
      controller.enqueue(encoder.encode(csvRow([e.id, e.at, e.actor, e.action, e.resourceType, e.resourceId, JSON.stringify(e.data), e.prevHash, e.hash])));
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new NextResponse(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="audit-${stamp}.csv"` } });
});
