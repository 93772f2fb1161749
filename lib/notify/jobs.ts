/**
 * The notification jobs for the runner (registered in scripts/start.ts): `notify-deliver` sends
 * one notification once per run; a failure that may pass later throws, and pg-boss retries it
 * with the catalog's backoff (lib/jobs/catalog.ts).
 */
import "server-only";
import { z } from "zod";
import type { JobDefinition } from "@/lib/jobs/runner";
import { deliverNotification } from "./service";

const ZDeliverData = z.object({ notificationId: z.uuid() });

export const notifyDeliverJob: JobDefinition = {
  name: "notify-deliver",
  // Sends wait on other servers, not on us: a slow SMTP server should not hold up webhooks.
  concurrency: 2,
  async run(data, context) {
    const parsed = ZDeliverData.safeParse(data);
    if (!parsed.success) {
      context.log(`[trustmap] notify-deliver job ${context.jobId} has no notification id; dropped`);
      return;
    }
    await deliverNotification(parsed.data.notificationId, context);
  },
};
