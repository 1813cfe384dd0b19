/**
 * Payments against a contract's schedule: which instalments are paid and when, and from that the seed's
 * statuses — signed (签约客户: contract + full first payment) and qualified signed (合格签约客户: every
 * instalment received by its due date).
 */
import { localDate } from "../core/dates";

export interface Instalment {
  seq: number;
  dueDate: string;
  amountFen: number;
}
export interface Payment {
  receivedAt: number;
  amountFen: number;
}

export interface InstalmentState extends Instalment {
  paidFen: number;
  outstandingFen: number;
  /** when the instalment became fully paid; null while not */
  paidAt: number | null;
  /** paid in full on or before its due date (local date); null while unpaid and not yet due */
  onTime: boolean | null;
}

/** A contract without a schedule is one instalment of its whole amount, due on the day it was signed. */
export function effectiveSchedule(schedule: readonly Instalment[], amountFen: number, signedAt: number, tz: string): Instalment[] {
  if (schedule.length) return [...schedule].sort((a, b) => a.seq - b.seq);
  return [{ seq: 1, dueDate: localDate(signedAt, tz), amountFen }];
}

/** Payments are applied oldest first to the earliest unpaid instalment; only payments before `asOf` count. */
export function allocate(schedule: readonly Instalment[], payments: readonly Payment[], tz: string, today: string, asOf = Infinity): InstalmentState[] {
  const states: InstalmentState[] = [...schedule]
    .sort((a, b) => a.seq - b.seq)
    .map((i) => ({ ...i, paidFen: 0, outstandingFen: i.amountFen, paidAt: null, onTime: null }));
  let k = 0;
  for (const p of [...payments].filter((p) => p.receivedAt < asOf).sort((a, b) => a.receivedAt - b.receivedAt)) {
    let left = p.amountFen;
    while (left > 0 && k < states.length) {
      const s = states[k];
      const take = Math.min(left, s.outstandingFen);
      s.paidFen += take;
      s.outstandingFen -= take;
      left -= take;
      if (s.outstandingFen === 0) {
        s.paidAt = p.receivedAt;
        k++;
      }
    }
  }
  for (const s of states) {
    if (s.paidAt !== null) s.onTime = localDate(s.paidAt, tz) <= s.dueDate;
    else if (s.dueDate < today) s.onTime = false;
  }
  return states;
}

export interface ContractStatus {
  /** first instalment fully received */
  signed: boolean;
  signedAt: number | null;
  /** every instalment fully received, each by its due date */
  qualified: boolean;
  fullyPaid: boolean;
  /** some instalment is paid late or is past due and unpaid */
  late: boolean;
  collectedFen: number;
  outstandingFen: number;
  instalments: InstalmentState[];
}

export function contractStatus(
  c: { amountFen: number; signedAt: number },
  schedule: readonly Instalment[],
  payments: readonly Payment[],
  tz: string,
  today: string,
): ContractStatus {
  const instalments = allocate(effectiveSchedule(schedule, c.amountFen, c.signedAt, tz), payments, tz, today);
  const first = instalments[0];
  const fullyPaid = instalments.every((i) => i.outstandingFen === 0);
  const late = instalments.some((i) => i.onTime === false);
  return {
    signed: first ? first.outstandingFen === 0 : false,
    signedAt: first?.paidAt ?? null,
    qualified: fullyPaid && !late,
    fullyPaid,
    late,
    collectedFen: instalments.reduce((s, i) => s + i.paidFen, 0),
    outstandingFen: instalments.reduce((s, i) => s + i.outstandingFen, 0),
    instalments,
  };
}

export type CustomerSignStatus = "none" | "contracted" | "signed" | "qualified";

/**
 * A customer is signed once any contract has its first payment in full, and qualified signed once at least
 * one contract was paid in full on time and none of its contracts is late.
 */
export function customerSignStatus(contracts: readonly ContractStatus[]): CustomerSignStatus {
  if (contracts.length === 0) return "none";
  if (!contracts.some((c) => c.signed)) return "contracted";
  if (contracts.some((c) => c.qualified) && !contracts.some((c) => c.late)) return "qualified";
  return "signed";
}
