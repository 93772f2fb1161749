import path from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { webServerEnv } from "@/scripts/app-env";

afterEach(() => vi.unstubAllEnvs());

it("npm start gives the web server the app role's URL, the port and the data folder as an absolute path, never the owner's URL", () => {
  vi.stubEnv("TRUSTMAP_DATA_DIR", "");
  const base: Record<string, string | undefined> = { DATABASE_MIGRATION_URL: "postgresql://owner@h/db", KEEP: "1" };
  const env = webServerEnv(base, { databaseUrl: "postgresql://app@h/db", port: "3000" });
  expect(env).toMatchObject({ DATABASE_URL: "postgresql://app@h/db", PORT: "3000", KEEP: "1" });
  expect(env.DATABASE_MIGRATION_URL).toBeUndefined();
  // The server cannot find the folder itself (no import.meta.dirname in its bundle): it is told.
  expect(env.TRUSTMAP_DATA_DIR).toBe(path.resolve(import.meta.dirname, "../../../.data"));
});

it("a data folder moved with TRUSTMAP_DATA_DIR is the one the web server gets", () => {
  vi.stubEnv("TRUSTMAP_DATA_DIR", "/srv/trustmap-data");
  expect(webServerEnv({} as Record<string, string | undefined>, { databaseUrl: "postgresql://app@h/db", port: "3000" }).TRUSTMAP_DATA_DIR).toBe("/srv/trustmap-data");
});
