/**
 * Runs the GitLab fake as a standalone server for a local sandbox:
 *   npx tsx tests/fakes/gitlab/main.ts --port 8929 --seed tests/fakes/gitlab/sandbox-seed.json
 * Then point trustmap at it: GITLAB_URL=http://127.0.0.1:8929 GITLAB_TOKEN=<a seeded token>.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startGitLabFake } from "./index";
import { applySeed } from "./seed";

const { values } = parseArgs({ options: { port: { type: "string" }, seed: { type: "string" } } });
const port = values.port === undefined ? 8929 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}

const fake = await startGitLabFake({ port });
if (values.seed) applySeed(fake.state, JSON.parse(readFileSync(values.seed, "utf8")));
console.log(`GitLab fake listening on ${fake.url}${values.seed ? ` (seeded from ${values.seed})` : " (empty; pass --seed)"}`);

const shutdown = () => void fake.stop().then(() => process.exit(0));
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
