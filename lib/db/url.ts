/** One-line explanations of database configuration problems, for start-up errors. */

/** Why `url` (the value of the variable `name`) is not a usable PostgreSQL connection string, or null when it is. */
export function describeDatabaseUrlProblem(url: string, name = "DATABASE_URL"): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${name} is not a valid URL; expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE (or unset it to use the embedded database)`;
  }
  if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
    return `${name} uses "${parsed.protocol.replace(/:$/, "")}"; trustmap needs a postgresql:// URL (or unset it to use the embedded database)`;
  }
  if (!parsed.hostname && !parsed.searchParams.get("host")) return `${name} has no host; expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE`;
  if (parsed.pathname.replace(/^\//, "") === "") return `${name} names no database; add /DATABASE after the host`;
  return null;
}

/** A URL with its password replaced, safe to print. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/** One line saying why connecting failed and what to check. */
export function describeConnectionError(url: string, e: unknown): string {
  const err = e as { code?: string; message?: string };
  const where = redactDatabaseUrl(url);
  switch (err.code) {
    case "ECONNREFUSED":
      return `cannot reach PostgreSQL at ${where}: connection refused; is the server running and is the port right?`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot reach PostgreSQL at ${where}: host not found; check the host in DATABASE_URL`;
    case "ETIMEDOUT":
      return `cannot reach PostgreSQL at ${where}: timed out; check the host, port and firewall`;
    case "28P01":
    case "28000":
      return `PostgreSQL at ${where} refused the credentials; check the user and password in DATABASE_URL`;
    case "3D000":
      return `the database in ${where} does not exist; create it or fix DATABASE_URL`;
    default:
      return `cannot connect to PostgreSQL at ${where}: ${err.message ?? String(e)}`;
  }
}
