import path from "node:path";
import { config } from "@/lib/config";

/**
 * Git-ignored folder for the embedded database and generated demo secrets (TRUSTMAP_DATA_DIR
 * moves it). A function, not a constant, so importing it never parses the configuration before
 * npm start can report a bad variable in one line.
 */
export function dataDir(): string {
  return path.resolve(config().dataDir ?? path.join(import.meta.dirname, "../../.data"));
}
