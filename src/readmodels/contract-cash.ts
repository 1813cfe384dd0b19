/**
 * Read model of the cash reports (issue 10): `contract_cash`, `instalment_open` and `payment_counted` (migration
 * 260), derived per contract from its amount, schedule and payments by src/cash/cash-facts.ts in the organisation's
 * zone. Kept in step by re-deriving the contracts a write touched (contract created, payment recorded, import, the
 * Won move's contract), inside the write's transaction; rebuilt in contract-id ranges. Each refresh and rebuild also
 * re-folds the customers' rows of signed_customers (src/readmodels/signed-customers.ts) and moves the contracts'
 * commission cells (src/readmodels/commission-cells.ts).
 */
import { sql } from "kysely";
import { type CashFacts, cashFacts } from "../cash/cash-facts";
import type { DbOrTx } from "../db/tx";
import { rebuildCommissionCells, recreditAround } from "./commission-cells";
import { inChunks, inRanges, keyCond, type Keys } from "./id-range";
import { rebuildSignedCustomers, refreshSignedCustomersOf } from "./signed-customers";

const TABLES = ["contract_cash", "instalment_open", "payment_counted"] as const;

/** Inserts rows in statements of at most 500 rows (SQLite's bind-parameter limit). */
async function insertRows(tx: DbOrTx, table: (typeof TABLES)[number], rows: Record<string, number | null>[]) {
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto(table)
      .values(rows.slice(i, i + 500) as never)
      .execute();
}

async function fill(tx: DbOrTx, k: Keys, tz: string): Promise<void> {
  for (const t of TABLES) await sql`delete from ${sql.table(t)} where ${keyCond("contract_id", k)}`.execute(tx);
  const [contracts, sched, pays] = await Promise.all([
    sql<{ id: number; amount_fen: number; signed_at: number }>`select id, amount_fen, signed_at from contracts where ${keyCond("id", k)}`.execute(tx),
    sql<{ contract_id: number; seq: number; due_date: string; amount_fen: number }>`select contract_id, seq, due_date, amount_fen
      from payment_schedule where ${keyCond("contract_id", k)}`.execute(tx),
    sql<{ id: number; contract_id: number; received_at: number; amount_fen: number }>`select id, contract_id, received_at, amount_fen
      from payments where ${keyCond("contract_id", k)}`.execute(tx),
  ]);
  const schedOf = new Map<number, Array<{ seq: number; dueDate: string; amountFen: number }>>();
  for (const s of sched.rows) {
    const id = Number(s.contract_id);
    const list = schedOf.get(id) ?? [];
    list.push({ seq: Number(s.seq), dueDate: s.due_date, amountFen: Number(s.amount_fen) });
    schedOf.set(id, list);
  }
  const paysOf = new Map<number, Array<{ id: number; receivedAt: number; amountFen: number }>>();
  for (const p of pays.rows) {
    const id = Number(p.contract_id);
    const list = paysOf.get(id) ?? [];
    list.push({ id: Number(p.id), receivedAt: Number(p.received_at), amountFen: Number(p.amount_fen) });
    paysOf.set(id, list);
  }
  const facts: CashFacts[] = contracts.rows.map((c) =>
    cashFacts(
      { id: Number(c.id), amountFen: Number(c.amount_fen), signedAt: Number(c.signed_at) },
      schedOf.get(Number(c.id)) ?? [],
      paysOf.get(Number(c.id)) ?? [],
      tz,
    ),
  );
  await insertRows(
    tx,
    "contract_cash",
    facts.map((f) => ({ ...f.contract })),
  );
  await insertRows(
    tx,
    "instalment_open",
    facts.flatMap((f) => f.open.map((r) => ({ ...r }))),
  );
  await insertRows(
    tx,
    "payment_counted",
    facts.flatMap((f) => f.counted.map((r) => ({ ...r }))),
  );
}

/** Re-derives these contracts' rows, the signed_customers rows of their customers and their commission cells. */
export async function refreshContractCash(tx: DbOrTx, contractIds: Iterable<number>, tz: string): Promise<void> {
  await inChunks(contractIds, (k) =>
    recreditAround(tx, k, tz, async () => {
      await fill(tx, k, tz);
      await refreshSignedCustomersOf(tx, k);
    }),
  );
}

export async function rebuildContractCash(db: DbOrTx, tz: string, onProgress?: (done: number, total: number) => void): Promise<void> {
  for (const t of TABLES) await sql`delete from ${sql.table(t)}`.execute(db);
  await inRanges(db, "contracts", "id", 5_000, (k) => fill(db, k, tz), onProgress);
  await rebuildSignedCustomers(db);
  await rebuildCommissionCells(db, tz);
}
