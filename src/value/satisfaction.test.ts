import { expect, test } from "vitest";
import { satisfactionSummary } from "./satisfaction";

test("NPS of 10 answers: 5 promoters, 3 passives, 2 detractors = 30", () => {
  const s = satisfactionSummary([
    { kind: "nps", score: 10, count: 2 },
    { kind: "nps", score: 9, count: 3 },
    { kind: "nps", score: 8, count: 2 },
    { kind: "nps", score: 7, count: 1 },
    { kind: "nps", score: 6, count: 1 },
    { kind: "nps", score: 0, count: 1 },
  ]);
  expect(s.nps).toEqual({ answers: 10, promoters: 5, passives: 3, detractors: 2, score: 30 });
  expect(s.csat.average).toBeNull();
});

test("CSAT: answers 5, 4, 4, 2 → average 3.75, 75 % satisfied", () => {
  const s = satisfactionSummary([
    { kind: "csat", score: 5, count: 1 },
    { kind: "csat", score: 4, count: 2 },
    { kind: "csat", score: 2, count: 1 },
  ]);
  expect(s.csat).toEqual({ answers: 4, average: 3.75, satisfiedShare: 0.75 });
  expect(s.nps.score).toBeNull();
});
