/** Lead-to-cash SQL: quotes, contracts, schedules and payments, and the evidence the Won gate asks for. */
import type { Db } from "../db/connect";
import type { DbOrTx } from "../db/tx";
import { visible } from "../access/visible";
import type { Viewer } from "../access/viewer";
import type { Instalment, Payment } from "./collections";
import { effectiveSchedule, allocate } from "./collections";
import { localDate } from "../core/dates";
import { type FilterColumns, filterConditions } from "../access/filters";
import { sql } from "kysely";

/**
 * What the opportunity workflow's Won gate needs (C4: 合同签订, 收到足额首款): a contract recorded for the
 * opportunity, and its first instalment received in full. Called by the opportunity code.
 */
export async function wonEvidence(db: DbOrTx, opportunityId: number): Promise<{ contractSigned: boolean; firstPaymentReceived: boolean }> {
  const contracts = await db.selectFrom("contracts").select(["id", "amount_fen", "signed_at"]).where("opportunity_id", "=", opportunityId).execute();
  if (contracts.length === 0) return { contractSigned: false, firstPaymentReceived: false };
  const ids = contracts.map((c) => c.id);
  const [schedules, payments] = await Promise.all([
    db.selectFrom("payment_schedule").select(["contract_id", "seq", "due_date", "amount_fen"]).where("contract_id", "in", ids).execute(),
    db.selectFrom("payments").select(["contract_id", "received_at", "amount_fen"]).where("contract_id", "in", ids).execute(),
  ]);
  const firstPaymentReceived = contracts.some((c) => {
    // the time zone only decides due dates, which do not matter for "is the first instalment paid"
    const sched = effectiveSchedule(schedules.filter((s) => s.contract_id === c.id).map(toInstalment), c.amount_fen, c.signed_at, "UTC");
    const st = allocate(sched, payments.filter((p) => p.contract_id === c.id).map(toPayment), "UTC", "9999-12-31");
    return st.length > 0 && st[0].outstandingFen === 0;
  });
  return { contractSigned: true, firstPaymentReceived };
}

export const toInstalment = (s: { seq: number; due_date: string; amount_fen: number }): Instalment => ({
  seq: s.seq,
  dueDate: s.due_date,
  amountFen: Number(s.amount_fen),
});
export const toPayment = (p: { received_at: number; amount_fen: number }): Payment => ({ receivedAt: Number(p.received_at), amountFen: Number(p.amount_fen) });

export interface ContractBundle {
  id: number;
  number: string;
  opportunityId: number | null;
  customerId: number;
  customerName: string;
  ownerId: number;
  signedAt: number;
  amountFen: number;
  version: number;
  schedule: Instalment[];
  payments: Array<Payment & { id: number; note: string | null }>;
}

export interface ContractFilter {
  customer?: number;
  opportunity?: number;
  owner?: number;
  team?: number;
  id?: number;
  signedBefore?: number;
}

/** Contracts (k) the viewer may see through their customer (c), with the contract's deal (o, when there is one): GET /contracts and the export. */
export const visibleContracts = (db: DbOrTx, viewer: Viewer) =>
  db
    .selectFrom("contracts as k")
    .innerJoin("customers as c", "c.id", "k.customer_id")
    .leftJoin("opportunities as o", "o.id", "k.opportunity_id")
    .where(visible(viewer, "c.owner_id", "c.id", "customer"));

/** The contract's owner: its deal's owner, else its customer's (loadContracts, the cash reports and the export agree). */
export const contractOwner = sql<number>`coalesce(o.owner_id, c.owner_id)`;

/**
 * Where the shared filters live in a query over visibleContracts: owner and team mean the contract's owner
 * (contractOwner), the product filter looks at the contract's line items (its deal's lines).
 */
export const CONTRACT_FILTER_COLUMNS: FilterColumns = { owner: contractOwner, customer: "c.id", opportunity: "k.opportunity_id" };

/**
 * Contracts the viewer may see (through the customer's owner, or the opportunity's owner when there is one),
 * with their schedules and payments. The contract's owner is the opportunity's owner, else the customer's.
 */
export async function loadContracts(db: Db, viewer: Viewer, f: ContractFilter): Promise<ContractBundle[]> {
  let q = visibleContracts(db, viewer).select([
    "k.id",
    "k.number",
    "k.opportunity_id",
    "k.customer_id",
    "c.name as customer_name",
    "k.signed_at",
    "k.amount_fen",
    "k.version",
    (eb) => eb.fn.coalesce("o.owner_id", "c.owner_id").as("owner_id"),
  ]);
  if (f.id) q = q.where("k.id", "=", f.id);
  if (f.customer) q = q.where("k.customer_id", "=", f.customer);
  if (f.opportunity) q = q.where("k.opportunity_id", "=", f.opportunity);
  if (f.signedBefore) q = q.where("k.signed_at", "<", f.signedBefore);
  for (const cond of filterConditions({ owner: f.owner, team: f.team }, CONTRACT_FILTER_COLUMNS)) q = q.where(cond);
  const rows = await q.orderBy("k.id").execute();
  if (rows.length === 0) return [];
  const out: ContractBundle[] = rows.map((r) => ({
    id: r.id,
    number: r.number,
    opportunityId: r.opportunity_id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    ownerId: Number(r.owner_id),
    signedAt: Number(r.signed_at),
    amountFen: Number(r.amount_fen),
    version: r.version,
    schedule: [],
    payments: [],
  }));
  const byId = new Map(out.map((c) => [c.id, c]));
  // chunks keep the IN lists within SQLite's parameter limit
  for (let i = 0; i < out.length; i += 5_000) {
    const ids = out.slice(i, i + 5_000).map((c) => c.id);
    const [sched, pays] = await Promise.all([
      db.selectFrom("payment_schedule").select(["contract_id", "seq", "due_date", "amount_fen"]).where("contract_id", "in", ids).orderBy("seq").execute(),
      db
        .selectFrom("payments")
        .select(["id", "contract_id", "received_at", "amount_fen", "note"])
        .where("contract_id", "in", ids)
        .orderBy("received_at")
        .execute(),
    ]);
    for (const s of sched) byId.get(s.contract_id)!.schedule.push(toInstalment(s));
    for (const p of pays) byId.get(p.contract_id)!.payments.push({ ...toPayment(p), id: p.id, note: p.note });
  }
  return out;
}

/** Today's local date in the organisation's zone. */
export const todayIn = (now: number, tz: string) => localDate(now, tz);
