/** `npm run db:seed`: seed demo personas and sample data into an empty database (as the app role; the audit key as npm start would use it). */
import { withDatabase } from "../lib/db/server";
import { createPrismaClient } from "../lib/db/prisma";
import { seedDemoIfEmpty } from "../lib/demo/seed";
import { prepareDatabase } from "../lib/db/prepare";
import { runCli } from "./cli-support";
import { dataSecret } from "./data-secrets";

await runCli("db:seed", async () => {
  // Demo data is for demo mode, whose audit key lives in the data folder.
  process.env.AUDIT_KEY ||= dataSecret("audit-key");
  await withDatabase(async ({ url, migrationUrl }) => {
    await prepareDatabase({ migrationUrl, appUrl: url });
    const db = createPrismaClient(url);
    try {
      console.log((await seedDemoIfEmpty(db)) ? "db:seed: demo data seeded" : "db:seed: database already has users; nothing seeded");
    } finally {
      await db.$disconnect();
    }
  });
});
