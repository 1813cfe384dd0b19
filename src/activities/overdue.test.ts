/** Overdue follow-ups past any cap: the briefing's count is the true total and GET /followups/overdue pages through all of them. */
import { expect, test } from "vitest";
import { DAY_MS } from "../core/dates";
import { forEachApp, TEST_NOW } from "../http/testing";
import { installDefaults } from "../pipelines/install";

const iso = (ms: number) => new Date(ms).toISOString();
const N = 230; // above the old cap of 200

forEachApp("overdue follow-ups", (t) => {
  test(`${N} overdue follow-ups: the briefing counts ${N}, lists 20, and the paged list holds each once, oldest first`, async () => {
    const { db } = t();
    await installDefaults(db, TEST_NOW);
    const customers = await db
      .insertInto("customers")
      .values(
        Array.from({ length: N + 1 }, (_, i) => ({
          name: `逾期客户${i}`,
          name_norm: `逾期客户${i}`,
          owner_id: t().ids.rep,
          tags: "[]",
          created_at: TEST_NOW,
          updated_at: TEST_NOW,
        })),
      )
      .returning("id")
      .execute();
    // one activity per customer, each with a follow-up i hours … days ago; the last customer had a later visit, so theirs is not overdue
    const acts = customers.map((c, i) => ({
      kind: "call" as const,
      customer_id: c.id,
      owner_id: t().ids.rep,
      done_at: TEST_NOW - 10 * DAY_MS,
      next_follow_up_at: TEST_NOW - 2 * DAY_MS - (i % 50) * 3_600_000,
      created_at: TEST_NOW - 10 * DAY_MS,
      updated_at: TEST_NOW - 10 * DAY_MS,
    }));
    await db.insertInto("activities").values(acts).execute();
    await t().call("rep", "POST", "/api/v1/activities", { kind: "visit", customerId: customers[N].id, doneAt: iso(TEST_NOW - DAY_MS) });

    const b = (await t().call("rep", "GET", "/api/v1/briefing")).body;
    expect(b.overdueCount).toBe(N);
    expect(b.overdue.length).toBe(20);

    const seen: Array<{ id: number; nextFollowUpAt: number }> = [];
    let cursor: string | null = null;
    do {
      const r = await t().call("rep", "GET", `/api/v1/followups/overdue?limit=40${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(N);
      seen.push(...r.body.items);
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(new Set(seen.map((a) => a.id)).size).toBe(N);
    const at = seen.map((a) => Number(a.nextFollowUpAt));
    expect(at).toEqual([...at].sort((x, y) => x - y));
    // another rep's view and a forged cursor
    expect((await t().call("rep2", "GET", "/api/v1/followups/overdue")).body.total).toBe(0);
    expect((await t().call("rep", "GET", "/api/v1/followups/overdue?cursor=abc.def")).status).toBe(400);
  });
});
