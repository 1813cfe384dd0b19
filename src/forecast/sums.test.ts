import { expect, test } from "vitest";
import { effectiveProbability, rollUp, weighted, type OpenCell } from "./sums";

const Y = 100; // fen per yuan

// A small book for one quarter. Reps 1 and 2 are in team 10, rep 3 in team 20, rep 4 (team 20) has nothing.
//   rep 1: commit 100 000 × 75 % = 75 000; best case 40 000 × 50 % = 20 000; pipeline 30 000 × 10 % = 3 000; won 60 000
//   rep 2: commit  50 000 × 90 % = 45 000; omitted 20 000 × 25 % = 5 000 (not in the forecast)
//   rep 3: pipeline 80 000 × 25 % = 20 000; won 15 000
// Forecast = won + weighted (omitted excluded):
//   rep 1: 60 000 + 75 000 + 20 000 + 3 000 = 158 000     rep 2: 45 000     rep 3: 15 000 + 20 000 = 35 000
//   team 10: 203 000     team 20: 35 000     company: 238 000
const cell = (ownerId: number, category: OpenCell["category"], yuan: number, pct: number): OpenCell => ({
  ownerId,
  category,
  count: 1,
  amountFen: yuan * Y,
  amountPctFen: yuan * Y * pct,
});
const open = [
  cell(1, "commit", 100_000, 75),
  cell(1, "best_case", 40_000, 50),
  cell(1, "pipeline", 30_000, 10),
  cell(2, "commit", 50_000, 90),
  cell(2, "omitted", 20_000, 25),
  cell(3, "pipeline", 80_000, 25),
];
const won = [
  { ownerId: 1, count: 2, amountFen: 60_000 * Y },
  { ownerId: 3, count: 1, amountFen: 15_000 * Y },
];
const owners = [
  { id: 1, departmentId: 10 },
  { id: 2, departmentId: 10 },
  { id: 3, departmentId: 20 },
  { id: 4, departmentId: 20 },
];

test("the forecast of the small book rolls up rep → team → company", () => {
  const r = rollUp(open, won, owners);
  expect(r.reps.map((l) => [l.scopeId, l.forecastFen / Y])).toEqual([
    [1, 158_000],
    [2, 45_000],
    [3, 35_000],
    [4, 0],
  ]);
  expect(r.teams.map((l) => [l.scopeId, l.forecastFen / Y])).toEqual([
    [10, 203_000],
    [20, 35_000],
  ]);
  expect(r.company.forecastFen / Y).toBe(238_000);
  expect(r.company.wonFen / Y).toBe(75_000);
  expect(r.company.weightedFen / Y).toBe(163_000);
});

test("categories keep both the raw amount and the weighted amount; omitted is shown but not counted", () => {
  const { company } = rollUp(open, won, owners);
  expect(company.categories.commit).toEqual({ count: 2, amountFen: 150_000 * Y, weightedFen: 120_000 * Y });
  expect(company.categories.best_case.weightedFen / Y).toBe(20_000);
  expect(company.categories.pipeline).toEqual({ count: 2, amountFen: 110_000 * Y, weightedFen: 23_000 * Y });
  expect(company.categories.omitted.weightedFen / Y).toBe(5_000);
});

test("weighted fen are rounded once per rep and category, so teams add up exactly", () => {
  // 33 fen at 50 % = 16.5 → 17 for each of two reps; the team is 34 (not round(33 fen) = 33).
  const r = rollUp([cell(1, "commit", 0.33, 50), cell(2, "commit", 0.33, 50)], [], owners.slice(0, 2));
  expect(r.reps.map((l) => l.weightedFen)).toEqual([17, 17]);
  expect(r.teams[0].weightedFen).toBe(34);
});

test("an owner missing from the owner list lands in the no-team line", () => {
  const r = rollUp([cell(9, "commit", 1_000, 50)], [], []);
  expect(r.teams).toHaveLength(1);
  expect(r.teams[0].scopeId).toBeNull();
  expect(r.company.forecastFen).toBe(500 * Y);
});

test("the opportunity's override beats the stage probability", () => {
  expect(effectiveProbability(25, null)).toBe(25);
  expect(effectiveProbability(25, 60)).toBe(60);
  expect(effectiveProbability(25, 0)).toBe(0);
  expect(weighted(3_000_000, 10)).toBe(300_000); // 3万 at 10 % = 3 000 yuan
});
