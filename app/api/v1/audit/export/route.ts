import { NextResponse } from "next/server";
import { z } from "zod";
import { readQuery, withPermission } from "@/lib/auth/with-permission";
import { ZAuditFilters } from "@/lib/schemas/audit";
import { iterateAuditEvents } from "@/lib/audit/service";
import type { AuditRow } from "@/lib/audit/rows";
import { csvRow } from "@/lib/csv";

const HEADER = ["id", "at", "actor", "action", "resource_type", "resource_id", "data", "prev_hash", "hash"];

const line = (e: AuditRow) => csvRow([e.id, e.at, e.actor, e.action, e.resourceType, e.resourceId, JSON.stringify(e.data), e.prevHash, e.hash]);

/**
 * GET /api/v1/audit/export?actor=&type=&role=&project=&from=&to=&before=: the filtered audit log as
 * CSV, streamed. Everything that can be refused is refused before the 200: the filters (a 400
 * naming the bad one) and the first page's query. Once streaming, only a lost database can cut it.
 */
export const GET = withPermission(
  { action: "audit.export", output: z.never(), input: ({ req }) => readQuery(req, ZAuditFilters) },
  async ({ input: filters }) => {
    const encoder = new TextEncoder();
    const events = iterateAuditEvents(filters);
    const first = await events.next();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(csvRow(HEADER)));
        if (first.done) controller.close();
        else controller.enqueue(encoder.encode(line(first.value)));
      },
      async pull(controller) {
        if (first.done) return;
        const next = await events.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(line(next.value)));
      },
    });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    return new NextResponse(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="audit-${stamp}.csv"` } });
  },
);
