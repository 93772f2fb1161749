/**
 * The job runner alone, as `npm start` runs it beside the web server (scripts/jobs.ts): for the
 * e2e stage, which starts `next start` itself. Reads DATABASE_URL (the app role) and the rest of
 * the configuration from the environment; stops on SIGTERM/SIGINT.
 */
import { config } from "../lib/config";
import { startTrustmapJobs } from "./jobs";

const url = config().databaseUrl;
if (!url) {
  console.error("job-runner: DATABASE_URL is not set");
  process.exit(1);
}
const runner = await startTrustmapJobs(url, (line) => console.log(line));
console.log("trustmap: job runner started");
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await runner.stop().catch(() => {});
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
