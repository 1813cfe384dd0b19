/**
 * Read model of the commission report (issue 10, src/readmodels/commission-cells.ts): `commission_cells`, per period
 * (every year, quarter, month and ISO week key a counted payment falls in, in the organisation's zone) and deal owner,
 * the commissionable fen and the contracts counted — its size grows with owners × periods, not with payments.
 * `commission_credit` keeps the deal owner each contract's payments were credited to, so a transfer moves them.
 * Contracts without a deal (owner: the customer's) stay out of it and are summed live through `contracts_no_deal`.
 * Filled by the rebuild on open: the cash model counts as never built.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("commission_cells")
    .ifNotExists()
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("owner_id", "bigint", (c) => c.notNull())
    .addColumn("contracts", "integer", (c) => c.notNull())
    .addColumn("counted_fen", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("commission_cells_pk", ["period", "owner_id"])
    .execute();
  await db.schema
    .createTable("commission_credit")
    .ifNotExists()
    .addColumn("contract_id", "bigint", (c) => c.primaryKey())
    .addColumn("owner_id", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("contracts_no_deal").ifNotExists().on("contracts").column("id").where(sql.ref("opportunity_id"), "is", null).execute();
  await sql`delete from read_model_state where model = 'cash'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["commission_cells", "commission_credit"]) await db.schema.dropTable(t).ifExists().execute();
  await db.schema.dropIndex("contracts_no_deal").ifExists().execute();
}
