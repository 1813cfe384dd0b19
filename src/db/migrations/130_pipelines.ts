/**
 * Pipelines by the user (issue 12): a removed stage is archived, not deleted (archived_at), so history and reports
 * still name it; saved views of the lists and the board — filters, columns and sort as JSON, personal (department_id
 * null) or shared with a department (and the departments below it).
 */
import type { Kysely } from "kysely";
import { isPostgres } from "../dialect";

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable("stages").addColumn("archived_at", "bigint").execute();
  await db.schema
    .createTable("saved_views")
    .addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("list", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("owner_id", "bigint", (c) => c.notNull())
    .addColumn("department_id", "bigint")
    .addColumn("filters", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("columns", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("sort", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("saved_views_owner").on("saved_views").columns(["list", "owner_id"]).execute();
  await db.schema.createIndex("saved_views_department").on("saved_views").columns(["list", "department_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("saved_views").execute();
  await db.schema.alterTable("stages").dropColumn("archived_at").execute();
}
