/**
 * Web app (issue 14): the notifications centre (one row per user and event, unread until read; dedupe_key keeps a
 * derived notice — an overdue follow-up, a stalled deal — from being raised twice), and size bands stored as codes
 * (中型 → medium …) for rows imported before the importer normalised them.
 */
import { type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect";

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable("notifications")
    .addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("user_id", "bigint", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("params", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("link", "text")
    .addColumn("dedupe_key", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("read_at", "bigint")
    .addUniqueConstraint("notifications_user_dedupe", ["user_id", "dedupe_key"])
    .execute();
  await db.schema.createIndex("notifications_user_unread").on("notifications").columns(["user_id", "read_at", "id"]).execute();
  for (const [code, spellings] of [
    ["large", ["大型", "大", "大型企业"]],
    ["medium", ["中型", "中", "中型企业"]],
    ["small", ["小型", "小", "小型企业", "小微", "小微企业"]],
  ] as const)
    await sql`update customers set size_band = ${code} where size_band in (${sql.join(spellings.map((s) => sql`${s}`))})`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("notifications").execute();
}
