/**
 * Secrets generated once into the git-ignored data folder (mode 0600) for demo mode: the Auth.js
 * secret and the audit chain's key. Never committed, never stored in the database.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { dataDir } from "../lib/db/paths";

export type DataSecret = "auth-secret" | "audit-key";

/** The secret kept in the data folder, or undefined when there is none. */
export function readDataSecret(name: DataSecret): string | undefined {
  const file = path.join(dataDir(), name);
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

/** The secret kept in the data folder, generated (32 random bytes, base64url) on first use. */
export function dataSecret(name: DataSecret): string {
  const existing = readDataSecret(name);
  if (existing) return existing;
  mkdirSync(dataDir(), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(path.join(dataDir(), name), secret, { mode: 0o600 });
  return secret;
}
