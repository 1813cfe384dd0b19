/**
 * Read model of the signed-customers report (issue 10, migration 300): `signed_customers`, one row per customer with
 * a contract, folded from its contracts' rows of contract_cash (src/readmodels/contract-cash.ts). It keeps the
 * earliest open due day rather than a "late" flag, so a customer turns late by the calendar without a write. Kept in
 * step by contract-cash.ts after every refresh of its contracts (and by customer merges, which move contracts).
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";
import { inChunks, keyCond, type Keys } from "./id-range";

const FOLD = sql`insert into signed_customers (customer_id, first_contract_id, contracts, signed, qualified, paid_late, open_due_day, collected_fen, outstanding_fen)
  select k.customer_id, min(k.id), count(*), max(cc.signed), max(case when cc.fully_paid = 1 and cc.paid_late = 0 then 1 else 0 end),
    max(cc.paid_late), min(cc.open_due_day), sum(cc.collected_fen), sum(cc.outstanding_fen)
  from contract_cash cc join contracts k on k.id = cc.contract_id`;

async function fill(tx: DbOrTx, k: Keys): Promise<void> {
  await sql`delete from signed_customers where ${keyCond("customer_id", k)}`.execute(tx);
  await sql`${FOLD} where ${keyCond("k.customer_id", k)} group by k.customer_id`.execute(tx);
}

/** Re-folds these customers' rows (after their contracts' cash rows changed, or contracts moved between them). */
export async function refreshSignedCustomers(tx: DbOrTx, customerIds: Iterable<number>): Promise<void> {
  await inChunks(customerIds, (k) => fill(tx, k));
}

/** Re-folds the customers of these contracts. */
export async function refreshSignedCustomersOf(tx: DbOrTx, k: Keys): Promise<void> {
  const r = await sql<{ customer_id: number }>`select distinct customer_id from contracts where ${keyCond("id", k)}`.execute(tx);
  await refreshSignedCustomers(
    tx,
    r.rows.map((x) => Number(x.customer_id)),
  );
}

/** Every row from contract_cash (after its rebuild). */
export async function rebuildSignedCustomers(db: DbOrTx): Promise<void> {
  await sql`delete from signed_customers`.execute(db);
  await sql`${FOLD} group by k.customer_id`.execute(db);
}
