import { MigrationError } from "../lib/db/migrate";
import { isAppError } from "../lib/errors";

/** Run a CLI body; expected problems become one line on stderr and exit code 1. */
export async function runCli(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (e instanceof MigrationError || isAppError(e) || (e instanceof Error && e.name === "StartupError")) {
      console.error(`${name}: ${e.message}`);
    } else {
      console.error(`${name}: unexpected error`, e);
    }
    process.exit(1);
  }
}
