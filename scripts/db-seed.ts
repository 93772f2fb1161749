/** `npm run db:seed`: seed demo personas and sample data into an empty database. */
import { withDatabase } from "../lib/db/server";
import { createPrismaClient } from "../lib/db/prisma";
import { seedDemoIfEmpty } from "../lib/demo/seed";
import { gitlabSource } from "../lib/gitlab/connection";
import { applyPendingMigrations } from "../lib/db/migrate";
import { runCli } from "./cli-support";

await runCli("db:seed", async () => {
  await withDatabase(async (url) => {
    await applyPendingMigrations(url);
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
