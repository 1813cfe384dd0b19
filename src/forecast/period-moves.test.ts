import { expect, test } from "vitest";
import { DAY_MS } from "../core/dates";
import { type CloseDateChange, type MoveDeal, periodMoves } from "./period-moves";

// the week is [since, now]; the period is 2026-Q2 = [2026-04-01, 2026-07-01)
const now = Date.parse("2026-06-19T10:00:00Z");
const since = now - 7 * DAY_MS;
const old = since - 30 * DAY_MS;
const w = { since, from: "2026-04-01", to: "2026-07-01" };
const deal = (id: number, expectedCloseDate: string | null, o: Partial<MoveDeal> = {}): MoveDeal => ({
  id,
  createdAt: old,
  status: "open",
  closedAt: null,
  expectedCloseDate,
  ...o,
});
let seq = 0;
const ch = (opportunityId: number, before: string | null, after: string | null, at = since + DAY_MS): CloseDateChange => ({
  opportunityId,
  at,
  id: ++seq,
  before,
  after,
});

test("a worked week: pulled in, dated, new, pushed out, pulled earlier, undated, lost; moves within or outside the period are not listed", () => {
  const deals = [
    deal(1, "2026-06-20"), // pulled in from Q3
    deal(2, "2026-05-10"), // had no date
    deal(3, "2026-06-30", { createdAt: since + DAY_MS }), // new this week, dated in Q2
    deal(4, "2026-07-15"), // pushed out to Q3
    deal(5, "2026-03-20"), // pulled into Q1
    deal(6, null), // date cleared
    deal(7, "2026-06-01", { status: "lost", closedAt: since + 2 * DAY_MS }), // lost this week
    deal(8, "2026-06-10"), // moved within Q2: stays in
    deal(9, "2026-09-01"), // moved within Q3: never in
    deal(10, "2026-08-01", { createdAt: since + DAY_MS }), // new this week but dated in Q3
    deal(11, "2026-04-15"), // from Q1 into Q2
  ];
  const changes = [
    ch(1, "2026-08-01", "2026-06-20"),
    ch(2, null, "2026-05-10"),
    ch(4, "2026-06-25", "2026-07-15"),
    ch(5, "2026-04-05", "2026-03-20"),
    ch(6, "2026-05-05", null),
    ch(8, "2026-05-01", "2026-06-10"),
    ch(9, "2026-08-01", "2026-09-01"),
    ch(11, "2026-03-01", "2026-04-15"),
  ];
  const got = periodMoves(changes, deals, w).map((m) => [m.opportunityId, m.list, m.reason, m.fromDate, m.toDate]);
  expect(got).toEqual([
    [1, "movedIn", "pulled_in", "2026-08-01", "2026-06-20"],
    [2, "movedIn", "dated", null, "2026-05-10"],
    [3, "movedIn", "new", null, "2026-06-30"],
    [4, "slipped", "pushed_out", "2026-06-25", "2026-07-15"],
    [5, "movedOut", "pulled_earlier", "2026-04-05", "2026-03-20"],
    [6, "movedOut", "undated", "2026-05-05", null],
    [7, "movedOut", "lost", "2026-06-01", "2026-06-01"],
    [11, "movedIn", "from_earlier", "2026-03-01", "2026-04-15"],
  ]);
});

test("several changes in a week: the date a week ago (first change's before) against today's; out and back in is no move", () => {
  const deals = [deal(1, "2026-06-01"), deal(2, "2026-07-20")];
  const changes = [
    ch(1, "2026-06-01", "2026-08-01", since + DAY_MS),
    ch(1, "2026-08-01", "2026-06-01", since + 2 * DAY_MS),
    ch(2, "2026-05-01", "2026-06-01", since + DAY_MS),
    ch(2, "2026-06-01", "2026-07-20", since + 3 * DAY_MS),
  ];
  expect(periodMoves(changes, deals, w).map((m) => [m.opportunityId, m.list, m.fromDate, m.toDate])).toEqual([[2, "slipped", "2026-05-01", "2026-07-20"]]);
});

test("a deal lost before the week, or created and lost in it, is not listed", () => {
  const deals = [
    deal(1, "2026-06-01", { status: "lost", closedAt: since - DAY_MS }),
    deal(2, "2026-06-01", { createdAt: since + 1, status: "lost", closedAt: since + 2 }),
  ];
  expect(periodMoves([], deals, w)).toEqual([]);
});
