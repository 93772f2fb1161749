/**
 * Prisma's WebAssembly schema engine, loaded in Node. The native engine cannot be downloaded on
 * our machines, and the WASM one applies migrations exactly as `prisma migrate deploy` does
 * (same `_prisma_migrations` rows and checksums), so the migration folders stay portable.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
export type SchemaEngine = Awaited<ReturnType<Glue["SchemaEngine"]["new"]>>;

let gluePromise: Promise<Glue> | undefined;

// The wasm module may be instantiated only once per process.
function loadGlue(): Promise<Glue> {
  gluePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const glue: Glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(pkgDir, "schema_engine_bg.wasm"));
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
    g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message: string) => { lastPanic = message; } };
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return glue;
  })();
  return gluePromise;
}

let lastPanic: string | undefined;

/** The message of the last panic inside the engine, if any (the engine reports panics this way). */
export function lastSchemaEnginePanic(): string | undefined {
  return lastPanic;
}

/** Run `fn` with a schema engine connected to `databaseUrl`; the engine and its pool are always released. */
export async function withSchemaEngine<T>(databaseUrl: string, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const glue = await loadGlue();
  // Our own pool, so it can be ended: the engine's free() does not close connections.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on("error", () => {}); // a dropped idle connection must not crash the process
  const adapter = bindMigrationAwareSqlAdapterFactory(wholeScriptFactory(new PrismaPg(pool), pool));
  const logs: string[] = [];
  const engine = await glue.SchemaEngine.new({ datamodels: undefined }, (log: string) => logs.push(log), adapter);
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await pool.end();
  }
}

/**
 * adapter-pg's `executeScript` splits a migration on every ";" and runs the pieces one by one:
 * that breaks dollar-quoted function bodies and string literals, and a failure half-way leaves
 * a half-migrated database. The native engine sends the script whole. This wrapper restores
 * that, through the adapter's public interface only: PostgreSQL runs a multi-statement simple
 * query as one implicit transaction, so a migration applies completely or not at all.
 * (Consequence: statements that refuse to run in a transaction, such as CREATE INDEX
 * CONCURRENTLY, cannot be used in migrations.)
 */
function wholeScriptFactory(inner: PrismaPg, pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    new Proxy(adapter, {
      get(target, prop) {
        if (prop === "executeScript") {
          return async (script: string) => {
            try {
              await pool.query(script);
            } catch (e) {
              throw toDriverAdapterError(e);
            }
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => wrap(await inner.connect()),
    connectToShadowDb: async () => wrap(await inner.connectToShadowDb()),
  };
}

function toDriverAdapterError(e: unknown): DriverAdapterError {
  const err = e as { code?: string; severity?: string; message?: string; detail?: string; column?: string; hint?: string };
  return new DriverAdapterError({
    kind: "postgres",
    code: err.code ?? "XX000",
    severity: err.severity ?? "ERROR",
    message: err.message ?? String(e),
    detail: err.detail,
    column: err.column,
    hint: err.hint,
  });
}
