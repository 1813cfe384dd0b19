import { expect, test } from "vitest";
import { direction, forecastAccuracy, type SnapshotForecast } from "./accuracy";

const W = 10_000 * 100; // 1万 in fen
const snap = (period: string, week: string, takenAt: number, scopeId: number, wan: number): SnapshotForecast => ({
  period,
  week,
  takenAt,
  scope: "user",
  scopeId,
  forecastFen: wan * W,
});

// Rep 1 over two closed quarters, two snapshots each (amounts in 万):
//   Q1: actual 100; snapshots 120, 110 → errors +20 (+20 %), +10 (+10 %); period APE = 15 %, signed = +15 %
//   Q2: actual 200; snapshots 150, 190 → errors −50 (−25 %), −10 (−5 %);  period APE = 15 %, signed = −15 %
//   MAPE = (15 % + 15 %) / 2 = 15 %; first-snapshot MAPE = (20 % + 25 %) / 2 = 22.5 %; bias = (15 − 15) / 2 = 0 → on target
// Rep 2, Q1 only: actual 80; snapshots 100, 100 → +25 % both; MAPE 25 %, bias +25 % → over.
// Rep 3, Q1: actual 0; snapshot 10 → error +10万, no percentage.
const snapshots = [
  snap("2026-Q1", "2026-W02", 2, 1, 120),
  snap("2026-Q1", "2026-W06", 6, 1, 110),
  snap("2026-Q2", "2026-W15", 15, 1, 150),
  snap("2026-Q2", "2026-W19", 19, 1, 190),
  snap("2026-Q1", "2026-W02", 2, 2, 100),
  snap("2026-Q1", "2026-W06", 6, 2, 100),
  snap("2026-Q1", "2026-W02", 2, 3, 10),
  snap("2026-Q3", "2026-W28", 28, 1, 300), // open quarter: no actual yet, ignored
];
const actuals = [
  { period: "2026-Q1", scope: "user" as const, scopeId: 1, wonFen: 100 * W },
  { period: "2026-Q2", scope: "user" as const, scopeId: 1, wonFen: 200 * W },
  { period: "2026-Q1", scope: "user" as const, scopeId: 2, wonFen: 80 * W },
  { period: "2026-Q1", scope: "user" as const, scopeId: 3, wonFen: 0 },
];

test("a rep who over-calls one quarter and under-calls the next has no bias but a 15 % MAPE", () => {
  const [r1] = forecastAccuracy(snapshots, actuals);
  expect(r1.scopeId).toBe(1);
  expect(r1.periods.map((p) => p.period)).toEqual(["2026-Q1", "2026-Q2"]);
  expect(r1.periods[0].points.map((p) => p.errorFen / W)).toEqual([20, 10]);
  expect(r1.periods[1].points.map((p) => p.pctError)).toEqual([-0.25, -0.05]);
  expect(r1.mape).toBeCloseTo(0.15, 12);
  expect(r1.mapeFirst).toBeCloseTo(0.225, 12);
  expect(r1.bias).toBeCloseTo(0, 12);
  expect(r1.direction).toBe("on_target");
});

test("a rep who always forecasts too high is flagged as over", () => {
  const r2 = forecastAccuracy(snapshots, actuals).find((r) => r.scopeId === 2)!;
  expect(r2.mape).toBeCloseTo(0.25, 12);
  expect(r2.bias).toBeCloseTo(0.25, 12);
  expect(r2.direction).toBe("over");
});

test("a quarter with nothing won keeps its error in fen but no percentage", () => {
  const r3 = forecastAccuracy(snapshots, actuals).find((r) => r.scopeId === 3)!;
  expect(r3.periods[0].points[0].errorFen).toBe(10 * W);
  expect(r3.periods[0].points[0].pctError).toBeNull();
  expect(r3.mape).toBeNull();
  expect(r3.direction).toBeNull();
  expect(r3.periodsWithoutActual).toBe(1);
});

test("bias inside ±5 % is on target", () => {
  expect(direction(0.049)).toBe("on_target");
  expect(direction(-0.06)).toBe("under");
  expect(direction(0.06)).toBe("over");
});
