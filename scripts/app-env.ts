import { dataDir } from "../lib/db/paths";

/**
 * The environment `npm start` gives the Next.js server: the app role's DATABASE_URL only (the
 * owner's credentials stay in the launcher), the port, and the data folder as an absolute path.
 * The server must be told the data folder: inside its bundle `import.meta.dirname` does not exist,
 * so it cannot find the folder relative to the code the way the launcher does, and the audit
 * checkpoints it verifies against live there.
 */
export function webServerEnv<Env extends Record<string, string | undefined>>(base: Env, opts: { databaseUrl: string; port: string }): Env {
  const env: Env = { ...base, DATABASE_URL: opts.databaseUrl, PORT: opts.port, TRUSTMAP_DATA_DIR: dataDir() };
  delete env.DATABASE_MIGRATION_URL;
  return env;
}
