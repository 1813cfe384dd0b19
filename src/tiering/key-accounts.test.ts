import { expect, test } from "vitest";
import { keyAccountMatrix, signingBucket, stageOf } from "./key-accounts";

const f = (customerId: number, o: Partial<Parameters<typeof stageOf>[0]>) => ({
  customerId,
  signed: false,
  actualProfit: 0,
  expectedProfit: 0,
  maxOpenProbability: null,
  earliestClose: null,
  ...o,
});

test("funnel stage of a customer", () => {
  expect(stageOf(f(1, { signed: true }))).toBe("signed");
  expect(stageOf(f(1, {}))).toBe("market");
  expect(stageOf(f(1, { maxOpenProbability: 25 }))).toBe("prospect");
  expect(stageOf(f(1, { maxOpenProbability: 50 }))).toBe("target");
});

test("signing time buckets from 2026-06-15", () => {
  expect(signingBucket("2026-06-15", "2026-06-01")).toBe("overdue");
  expect(signingBucket("2026-06-15", "2026-07-10")).toBe("0-1m"); // 25 days
  expect(signingBucket("2026-06-15", "2026-08-20")).toBe("1-3m"); // 66 days = 2.2 months
  expect(signingBucket("2026-06-15", "2026-12-01")).toBe("3-6m"); // 169 days = 5.6 months
  expect(signingBucket("2026-06-15", "2027-03-01")).toBe("6m+");
  expect(signingBucket("2026-06-15", null)).toBe("unknown");
});

/*
 * Ten customers: 1–4 signed with actual profit 900, 500, 100, 0; 5–7 target (p ≥ 50) expecting 800, 300, 50;
 * 8–9 prospects (p < 50) expecting 400 and 20; 10 with nothing (market).
 * Profit ranks: 900 → 1, 800 → 2, 500 → 3, 400 → 4, 300 → 5, 100 → 6, 50 → 7, 20 → 8, 0 → 9 (twice)
 * High = ranks 1–2 (r − 1 < 0.2·10 = 2), medium = ranks 3–5 (r − 1 < 5), low = the rest and every profit ≤ 0.
 */
test("the matrix of ten customers", () => {
  const m = keyAccountMatrix(
    [
      f(1, { signed: true, actualProfit: 900 }),
      f(2, { signed: true, actualProfit: 500 }),
      f(3, { signed: true, actualProfit: 100 }),
      f(4, { signed: true, actualProfit: 0, expectedProfit: 999 }),
      f(5, { maxOpenProbability: 75, expectedProfit: 800, earliestClose: "2026-07-01" }),
      f(6, { maxOpenProbability: 50, expectedProfit: 300, earliestClose: "2026-09-01" }),
      f(7, { maxOpenProbability: 90, expectedProfit: 50, earliestClose: "2026-05-01" }),
      f(8, { maxOpenProbability: 10, expectedProfit: 400, earliestClose: "2027-06-01" }),
      f(9, { maxOpenProbability: 25, expectedProfit: 20 }),
      f(10, {}),
    ],
    "2026-06-15",
  );
  expect(m.places.map((p) => p.band)).toEqual(["high", "medium", "low", "low", "high", "medium", "low", "medium", "low", "low"]);
  expect(m.places[3]).toMatchObject({ profit: 0, profitKind: "actual", stage: "signed" }); // signed: actual, not expected
  const cell = (band: string, stage: string) => m.cells.find((c) => c.band === band && c.stage === stage)!;
  expect(cell("high", "signed")).toEqual({ band: "high", stage: "signed", customers: 1, profit: 900 });
  expect(cell("high", "target")).toMatchObject({ customers: 1, profit: 800 });
  expect(cell("medium", "prospect")).toMatchObject({ customers: 1, profit: 400 });
  expect(cell("low", "market")).toMatchObject({ customers: 1, profit: 0 });
  expect(m.signing.map((s) => [s.bucket, s.customers, s.expectedProfit])).toEqual([
    ["overdue", 1, 50],
    ["0-1m", 1, 800],
    ["1-3m", 1, 300],
    ["3-6m", 0, 0],
    ["6m+", 1, 400],
    ["unknown", 1, 20],
  ]);
});
