/**
 * The Friday view's moved in / moved out / slipped on both databases, through the API: deals dated a month ago,
 * then this week re-dated, created and lost; the lists, counts and totals are the worked example's, scoped by viewer.
 */
import { beforeAll, expect, test } from "vitest";
import { DAY_MS } from "../core/dates";
import { forEachApp, TEST_NOW, type Person } from "../http/testing";
import { installDefaults } from "../pipelines/install";

forEachApp("friday moved in / out / slipped", (t) => {
  const W = 1_000_000; // 1万 in fen
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
  });
  const deal = async (who: Person, key: string, expectedCloseDate: string, wan: number) => {
    const c = await t().call(who, "POST", "/api/v1/customers", { name: `期间移动客户${key}${t().kind}` });
    const crm5 = (await t().call(who, "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5");
    const o = await t().call(who, "POST", "/api/v1/opportunities", {
      customerId: c.body.customer.id,
      pipelineId: crm5.id,
      title: `移动${key}`,
      amountFen: wan * W,
      expectedCloseDate,
      source: "inbound",
    });
    expect(o.status).toBe(201);
    ids[key] = o.body.id;
  };
  const redate = async (who: Person, key: string, expectedCloseDate: string) => {
    const cur = await t().call(who, "GET", `/api/v1/opportunities/${ids[key]}`);
    expect((await t().call(who, "PATCH", `/api/v1/opportunities/${ids[key]}`, { version: cur.body.version, expectedCloseDate })).status).toBe(200);
  };
  type List = { count: number; amountFen: number; items: Array<{ id: number; reason: string; fromDate: string | null; toDate: string | null }> };
  const friday = async (who: Person) => (await t().call(who, "GET", "/api/v1/reports/forecast/friday?period=2026-Q2")).body.periodMoves as Record<string, List>;

  test("a worked week: one pulled in and one new; one slipped (and a colleague's); one lost", async () => {
    t().clock.now = TEST_NOW - 30 * DAY_MS; // a month ago
    await deal("rep", "A", "2026-08-01", 50); // Q3, pulled into Q2 this week
    await deal("rep", "B", "2026-06-25", 30); // Q2, pushed to Q3 this week
    await deal("rep", "C", "2026-05-20", 20); // Q2, lost this week
    await deal("rep2", "D", "2026-06-01", 40); // Q2, pushed to Q3 this week (another rep's)
    await deal("rep", "F", "2026-04-20", 10); // Q2, re-dated within Q2: no move
    t().clock.now = TEST_NOW;
    await deal("rep", "E", "2026-06-28", 15); // new this week, Q2
    await redate("rep", "A", "2026-06-20");
    await redate("rep", "B", "2026-07-10");
    await redate("rep2", "D", "2026-09-30");
    await redate("rep", "F", "2026-05-05");
    const cur = await t().call("rep", "GET", `/api/v1/opportunities/${ids.C}`);
    const lost = await t().call("rep", "POST", `/api/v1/opportunities/${ids.C}/transition`, {
      version: cur.body.version,
      action: "lost",
      lostReason: "competitor",
    });
    expect(lost.status).toBe(200);

    const m = await friday("admin");
    const rows = (l: List) => l.items.map((x) => [x.id, x.reason, x.fromDate, x.toDate]);
    expect(rows(m.movedIn)).toEqual([
      [ids.A, "pulled_in", "2026-08-01", "2026-06-20"],
      [ids.E, "new", null, "2026-06-28"],
    ]);
    expect([m.movedIn.count, m.movedIn.amountFen]).toEqual([2, 65 * W]);
    expect(rows(m.slipped)).toEqual([
      [ids.D, "pushed_out", "2026-06-01", "2026-09-30"],
      [ids.B, "pushed_out", "2026-06-25", "2026-07-10"],
    ]);
    expect([m.slipped.count, m.slipped.amountFen]).toEqual([2, 70 * W]);
    expect(rows(m.movedOut)).toEqual([[ids.C, "lost", "2026-05-20", "2026-05-20"]]);
    expect([m.movedOut.count, m.movedOut.amountFen]).toEqual([1, 20 * W]);
  });

  test("a rep sees only the moves of deals they may see; next week the same deals have not moved", async () => {
    const m = await friday("rep");
    expect(m.slipped.items.map((x) => x.id)).toEqual([ids.B]);
    expect(m.slipped.amountFen).toBe(30 * W);
    expect((await friday("otherRep")).movedIn.count).toBe(0);
    t().clock.now = TEST_NOW + 8 * DAY_MS;
    const later = await friday("admin");
    expect([later.movedIn.count, later.movedOut.count, later.slipped.count]).toEqual([0, 0, 0]);
    t().clock.now = TEST_NOW;
  });
});
