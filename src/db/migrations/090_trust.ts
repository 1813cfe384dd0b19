/** Sign-in throttling counts failures per client address; import runs carry a heartbeat so a crashed run can be told apart. */
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("login_failures_ip_at").on("login_failures").columns(["ip", "at"]).execute();
  await db.schema.alterTable("import_runs").addColumn("heartbeat_at", "bigint").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("login_failures_ip_at").execute();
  await db.schema.alterTable("import_runs").dropColumn("heartbeat_at").execute();
}
