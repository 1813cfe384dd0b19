/**
 * The rules every contract and payment obeys, whichever path writes it (API, import): a contract is not signed
 * after today and its instalments add up to its amount and fall due on or after the signing; a payment is not
 * zero, not received before the contract was signed and not after today. Pure; `today` is the organisation's date.
 */
import { AppError, invalid } from "../core/errors";
import { dateStart } from "../core/dates";

export interface ContractTerms {
  signedDate: string;
  amountFen: number;
  schedule: ReadonlyArray<{ dueDate: string; amountFen: number }>;
}

/** Throws the first rule the contract breaks. */
export function checkContract(c: ContractTerms, today: string): void {
  if (c.signedDate > today)
    throw new AppError("CONTRACT_SIGNED_IN_FUTURE", `the contract cannot be signed after today (${today})`, "signedDate", undefined, { today });
  if (!(c.amountFen > 0)) throw invalid("amountFen", "the contract amount must be positive", { rule: "positive" });
  if (c.schedule.length === 0) return;
  if (c.schedule.some((i) => !(i.amountFen > 0))) throw invalid("schedule", "every instalment must be positive", { rule: "positive" });
  const sum = c.schedule.reduce((s, i) => s + i.amountFen, 0);
  if (sum !== c.amountFen) throw invalid("schedule", `the instalments must add up to the contract amount (${sum} ≠ ${c.amountFen} fen)`, { rule: "sum" });
  const early = c.schedule.find((i) => i.dueDate < c.signedDate);
  if (early)
    throw invalid("schedule", `an instalment cannot fall due (${early.dueDate}) before the contract is signed (${c.signedDate})`, { rule: "beforeSigning" });
}

/** Throws the first rule the payment breaks; a negative amount is a refund. */
export function checkPayment(p: { receivedDate: string; amountFen: number }, signedDate: string, today: string): void {
  if (p.amountFen === 0 || !Number.isInteger(p.amountFen)) throw invalid("amountFen", "a payment amount cannot be zero", { rule: "nonZero" });
  if (p.receivedDate < signedDate)
    throw new AppError("PAYMENT_BEFORE_SIGNING", `a payment cannot be received before the contract was signed (${signedDate})`, "receivedDate", undefined, {
      signedAt: signedDate,
    });
  if (p.receivedDate > today)
    throw new AppError("PAYMENT_IN_FUTURE", `a payment cannot be received after today (${today})`, "receivedDate", undefined, { today });
}

/** When a payment of `day` is stamped: now when it is today, else noon of that day in the organisation's zone. */
export const paymentInstant = (day: string, today: string, now: number, tz: string): number => (day === today ? now : dateStart(day, tz) + 12 * 3_600_000);
