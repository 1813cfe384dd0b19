/** Every migration, in order. Add one line per new file (NNN_name.ts); never edit an applied one. */
import type { Migration } from "kysely";
import * as m001 from "./001_initial";

export const migrations: Record<string, Migration> = {
  "001_initial": m001,
};
