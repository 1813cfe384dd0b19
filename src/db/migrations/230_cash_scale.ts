/**
 * Scale (issue 10): the cash reports read payments and instalments in contract order with their running sums, and the
 * commission report finds the contracts paid in a period by an index range on the receiving instant.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("payments_contract_received").on("payments").columns(["contract_id", "received_at", "id", "amount_fen"]).execute();
  await db.schema.createIndex("payments_received").on("payments").columns(["received_at", "contract_id"]).execute();
  await db.schema.createIndex("payment_schedule_contract_seq").on("payment_schedule").columns(["contract_id", "seq", "amount_fen", "due_date"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ["payments_contract_received", "payments_received", "payment_schedule_contract_seq"]) await db.schema.dropIndex(i).execute();
}
