import { expect, test } from "vitest";
import { dateStart } from "../core/dates";
import { allocate, contractStatus, customerSignStatus } from "./collections";

const SH = "Asia/Shanghai";
const at = (date: string, hour = 10) => dateStart(date, SH) + hour * 3_600_000;
const W = 1_000_000; // 1万 in fen

// A 100万 contract signed 2026-03-01: 30万 due 03-10, 40万 due 04-30, 30万 due 06-30.
const schedule = [
  { seq: 1, dueDate: "2026-03-10", amountFen: 30 * W },
  { seq: 2, dueDate: "2026-04-30", amountFen: 40 * W },
  { seq: 3, dueDate: "2026-06-30", amountFen: 30 * W },
];
const contract = { amountFen: 100 * W, signedAt: at("2026-03-01") };

test("a partial first payment does not make a signed customer; completing it does", () => {
  const partial = contractStatus(contract, schedule, [{ receivedAt: at("2026-03-05"), amountFen: 20 * W }], SH, "2026-03-06");
  expect(partial.signed).toBe(false);
  expect(partial.instalments[0]).toMatchObject({ paidFen: 20 * W, outstandingFen: 10 * W, paidAt: null, onTime: null });
  const full = contractStatus(
    contract,
    schedule,
    [
      { receivedAt: at("2026-03-05"), amountFen: 20 * W },
      { receivedAt: at("2026-03-09"), amountFen: 10 * W },
    ],
    SH,
    "2026-03-10",
  );
  expect(full.signed).toBe(true);
  expect(full.signedAt).toBe(at("2026-03-09"));
  expect(full.qualified).toBe(false); // two instalments still to come
  expect(customerSignStatus([full])).toBe("signed");
});

test("every instalment paid by its due date makes a qualified signed customer", () => {
  const s = contractStatus(
    contract,
    schedule,
    [
      { receivedAt: at("2026-03-10", 23), amountFen: 30 * W }, // 23:00 Shanghai on the due date still counts
      { receivedAt: at("2026-04-20"), amountFen: 70 * W }, // pays instalments 2 and 3 early
    ],
    SH,
    "2026-07-01",
  );
  expect(s.instalments.map((i) => i.onTime)).toEqual([true, true, true]);
  expect(s.qualified).toBe(true);
  expect(s.collectedFen).toBe(100 * W);
  expect(customerSignStatus([s])).toBe("qualified");
});

test("one late instalment keeps the customer merely signed", () => {
  const s = contractStatus(
    contract,
    schedule,
    [
      { receivedAt: at("2026-03-08"), amountFen: 30 * W },
      { receivedAt: at("2026-05-03"), amountFen: 40 * W }, // 3 days late
      { receivedAt: at("2026-06-30"), amountFen: 30 * W },
    ],
    SH,
    "2026-07-01",
  );
  expect(s.instalments.map((i) => i.onTime)).toEqual([true, false, true]);
  expect(s.fullyPaid).toBe(true);
  expect(s.qualified).toBe(false);
  expect(s.late).toBe(true);
  expect(customerSignStatus([s])).toBe("signed");
});

test("an unpaid instalment past its due date is late; a contract without payments is only contracted", () => {
  const none = contractStatus(contract, schedule, [], SH, "2026-03-11");
  expect(none.instalments[0].onTime).toBe(false);
  expect(customerSignStatus([none])).toBe("contracted");
  expect(customerSignStatus([])).toBe("none");
});

test("a contract without a schedule is due in full on the day it was signed", () => {
  const s = contractStatus(contract, [], [{ receivedAt: at("2026-03-01", 18), amountFen: 100 * W }], SH, "2026-03-02");
  expect(s.instalments).toHaveLength(1);
  expect(s.qualified).toBe(true);
});

test("payments after the as-of instant are ignored", () => {
  const st = allocate(
    schedule,
    [
      { receivedAt: at("2026-03-05"), amountFen: 30 * W },
      { receivedAt: at("2026-05-01"), amountFen: 40 * W },
    ],
    SH,
    "2026-04-01",
    at("2026-04-01"),
  );
  expect(st.map((i) => i.paidFen)).toEqual([30 * W, 0, 0]);
});
