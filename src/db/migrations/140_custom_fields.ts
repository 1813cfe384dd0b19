/**
 * Custom fields (issue 12): definitions per entity (customer, contact, opportunity, activity) and their values as
 * EAV rows, one per record and field (a multi select: one row per chosen option, seq 0, 1, …). A value lives in the
 * column its type filters on — text_value (text, select, multi select, date as YYYY-MM-DD), num_value (number, money
 * in fen, user id, yes/no as 1/0) or long_value (long text, never filtered, so never indexed: PostgreSQL b-tree
 * entries are limited to about 2.7 kB) — and (field_id, text_value, record_id) / (field_id, num_value, record_id)
 * serve an equality or range filter on both engines with the same SQL (docs/architecture.md).
 */
import type { Kysely } from "kysely";
import { isPostgres } from "../dialect";

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable("custom_fields")
    .addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("label_zh", "text", (c) => c.notNull())
    .addColumn("label_en", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("required", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("options", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint("custom_fields_entity_key", ["entity", "key"])
    .execute();
  await db.schema
    .createTable("custom_values")
    .addColumn("field_id", "bigint", (c) => c.notNull())
    .addColumn("record_id", "bigint", (c) => c.notNull())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("text_value", "text")
    .addColumn("num_value", "double precision")
    .addColumn("long_value", "text")
    .addPrimaryKeyConstraint("custom_values_pk", ["field_id", "record_id", "seq"])
    .execute();
  await db.schema.createIndex("custom_values_text").on("custom_values").columns(["field_id", "text_value", "record_id"]).execute();
  await db.schema.createIndex("custom_values_num").on("custom_values").columns(["field_id", "num_value", "record_id"]).execute();
  await db.schema.createIndex("custom_values_record").on("custom_values").columns(["entity", "record_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("custom_values").execute();
  await db.schema.dropTable("custom_fields").execute();
}
