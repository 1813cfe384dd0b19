/** Runs the migrations listed in src/db/migrations/index.ts on either database. */
import { type MigrationResultSet, Migrator } from "kysely";
import type { Db } from "./connect";
import { migrations } from "./migrations/index";

export async function migrate(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
