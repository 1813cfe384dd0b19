import { expect, test } from "vitest";
import { attainment, proposeTarget } from "./trend";

test("a steady rise continues one step", () => {
  // 100, 110, 120, 130 → slope 10 → 140
  expect(proposeTarget([100, 110, 120, 130])).toMatchObject({ proposed: 140, slope: 10, method: "linear" });
});

test("a noisy history follows the least-squares line", () => {
  // x = 0,1,2; y = 10, 30, 20: mean x 1, mean y 20; sxy = (−1)(−10) + 0 + (1)(0) = 10; sxx = 2 → slope 5,
  // intercept 15 → at x = 3: 30; with +10 % growth: 33
  expect(proposeTarget([10, 30, 20]).proposed).toBe(30);
  expect(proposeTarget([10, 30, 20], 0.1).proposed).toBe(33);
});

test("a falling trend is not proposed below zero; short histories fall back", () => {
  expect(proposeTarget([30, 10]).proposed).toBe(0); // 30 − 20 = 10, then −10 → 0
  expect(proposeTarget([500]).proposed).toBe(500);
  expect(proposeTarget([]).proposed).toBe(0);
});

test("attainment and pace", () => {
  // target 300万, won 120万 halfway through → 40 % attained, pace 80 %
  expect(attainment(300, 120, 0.5)).toEqual({ ratio: 0.4, pace: 0.8 });
  expect(attainment(null, 120, 0.5)).toEqual({ ratio: null, pace: null });
});

test("a target two periods after the history extends the line two steps", () => {
  // 0, 1,000,000, 4,000,000: slope 2,000,000, intercept −333,333.33; x = 3 → 5,666,667; x = 4 → 7,666,667
  expect(proposeTarget([0, 1_000_000, 4_000_000], 0, 1).proposed).toBe(5_666_667);
  expect(proposeTarget([0, 1_000_000, 4_000_000], 0, 2).proposed).toBe(7_666_667);
  expect(proposeTarget([5], 0, 3).proposed).toBe(5);
});
