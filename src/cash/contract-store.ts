/**
 * Contracts with their payment schedule, and payments received — each write checked by the cash rules
 * (cash-rules.ts) and written with its audit row in one transaction. The `…InTx` forms run inside a caller's
 * transaction (the import), so every path passes the same rules.
 */
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { audit } from "../audit/log";
import { dateStart, localDate } from "../core/dates";
import { AppError, invalid, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { inTx, type Tx } from "../db/tx";
import { contractsChanged } from "../readmodels/maintain";
import { checkContract, checkPayment, paymentInstant } from "./cash-rules";

export interface NewContract {
  customerId: number;
  opportunityId?: number | null;
  number: string;
  signedDate: string;
  amountFen: number;
  schedule: Array<{ dueDate: string; amountFen: number }>;
  /** when the record was created in another system (an import); default now */
  createdAt?: number;
}

/** Creates a contract on a visible customer (and optionally one of its visible opportunities), signed at the signing day's start. */
export async function createContract(db: Db, viewer: Viewer, b: NewContract, now: number, tz: string): Promise<number> {
  return inTx(db, (tx) => createContractInTx(tx, viewer, b, now, tz));
}

export async function createContractInTx(
  tx: Tx,
  viewer: Viewer,
  b: NewContract,
  now: number,
  tz: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  checkContract(b, localDate(now, tz));
  const cust = await tx
    .selectFrom("customers as c")
    .select("c.id")
    .where("c.id", "=", b.customerId)
    .where(visible(viewer, "c.owner_id", "c.id", "customer"))
    .executeTakeFirst();
  if (!cust) throw notFound("customer");
  if (b.opportunityId) {
    const o = await tx
      .selectFrom("opportunities as o")
      .select(["o.id", "o.customer_id"])
      .where("o.id", "=", b.opportunityId)
      .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
      .executeTakeFirst();
    if (!o) throw notFound("opportunity");
    if (o.customer_id !== b.customerId) throw invalid("opportunityId", "the opportunity belongs to another customer");
  }
  if (await tx.selectFrom("contracts").select("id").where("number", "=", b.number).executeTakeFirst())
    throw new AppError("DUPLICATE", `contract number ${b.number} is taken`, "number");
  const { id } = await tx
    .insertInto("contracts")
    .values({
      opportunity_id: b.opportunityId ?? null,
      customer_id: b.customerId,
      number: b.number,
      signed_at: dateStart(b.signedDate, tz),
      amount_fen: b.amountFen,
      created_by: viewer.id,
      created_at: b.createdAt ?? now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const sched = [...b.schedule].sort((x, y) => x.dueDate.localeCompare(y.dueDate));
  if (sched.length)
    await tx
      .insertInto("payment_schedule")
      .values(sched.map((s, i) => ({ contract_id: id, seq: i + 1, due_date: s.dueDate, amount_fen: s.amountFen })))
      .execute();
  await contractsChanged(tx, [id], tz);
  await audit(tx, viewer.id, "contract", id, "create", { ...b, ...extra }, now);
  return id;
}

export interface NewPayment {
  receivedDate: string;
  amountFen: number;
  note?: string | null;
  externalId?: string | null;
}

/** Records a payment (negative for a refund) on a contract the viewer may see; returns its id. */
export async function recordPayment(db: Db, viewer: Viewer, contractId: number, p: NewPayment, now: number, tz: string): Promise<number> {
  return inTx(db, (tx) => recordPaymentInTx(tx, viewer, contractId, p, now, tz));
}

export async function recordPaymentInTx(
  tx: Tx,
  viewer: Viewer,
  contractId: number,
  p: NewPayment,
  now: number,
  tz: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const k = await tx
    .selectFrom("contracts as k")
    .innerJoin("customers as c", "c.id", "k.customer_id")
    .select(["k.id", "k.signed_at"])
    .where("k.id", "=", contractId)
    .where(visible(viewer, "c.owner_id", "c.id", "customer"))
    .executeTakeFirst();
  if (!k) throw notFound("contract");
  const today = localDate(now, tz);
  checkPayment(p, localDate(Number(k.signed_at), tz), today);
  const { id } = await tx
    .insertInto("payments")
    .values({
      contract_id: contractId,
      received_at: paymentInstant(p.receivedDate, today, now, tz),
      amount_fen: p.amountFen,
      note: p.note ?? null,
      created_by: viewer.id,
      ...(p.externalId ? { external_id: p.externalId } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await contractsChanged(tx, [contractId], tz);
  await audit(
    tx,
    viewer.id,
    "payment",
    id,
    "create",
    { contractId, receivedDate: p.receivedDate, amountFen: p.amountFen, note: p.note ?? null, ...extra },
    now,
  );
  return id;
}
