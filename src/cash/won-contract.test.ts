import { describe, expect, test } from "vitest";
import type { AppError } from "../core/errors";
import { checkWonContract, minimumFirstPayment, type WonContract, wonSchedule } from "./won-contract";

const today = "2026-06-15";
const policy = { minFirstPaymentShare: 0.3 };
// ¥300万 contract signed yesterday, ¥90万 (30 %) received today, balance ¥210万 due in a month.
const ok: WonContract = {
  number: "HT-1",
  signedAt: "2026-06-14",
  amountFen: 300_000_000,
  firstPaymentFen: 90_000_000,
  receivedAt: "2026-06-15",
  balanceDueDate: "2026-07-15",
};
const err = (c: Partial<WonContract>, p = policy) => {
  try {
    checkWonContract({ ...ok, ...c }, today, p);
    return null;
  } catch (e) {
    return { code: (e as AppError).code, field: (e as AppError).field };
  }
};

describe("the Won move's inline contract", () => {
  test("a contract signed yesterday with 30 % received today and the balance due next month passes", () => {
    expect(err({})).toBeNull();
  });
  test("signing and payment dates: signed ≤ today, signed ≤ received ≤ today", () => {
    expect(err({ signedAt: "2026-06-16" })).toEqual({ code: "CONTRACT_SIGNED_IN_FUTURE", field: "contract.signedAt" });
    expect(err({ signedAt: "2026-06-15" })).toBeNull();
    expect(err({ receivedAt: "2026-06-13" })).toEqual({ code: "PAYMENT_BEFORE_SIGNING", field: "contract.receivedAt" });
    expect(err({ receivedAt: "2026-06-14" })).toBeNull();
    expect(err({ receivedAt: "2026-06-16", balanceDueDate: "2026-07-15" })).toEqual({ code: "PAYMENT_IN_FUTURE", field: "contract.receivedAt" });
  });
  test("the first payment: at least the minimum share, at most the amount; a 1-fen first payment is refused", () => {
    expect(err({ firstPaymentFen: 1 })).toEqual({ code: "FIRST_PAYMENT_TOO_SMALL", field: "contract.firstPaymentFen" });
    expect(err({ firstPaymentFen: 89_999_999 })).toEqual({ code: "FIRST_PAYMENT_TOO_SMALL", field: "contract.firstPaymentFen" });
    expect(err({ firstPaymentFen: 300_000_001 })).toEqual({ code: "FIRST_PAYMENT_EXCEEDS_AMOUNT", field: "contract.firstPaymentFen" });
    expect(err({ firstPaymentFen: 300_000_000, balanceDueDate: null })).toBeNull();
    // a zero share still needs a payment of at least 1 fen
    expect(err({ firstPaymentFen: 0 }, { minFirstPaymentShare: 0 })).toEqual({ code: "FIRST_PAYMENT_TOO_SMALL", field: "contract.firstPaymentFen" });
    expect(err({ firstPaymentFen: 1 }, { minFirstPaymentShare: 0 })).toBeNull();
  });
  test("the minimum is rounded up to whole fen: 10 % of ¥0.05 is 1 fen", () => {
    expect(minimumFirstPayment(5, { minFirstPaymentShare: 0.1 })).toBe(1);
    expect(minimumFirstPayment(300_000_000, { minFirstPaymentShare: 0.3 })).toBe(90_000_000);
    expect(minimumFirstPayment(1001, { minFirstPaymentShare: 0.1 })).toBe(101);
  });
  test("the balance needs a due date after the first payment and not before today", () => {
    expect(err({ balanceDueDate: null })).toEqual({ code: "BALANCE_DUE_DATE_REQUIRED", field: "contract.balanceDueDate" });
    expect(err({ balanceDueDate: "2026-06-15" })).toEqual({ code: "BALANCE_DUE_TOO_EARLY", field: "contract.balanceDueDate" });
    expect(err({ receivedAt: "2026-06-14", balanceDueDate: "2026-06-14" })).toEqual({ code: "BALANCE_DUE_TOO_EARLY", field: "contract.balanceDueDate" });
    expect(err({ signedAt: "2026-06-01", receivedAt: "2026-06-02", balanceDueDate: "2026-06-10" })).toEqual({
      code: "BALANCE_DUE_TOO_EARLY",
      field: "contract.balanceDueDate",
    });
    expect(err({ signedAt: "2026-06-01", receivedAt: "2026-06-02", balanceDueDate: "2026-06-15" })).toBeNull();
    expect(err({ balanceDueDate: "2026-06-16" })).toBeNull();
  });
  test("the schedule: the first payment on its date, the balance on the date given", () => {
    expect(wonSchedule(ok)).toEqual([
      { seq: 1, dueDate: "2026-06-15", amountFen: 90_000_000 },
      { seq: 2, dueDate: "2026-07-15", amountFen: 210_000_000 },
    ]);
    expect(wonSchedule({ ...ok, firstPaymentFen: 300_000_000 })).toEqual([{ seq: 1, dueDate: "2026-06-15", amountFen: 300_000_000 }]);
  });
});

describe("what a refused Won contract tells the user", () => {
  const refusal = (c: Partial<WonContract>, p = policy) => {
    try {
      checkWonContract({ ...ok, ...c }, today, p);
      return null;
    } catch (e) {
      const a = e as AppError;
      return { message: a.message, details: a.details };
    }
  };
  test("each rule's message names the date or share, and its details carry the values a form shows", () => {
    expect(refusal({ signedAt: "2026-06-16" })).toEqual({ message: "the contract cannot be signed after today (2026-06-15)", details: { today } });
    expect(refusal({ receivedAt: "2026-06-13" })).toEqual({
      message: "the first payment cannot be received before the contract was signed (2026-06-14)",
      details: { signedAt: "2026-06-14" },
    });
    expect(refusal({ receivedAt: "2026-06-16" })).toEqual({ message: "the first payment cannot be received after today (2026-06-15)", details: { today } });
    expect(refusal({ firstPaymentFen: 300_000_001 })).toEqual({
      message: "the first payment exceeds the contract amount",
      details: { amountFen: 300_000_000 },
    });
    // 30 % of ¥300万 is ¥90万; 12.5 % is shown with one decimal
    expect(refusal({ firstPaymentFen: 1 })).toEqual({
      message: "the first payment must be at least 30 % of the amount",
      details: { minimumFen: 90_000_000, share: 0.3 },
    });
    expect(refusal({ firstPaymentFen: 1 }, { minFirstPaymentShare: 0.125 })).toEqual({
      message: "the first payment must be at least 12.5 % of the amount",
      details: { minimumFen: 37_500_000, share: 0.125 },
    });
    expect(refusal({ firstPaymentFen: 0 }, { minFirstPaymentShare: 0 })).toEqual({
      message: "the first payment must be at least 0 % of the amount",
      details: { minimumFen: 1, share: 0 },
    });
    expect(refusal({ balanceDueDate: null })).toEqual({ message: "give the date the balance is due", details: { balanceFen: 210_000_000 } });
    expect(refusal({ balanceDueDate: "2026-06-15" })).toEqual({
      message: "the balance must fall due after the first payment and not before today (2026-06-15)",
      details: { today, receivedAt: "2026-06-15" },
    });
  });
  test("a minimum that is a whole number of fen is not rounded up: 10 % of ¥100 is exactly ¥10", () => {
    expect(minimumFirstPayment(10_000, { minFirstPaymentShare: 0.1 })).toBe(1_000);
    expect(err({ amountFen: 10_000, firstPaymentFen: 1_000 }, { minFirstPaymentShare: 0.1 })).toBeNull();
    expect(err({ amountFen: 10_000, firstPaymentFen: 999 }, { minFirstPaymentShare: 0.1 })).toEqual({
      code: "FIRST_PAYMENT_TOO_SMALL",
      field: "contract.firstPaymentFen",
    });
  });
});
