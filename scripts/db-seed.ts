/** `npm run db:seed`: seed demo personas and sample data into an empty database (as the app role; the audit key as npm start would use it). */
import { withDatabase } from "../lib/db/server";
import { createPrismaClient } from "../lib/db/prisma";
import { seedDemoIfEmpty } from "../lib/demo/seed";
import { prepareDatabase } from "../lib/db/prepare";
import { gitlabSource } from "../lib/gitlab/connection";
import { runCli } from "./cli-support";
import { dataSecret } from "./data-secrets";

await runCli("db:seed", async () => {
  // Demo data is for demo mode, whose audit key lives in the data folder.
  process.env.AUDIT_KEY ||= dataSecret("audit-key");
  await withDatabase(async ({ url, migrationUrl }) => {
    await prepareDatabase({ migrationUrl, appUrl: url });
    const db = createPrismaClient(url);
    try {
      // On the sandbox GitLab (demo mode, no GITLAB_TOKEN) the seed also applies its approved mapping.
      const options = gitlabSource()?.kind === "sandbox" ? { reconcileSandbox: { databaseUrl: url } } : {};
      console.log((await seedDemoIfEmpty(db, options)) ? "db:seed: demo data seeded" : "db:seed: database already has users; nothing seeded");
    } finally {
      await db.$disconnect();
    }
  });
});
