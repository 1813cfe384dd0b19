/**
 * Read model of the cash reports (issue 10, src/readmodels/contract-cash.ts): per contract its collected and
 * outstanding fen and sign flags, per unpaid instalment its open fen and due day, per payment its commissionable fen.
 * Filled by `jindou rebuild cash` (and on open while never built); keyed by contract, so merges and owner changes,
 * which move contracts between customers and owners, leave it as it is.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const id = "bigint" as const;
  await db.schema
    .createTable("contract_cash")
    .ifNotExists()
    .addColumn("contract_id", id, (c) => c.primaryKey())
    .addColumn("collected_fen", "bigint", (c) => c.notNull())
    .addColumn("outstanding_fen", "bigint", (c) => c.notNull())
    .addColumn("signed", "integer", (c) => c.notNull())
    .addColumn("fully_paid", "integer", (c) => c.notNull())
    .addColumn("paid_late", "integer", (c) => c.notNull())
    .addColumn("open_due_day", "integer")
    .execute();
  await db.schema
    .createTable("instalment_open")
    .ifNotExists()
    .addColumn("contract_id", id, (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("due_day", "integer", (c) => c.notNull())
    .addColumn("open_fen", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("instalment_open_pk", ["contract_id", "seq"])
    .execute();
  await db.schema
    .createTable("payment_counted")
    .ifNotExists()
    .addColumn("payment_id", id, (c) => c.primaryKey())
    .addColumn("contract_id", id, (c) => c.notNull())
    .addColumn("received_at", "bigint", (c) => c.notNull())
    .addColumn("counted_fen", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("payment_counted_received").ifNotExists().on("payment_counted").columns(["received_at", "contract_id", "counted_fen"]).execute();
  await db.schema.createIndex("payment_counted_contract").ifNotExists().on("payment_counted").column("contract_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["contract_cash", "instalment_open", "payment_counted"]) await db.schema.dropTable(t).ifExists().execute();
}
