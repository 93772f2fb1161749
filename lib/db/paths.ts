import path from "node:path";
import { config } from "@/lib/config";

/**
 * Git-ignored folder for the embedded database and generated demo secrets (TRUSTMAP_DATA_DIR
 * moves it). A function, not a constant, so importing it never parses the configuration before
 * npm start can report a bad variable in one line.
 */
export function dataDir(): string {
  return path.resolve(config().dataDir ?? path.join(projectRoot(), ".data"));
}

/**
 * The project's root: two folders up from this file when run from source (tsx); inside the Next.js
 * server bundle `import.meta.dirname` is undefined, and the root is the working directory (npm
 * start and next start run there; Next's docs recommend process.cwd() for files read at run time).
 * npm start also passes the folder to the server as TRUSTMAP_DATA_DIR (scripts/app-env.ts).
 */
function projectRoot(): string {
  const here: string | undefined = import.meta.dirname;
  return here ? path.join(here, "..", "..") : process.cwd();
}
