import { expect, test } from "vitest";
import { DAYS_PER_MONTH, velocityPerDay, whatIf } from "./velocity";

// Worked by hand: 50 open deals, 20 % win rate, average won deal 3万 (3,000,000 fen), 60-day cycle.
// velocity = 50 × 0.2 × 3,000,000 / 60 = 500,000 fen a day (¥5,000); a month of 30.4375 days = 15,218,750 fen;
// a 90-day quarter = 45,000,000 fen (¥45万).
const base = { openCount: 50, winRate: 0.2, avgWonFen: 3_000_000, avgCycleDays: 60 };

test("velocity per day and per month", () => {
  expect(velocityPerDay(base)).toBe(500_000);
  expect(velocityPerDay(base)! * DAYS_PER_MONTH).toBe(15_218_750);
  expect(velocityPerDay({ ...base, avgCycleDays: null })).toBeNull();
});

test("the four levers one at a time and together, over a 90-day quarter", () => {
  const lines = whatIf(base, { winRate: 0.1, opportunities: 0.2, dealSize: 0.1, cycle: -0.1 }, 90);
  const rev = Object.fromEntries(lines.map((l) => [l.lever, l.revenueFen]));
  expect(rev.base).toBe(45_000_000);
  expect(rev.winRate).toBe(49_500_000); // 22 % instead of 20 %: 45,000,000 × 1.1
  expect(rev.opportunities).toBe(54_000_000); // 60 deals: × 1.2
  expect(rev.dealSize).toBe(49_500_000); // 3.3万: × 1.1
  expect(rev.cycle).toBe(50_000_000); // 54 days: 50 × 0.2 × 3,000,000 / 54 × 90
  expect(rev.combined).toBe(72_600_000); // 45,000,000 × 1.1 × 1.2 × 1.1 / 0.9
  expect(lines.find((l) => l.lever === "cycle")!.deltaFen).toBe(5_000_000);
});

test("win rate cannot pass 100 %", () => {
  const [, w] = whatIf({ ...base, winRate: 0.8 }, { winRate: 0.5 }, 90);
  expect(w.inputs.winRate).toBe(1);
});
