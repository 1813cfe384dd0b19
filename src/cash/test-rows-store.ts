/** Raw contract and payment rows for tests that set cash state up below the API (the cash export filters). */
import type { DbOrTx } from "../db/tx";

export interface PaidContractRow {
  opportunityId: number | null;
  customerId: number;
  number: string;
  /** signed and created at this instant, and the payment received at it */
  at: number;
  amountFen: number;
  createdBy: number;
  paidFen: number;
  note?: string | null;
}

/** Inserts a contract with no schedule and one payment against it; returns the contract's id. */
export async function insertPaidContract(db: DbOrTx, k: PaidContractRow): Promise<number> {
  const r = await db
    .insertInto("contracts")
    .values({
      opportunity_id: k.opportunityId,
      customer_id: k.customerId,
      number: k.number,
      signed_at: k.at,
      amount_fen: k.amountFen,
      created_by: k.createdBy,
      created_at: k.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("payments")
    .values({ contract_id: r.id, received_at: k.at, amount_fen: k.paidFen, note: k.note ?? null, created_by: k.createdBy })
    .execute();
  return Number(r.id);
}
