/**
 * The cash read model's rows for one contract (issue 10), pure: what the cash reports need from its schedule and
 * payments, computed once per write instead of per report. Local dates are the organisation zone's (exact across
 * daylight-saving changes), payments apply oldest first (ties by id) as collections.ts allocates them.
 * - contract facts: collected, outstanding, signed (first instalment paid in full), fully paid, any instalment paid
 *   after its due date, the earliest due day of an unpaid instalment (late once it is before today);
 * - each unpaid instalment's open fen and due day (receivables ageing);
 * - each payment's commissionable fen: the part of the running total (refunds included) it moves inside
 *   [0, contract amount] (commission.ts), when not zero.
 */
import { DAY_MS } from "../core/dates";
import { allocate, effectiveSchedule, type Instalment } from "./collections";

/** Day number (days since 1970-01-01) of an ISO date string. */
export const isoDay = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / DAY_MS;

export interface CashContract {
  id: number;
  amountFen: number;
  signedAt: number;
}
export interface CashPayment {
  id: number;
  receivedAt: number;
  amountFen: number;
}

export interface ContractCashRow {
  contract_id: number;
  collected_fen: number;
  outstanding_fen: number;
  signed: number;
  fully_paid: number;
  paid_late: number;
  open_due_day: number | null;
}
export interface OpenInstalmentRow {
  contract_id: number;
  seq: number;
  due_day: number;
  open_fen: number;
}
export interface CountedPaymentRow {
  payment_id: number;
  contract_id: number;
  received_at: number;
  counted_fen: number;
}

export interface CashFacts {
  contract: ContractCashRow;
  open: OpenInstalmentRow[];
  counted: CountedPaymentRow[];
}

export function cashFacts(c: CashContract, schedule: readonly Instalment[], payments: readonly CashPayment[], tz: string): CashFacts {
  const ordered = [...payments].sort((a, b) => a.receivedAt - b.receivedAt || a.id - b.id);
  // "today" only decides onTime for unpaid instalments, which the facts keep as a due day instead
  const states = allocate(effectiveSchedule(schedule, c.amountFen, c.signedAt, tz), ordered, tz, "0000-01-01");
  const open = states.filter((s) => s.outstandingFen > 0);
  const counted: CountedPaymentRow[] = [];
  let run = 0;
  for (const p of ordered) {
    const before = run;
    run += p.amountFen;
    const n = Math.min(c.amountFen, Math.max(0, run)) - Math.min(c.amountFen, Math.max(0, before));
    if (n !== 0) counted.push({ payment_id: p.id, contract_id: c.id, received_at: p.receivedAt, counted_fen: n });
  }
  return {
    contract: {
      contract_id: c.id,
      collected_fen: states.reduce((s, i) => s + i.paidFen, 0),
      outstanding_fen: states.reduce((s, i) => s + i.outstandingFen, 0),
      signed: states.length > 0 && states[0].outstandingFen === 0 ? 1 : 0,
      fully_paid: open.length === 0 ? 1 : 0,
      paid_late: states.some((s) => s.onTime === false) ? 1 : 0,
      open_due_day: open.length ? Math.min(...open.map((s) => isoDay(s.dueDate))) : null,
    },
    open: open.map((s) => ({ contract_id: c.id, seq: s.seq, due_day: isoDay(s.dueDate), open_fen: s.outstandingFen })),
    counted,
  };
}
