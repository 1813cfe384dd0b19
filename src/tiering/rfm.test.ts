import { expect, test } from "vitest";
import { DEFAULT_SEGMENTS, rfmGrid, rfmScores, scoreOfRank, segmentOf } from "./rfm";

test("score = 1 + ⌊5 (r − 1) / n⌋: with n = 10, ranks 1–2 → 1, 3–4 → 2, …, 9–10 → 5", () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((r) => scoreOfRank(r, 10))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  // n = 7: ⌊5·0/7⌋=0, ⌊5/7⌋=0, ⌊10/7⌋=1, ⌊15/7⌋=2, ⌊20/7⌋=2, ⌊25/7⌋=3, ⌊30/7⌋=4
  expect([1, 2, 3, 4, 5, 6, 7].map((r) => scoreOfRank(r, 7))).toEqual([1, 1, 2, 3, 3, 4, 5]);
});

/*
 * Ten customers (id: days since last order, orders, value):
 *  1: 2, 12, 900   2: 5, 8, 500    3: 5, 8, 450    4: 30, 6, 700   5: 45, 3, 120
 *  6: 60, 3, 300   7: 90, 2, 80    8: 120, 1, 60   9: 200, 1, 50   10: 365, 1, 40
 * Recency ranks by days descending: 365→1, 200→2, 120→3, 90→4, 60→5, 45→6, 30→7, 5 and 5 → 8 (tie), 2→10
 *   R scores (n=10): 1→1, 2→1, 3→2, 4→2, 5→3, 6→3, 7→4, 8→4, 10→5
 * Frequency ranks ascending: 1,1,1 → 1 (ids 8, 9, 10); 2 → 4 (7); 3,3 → 5 (5, 6); 6 → 7 (4); 8,8 → 8 (2, 3); 12 → 10 (1)
 *   F scores: rank 1 → 1, 4 → 2, 5 → 3, 7 → 4, 8 → 4, 10 → 5
 * Monetary ranks ascending: 40→1, 50→2, 60→3, 80→4, 120→5, 300→6, 450→7, 500→8, 700→9, 900→10
 *   M scores: 1,1,2,2,3,3,4,4,5,5
 */
const TEN = [
  [1, 2, 12, 900],
  [2, 5, 8, 500],
  [3, 5, 8, 450],
  [4, 30, 6, 700],
  [5, 45, 3, 120],
  [6, 60, 3, 300],
  [7, 90, 2, 80],
  [8, 120, 1, 60],
  [9, 200, 1, 50],
  [10, 365, 1, 40],
].map(([customerId, recencyDays, frequency, monetary]) => ({ customerId, recencyDays, frequency, monetary }));

test("scores of the ten customers, ties sharing the lowest rank", () => {
  const s = rfmScores(TEN);
  expect(s.map((x) => x.r)).toEqual([5, 4, 4, 4, 3, 3, 2, 2, 1, 1]);
  expect(s.map((x) => x.f)).toEqual([5, 4, 4, 4, 3, 3, 2, 1, 1, 1]);
  expect(s.map((x) => x.m)).toEqual([5, 4, 4, 5, 3, 3, 2, 2, 1, 1]);
});

test("segments: R5F5 champions, R4F4 loyal, R3F3 need attention, R2F2 and R1F1", () => {
  const s = rfmScores(TEN);
  expect(s.map((x) => x.segment)).toEqual(["champions", "loyal", "loyal", "loyal", "attention", "attention", "hibernating", "hibernating", "lost", "lost"]);
});

test("the default rules cover all 25 R × F cells", () => {
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) expect(segmentOf(r, f, 3)).not.toBeNull();
  expect(segmentOf(2, 4, 1)).toBe("at_risk");
  expect(segmentOf(5, 1, 1)).toBe("new");
});

test("the grid counts customers and revenue per R × F cell and per segment", () => {
  const g = rfmGrid(rfmScores(TEN));
  expect(g.cells).toHaveLength(25);
  expect(g.cells.find((c) => c.r === 4 && c.f === 4)).toEqual({ r: 4, f: 4, customers: 3, monetary: 1650, segment: "loyal" });
  const loyal = g.segments.find((s) => s.key === "loyal")!;
  expect(loyal.customers).toBe(3);
  expect(loyal.share).toBeCloseTo(1650 / 3200, 12); // total 3200
  expect(g.segments.map((s) => s.key)).toEqual(DEFAULT_SEGMENTS.map((s) => s.key));
});

test("an M range splits a cell; the grid then shows no single segment there", () => {
  const segs = [
    { key: "big", nameZh: "大", nameEn: "Big", r: [1, 5] as [number, number], f: [1, 5] as [number, number], m: [4, 5] as [number, number] },
    { key: "rest", nameZh: "其他", nameEn: "Rest", r: [1, 5] as [number, number], f: [1, 5] as [number, number] },
  ];
  const g = rfmGrid(rfmScores(TEN, segs), segs);
  expect(g.cells[0].segment).toBeNull();
  expect(g.segments.map((s) => s.customers)).toEqual([4, 6]); // M ≥ 4: ids 1–4
});
