/**
 * Products (issue 12): the catalogue (code unique, list price, cost, active), named price lists with a price per
 * product (one default list), opportunity line items whose total is the opportunity amount when lines exist, the
 * product and list price on quote lines (approval looks at the discount against the list price), and the product
 * an order is for.
 */
import type { Kysely } from "kysely";
import { isPostgres } from "../dialect";

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const table = (name: string) =>
    db.schema.createTable(name).addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  await table("products")
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("category", "text")
    .addColumn("unit", "text")
    .addColumn("list_price_fen", "bigint", (c) => c.notNull())
    .addColumn("cost_fen", "bigint")
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("products_name").on("products").columns(["name", "id"]).execute();
  await db.schema.createIndex("products_category").on("products").columns(["category", "id"]).execute();
  await table("price_lists")
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await table("price_list_items")
    .addColumn("price_list_id", "bigint", (c) => c.notNull())
    .addColumn("product_id", "bigint", (c) => c.notNull())
    .addColumn("price_fen", "bigint", (c) => c.notNull())
    .addUniqueConstraint("price_list_items_list_product", ["price_list_id", "product_id"])
    .execute();
  await table("opportunity_lines")
    .addColumn("opportunity_id", "bigint", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("product_id", "bigint", (c) => c.notNull())
    .addColumn("units", "bigint", (c) => c.notNull())
    .addColumn("unit_price_fen", "bigint", (c) => c.notNull())
    .addColumn("discount_bp", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("list_price_fen", "bigint", (c) => c.notNull())
    .addColumn("total_fen", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("opportunity_lines_opp").on("opportunity_lines").columns(["opportunity_id", "position"]).execute();
  await db.schema.createIndex("opportunity_lines_product").on("opportunity_lines").columns(["product_id", "opportunity_id"]).execute();
  await db.schema.alterTable("quote_lines").addColumn("product_id", "bigint").execute();
  await db.schema.alterTable("quote_lines").addColumn("list_price_fen", "bigint").execute();
  await db.schema.alterTable("orders").addColumn("product_id", "bigint").execute();
  await db.schema.createIndex("orders_product").on("orders").columns(["product_id", "customer_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("orders_product").execute();
  await db.schema.alterTable("orders").dropColumn("product_id").execute();
  await db.schema.alterTable("quote_lines").dropColumn("list_price_fen").execute();
  await db.schema.alterTable("quote_lines").dropColumn("product_id").execute();
  for (const t of ["opportunity_lines", "price_list_items", "price_lists", "products"]) await db.schema.dropTable(t).execute();
}
