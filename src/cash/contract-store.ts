/** Contracts with their payment schedule, and payments received — each write with its audit row in one transaction. */
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { audit } from "../audit/log";
import { AppError, invalid, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { inTx } from "../db/tx";

export interface NewContract {
  customerId: number; opportunityId?: number | null; number: string; signedDate: string; amountFen: number;
  schedule: Array<{ dueDate: string; amountFen: number }>;
}

/** Creates a contract on a visible customer (and optionally one of its visible opportunities); `signedAt` is the signing day's start. */
export async function createContract(db: Db, viewer: Viewer, b: NewContract, signedAt: number, now: number): Promise<number> {
  return inTx(db, async (tx) => {
    const cust = await tx.selectFrom("customers as c").select("c.id").where("c.id", "=", b.customerId).where(visible(viewer, "c.owner_id", "c.id", "customer")).executeTakeFirst();
    if (!cust) throw notFound("customer");
    if (b.opportunityId) {
      const o = await tx.selectFrom("opportunities as o").select(["o.id", "o.customer_id"]).where("o.id", "=", b.opportunityId)
        .where(visible(viewer, "o.owner_id", "o.id", "opportunity")).executeTakeFirst();
      if (!o) throw notFound("opportunity");
      if (o.customer_id !== b.customerId) throw invalid("opportunityId", "the opportunity belongs to another customer");
    }
    if (await tx.selectFrom("contracts").select("id").where("number", "=", b.number).executeTakeFirst())
      throw new AppError("DUPLICATE", `contract number ${b.number} is taken`, "number");
    const { id } = await tx.insertInto("contracts").values({
      opportunity_id: b.opportunityId ?? null, customer_id: b.customerId, number: b.number, signed_at: signedAt,
      amount_fen: b.amountFen, created_by: viewer.id, created_at: now,
    }).returning("id").executeTakeFirstOrThrow();
    const sched = [...b.schedule].sort((x, y) => x.dueDate.localeCompare(y.dueDate));
    if (sched.length) await tx.insertInto("payment_schedule").values(sched.map((s, i) => ({ contract_id: id, seq: i + 1, due_date: s.dueDate, amount_fen: s.amountFen }))).execute();
    await audit(tx, viewer.id, "contract", id, "create", { ...b }, now);
    return id;
  });
}

/** Records a payment (negative for a refund) on a contract the caller has checked is visible. */
export async function recordPayment(
  db: Db, viewer: Viewer, contractId: number, receivedAt: number, p: { receivedDate: string; amountFen: number; note?: string | null }, now: number,
): Promise<number> {
  return inTx(db, async (tx) => {
    const { id } = await tx.insertInto("payments").values({ contract_id: contractId, received_at: receivedAt, amount_fen: p.amountFen, note: p.note ?? null, created_by: viewer.id })
      .returning("id").executeTakeFirstOrThrow();
    await audit(tx, viewer.id, "payment", id, "create", { contractId, ...p }, now);
    return id;
  });
}
