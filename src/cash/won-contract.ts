/**
 * The contract a Won move records inline (MISSION C4, seed 002: 签订合同并支付足额首款): signed on or before today,
 * first payment received between signing and today and at least the configured share of the amount, and the
 * balance due on a date the user gives, after the first payment and not before today. Pure.
 */
import { AppError } from "../core/errors";

export interface WonContract {
  number: string;
  /** YYYY-MM-DD in the organisation's zone */
  signedAt: string;
  amountFen: number;
  firstPaymentFen: number;
  receivedAt: string;
  /** when the balance (amount − first payment) is due; required when there is a balance */
  balanceDueDate?: string | null;
}

export interface WonPolicy {
  /** the smallest first payment as a share of the contract amount, 0 … 1 (0.3 = 30 %) */
  minFirstPaymentShare: number;
}

export const DEFAULT_WON_POLICY: WonPolicy = { minFirstPaymentShare: 0.1 };

/** The smallest first payment the policy accepts for an amount, in whole fen (rounded up). */
export const minimumFirstPayment = (amountFen: number, p: WonPolicy): number => Math.ceil(amountFen * p.minFirstPaymentShare - 1e-9);

/** Throws the first rule the contract breaks; `today` is the organisation's local date. */
export function checkWonContract(c: WonContract, today: string, policy: WonPolicy): void {
  if (c.signedAt > today)
    throw new AppError("CONTRACT_SIGNED_IN_FUTURE", `the contract cannot be signed after today (${today})`, "contract.signedAt", { today });
  if (c.receivedAt < c.signedAt)
    throw new AppError("PAYMENT_BEFORE_SIGNING", `the first payment cannot be received before the contract was signed (${c.signedAt})`, "contract.receivedAt", {
      signedAt: c.signedAt,
    });
  if (c.receivedAt > today)
    throw new AppError("PAYMENT_IN_FUTURE", `the first payment cannot be received after today (${today})`, "contract.receivedAt", { today });
  if (c.firstPaymentFen > c.amountFen)
    throw new AppError("FIRST_PAYMENT_EXCEEDS_AMOUNT", "the first payment exceeds the contract amount", "contract.firstPaymentFen", { amountFen: c.amountFen });
  const minimumFen = minimumFirstPayment(c.amountFen, policy);
  if (c.firstPaymentFen < Math.max(1, minimumFen))
    throw new AppError(
      "FIRST_PAYMENT_TOO_SMALL",
      `the first payment must be at least ${Math.round(policy.minFirstPaymentShare * 1000) / 10} % of the amount`,
      "contract.firstPaymentFen",
      { minimumFen: Math.max(1, minimumFen), share: policy.minFirstPaymentShare },
    );
  if (c.firstPaymentFen === c.amountFen) return;
  if (!c.balanceDueDate)
    throw new AppError("BALANCE_DUE_DATE_REQUIRED", "give the date the balance is due", "contract.balanceDueDate", {
      balanceFen: c.amountFen - c.firstPaymentFen,
    });
  if (c.balanceDueDate <= c.receivedAt || c.balanceDueDate < today)
    throw new AppError(
      "BALANCE_DUE_TOO_EARLY",
      `the balance must fall due after the first payment and not before today (${today})`,
      "contract.balanceDueDate",
      { today, receivedAt: c.receivedAt },
    );
}

/** The schedule the contract gets: the first payment, then the balance on its due date. */
export function wonSchedule(c: WonContract): Array<{ seq: number; dueDate: string; amountFen: number }> {
  const out = [{ seq: 1, dueDate: c.receivedAt, amountFen: c.firstPaymentFen }];
  if (c.amountFen > c.firstPaymentFen) out.push({ seq: 2, dueDate: c.balanceDueDate!, amountFen: c.amountFen - c.firstPaymentFen });
  return out;
}
