import path from "node:path";

/** Git-ignored folder for the embedded database and generated demo secrets. */
export const DATA_DIR = path.resolve(process.env.TRUSTMAP_DATA_DIR ?? path.join(import.meta.dirname, "../../.data"));
