import { expect, test } from "vitest";
import { ageBucket, ageing, daysBetween } from "./ageing";
import type { InstalmentState } from "./collections";

test("bucket edges: due today is not due; 30 days late is 0–30, 31 is 31–60, 91 is 90+", () => {
  expect(daysBetween("2026-01-31", "2026-03-02")).toBe(30); // 28 days of February 2026 + 2
  expect(ageBucket("2026-06-15", "2026-06-15")).toBe("not_due");
  expect(ageBucket("2026-06-14", "2026-06-15")).toBe("d0_30");
  expect(ageBucket("2026-05-16", "2026-06-15")).toBe("d0_30"); // 30 days
  expect(ageBucket("2026-05-15", "2026-06-15")).toBe("d31_60"); // 31 days
  expect(ageBucket("2026-04-16", "2026-06-15")).toBe("d31_60"); // 14 + 31 + 15 = 60 days
  expect(ageBucket("2026-04-15", "2026-06-15")).toBe("d61_90"); // 61 days
  expect(ageBucket("2026-03-17", "2026-06-15")).toBe("d61_90"); // 14 + 30 + 31 + 15 = 90 days
  expect(ageBucket("2026-03-16", "2026-06-15")).toBe("d90_plus"); // 91 days
});

const inst = (dueDate: string, outstandingFen: number): InstalmentState => ({
  seq: 1,
  dueDate,
  amountFen: outstandingFen,
  paidFen: 0,
  outstandingFen,
  paidAt: null,
  onTime: null,
});

test("outstanding amounts per customer and in total", () => {
  // today 2026-06-15. Customer 1: 100 not due (07-01), 200 due 06-01 (14 days) → 0–30.
  // Customer 2: 300 due 03-01 (106 days) → 90+; 50 due 04-10 (66 days) → 61–90; a paid one is skipped.
  const r = ageing(
    [
      { key: 1, instalments: [inst("2026-07-01", 100), inst("2026-06-01", 200)] },
      { key: 2, instalments: [inst("2026-03-01", 300), inst("2026-04-10", 50), inst("2026-01-01", 0)] },
    ],
    "2026-06-15",
  );
  expect(r.lines.map((l) => [l.key, l.totalFen])).toEqual([
    [2, 350],
    [1, 300],
  ]);
  expect(r.total.buckets).toEqual({ not_due: 100, d0_30: 200, d31_60: 0, d61_90: 50, d90_plus: 300 });
  expect(r.total.totalFen).toBe(650);
});
