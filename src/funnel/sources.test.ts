import { expect, test } from "vitest";
import { DAY, sampleOpportunities as opps } from "./sample-funnel";
import { sourceReport } from "./sources";

test("per source: volume, conversion, revenue and cycle of the hand-worked sample", () => {
  // by hand from the sample: cold_visit = 1 (won 1万 after 40 d) and 2 (lost); inbound = 3 (lost) and 5 (won 4万 after 41 d);
  // follow_up = 4 (open); penetration = 6 (open); cultivation = 7 (open)
  const rows = [
    { source: "cold_visit", created: 2, amountFen: 3_000_000, won: 1, wonFen: 1_000_000, lost: 1, cycleSumMs: 40 * DAY },
    { source: "inbound", created: 2, amountFen: 4_500_000, won: 1, wonFen: 4_000_000, lost: 1, cycleSumMs: 41 * DAY },
    { source: "follow_up", created: 1, amountFen: 3_000_000, won: 0, wonFen: 0, lost: 0, cycleSumMs: 0 },
    { source: "penetration", created: 1, amountFen: 600_000, won: 0, wonFen: 0, lost: 0, cycleSumMs: 0 },
    { source: "cultivation", created: 1, amountFen: 5_000_000, won: 0, wonFen: 0, lost: 0, cycleSumMs: 0 },
  ];
  expect(rows.reduce((s, r) => s + r.created, 0)).toBe(opps.length);
  const r = Object.fromEntries(sourceReport(rows).map((l) => [l.source, l]));
  expect(r.cold_visit).toMatchObject({ conversion: 0.5, winRate: 0.5, avgCycleDays: 40, revenueShare: 0.2, open: 0 });
  expect(r.inbound).toMatchObject({ wonFen: 4_000_000, revenueShare: 0.8, avgCycleDays: 41 });
  expect(r.follow_up).toMatchObject({ open: 1, conversion: 0, winRate: null, avgCycleDays: null });
  expect(Object.keys(r)).toEqual(["cold_visit", "follow_up", "penetration", "cultivation", "inbound"]);
});

test("opportunities without a source show as unknown", () => {
  const lines = sourceReport([{ source: null, created: 3, amountFen: 0, won: 0, wonFen: 0, lost: 3, cycleSumMs: 0 }]);
  expect(lines.at(-1)).toMatchObject({ source: "unknown", nameZh: "未知", winRate: 0 });
});
