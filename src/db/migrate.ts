/** Runs the migrations in src/db/migrations (NNN_name.ts, applied in name order) on either database. */
import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileMigrationProvider, type MigrationResultSet, Migrator } from "kysely";
import type { Db } from "./connect";

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export async function migrate(db: Db): Promise<MigrationResultSet> {
  const provider = new FileMigrationProvider({ fs, path, migrationFolder: folder });
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => Object.fromEntries(Object.entries(await provider.getMigrations()).filter(([k]) => /^\d{3}_/.test(k) && !k.includes(".test"))) },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
