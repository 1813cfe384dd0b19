/** Funnel and forecast report routes answer from the data-stamp cache, and every kind of write makes the next answer fresh. */
import { expect, test } from "vitest";
import { reportCacheFor } from "../http/report-cache";
import { forEachApp, type Person, type TestApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { CUSTOMERS_CSV, OPPORTUNITIES_CSV } from "../import/fixtures";

async function upload(t: TestApp, url: string, body: string) {
  const res = await t.app.inject({
    method: "POST",
    url,
    payload: Buffer.from(body),
    headers: { authorization: `Bearer ${t.tokens.admin}`, "content-type": "text/csv" },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

forEachApp("funnel and forecast reports from the report cache", (t) => {
  const get = async (who: Person, url: string) => {
    const r = await t().call(who, "GET", `/api/v1/reports/${url}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const openCount = async (who: Person = "admin") => (await get(who, "funnel")).total.count as number;
  const stageCounts = async () => ((await get("admin", "funnel")).stages as { key: string; count: number }[]).map((s) => s.count);
  const oppOf = async (external: string) =>
    t().db.selectFrom("opportunities").select(["id", "version", "stage_id"]).where("external_id", "=", external).executeTakeFirstOrThrow();

  test("a repeated request is a hit; an import, a move, a reopen and an edit each make the next answer fresh", async () => {
    const cache = reportCacheFor(t().db);
    await installDefaults(t().db, t().clock.now);
    expect((await upload(t(), "/api/v1/import/customers?wait=1", CUSTOMERS_CSV)).body.status).toBe("done");
    expect(await openCount()).toBe(0);
    const [hits, misses] = [cache.hits, cache.misses];
    expect(await openCount()).toBe(0);
    expect([cache.hits, cache.misses]).toEqual([hits + 1, misses]); // served from the cache

    // import: O1 (报价, 3万) and O2 (lead, 12万) are open, O3 won, O4 lost
    expect((await upload(t(), "/api/v1/import/opportunities?wait=1", OPPORTUNITIES_CSV)).body).toMatchObject({ status: "done", inserted: 4 });
    const afterImport = await get("admin", "funnel");
    expect(afterImport.total).toMatchObject({ count: 2, amountFen: 15_000_000 });
    // a rep's answer is their own, never the admin's cached one: O1 is rep's, O2 rep2's
    expect(await openCount("rep")).toBe(1);
    expect(await openCount("otherRep")).toBe(0);

    // move: O2 advances from lead one stage
    const before = await stageCounts();
    const o2 = await oppOf("O2");
    const moved = await t().call("rep2", "POST", `/api/v1/opportunities/${o2.id}/transition`, {
      version: o2.version,
      action: "advance",
      override: true,
      reason: "缓存测试",
    });
    expect(moved.status).toBe(200);
    const after = await stageCounts();
    const from = before.findIndex((n, i) => n !== after[i]);
    expect(after[from]).toBe(before[from] - 1);
    expect(after[from + 1]).toBe(before[from + 1] + 1);

    // reopen: the lost O4 is open again
    const o4 = await oppOf("O4");
    const reopened = await t().call("admin", "POST", `/api/v1/opportunities/${o4.id}/transition`, {
      version: o4.version,
      action: "reopen",
      reason: "客户回来了",
    });
    expect(reopened.status).toBe(200);
    expect(await openCount()).toBe(3);

    // edit: O1's amount 3万 → 5万
    const o1 = await oppOf("O1");
    expect((await t().call("rep", "PATCH", `/api/v1/opportunities/${o1.id}`, { version: o1.version, amountFen: 5_000_000 })).status).toBe(200);
    expect((await get("admin", "funnel")).total.amountFen).toBe(afterImport.total.amountFen + 2_000_000 + 1_000_000); // + O4's 1万
  });

  test("the other funnel routes and the forecast routes are cached per query, and fresh after a write", async () => {
    const cache = reportCacheFor(t().db);
    const urls = [
      "conversion?period=2026-Q1",
      "conversion?period=2026-Q1&view=flow",
      "cycle-time?period=2026-Q1",
      "stalled",
      "velocity",
      "sources?period=2026-Q1",
      "funnel-health",
      "forecast/friday?period=2026-Q3",
      "forecast/accuracy",
    ];
    const first = [];
    for (const u of urls) first.push(await get("admin", u));
    const [hits, misses] = [cache.hits, cache.misses];
    for (const [i, u] of urls.entries()) expect(await get("admin", u)).toEqual(first[i]);
    expect([cache.hits, cache.misses]).toEqual([hits + urls.length, misses]);

    // O1 is a commit closing 2026-07-31: in the Q3 Friday view. A new commit deal in Q3 shows at once.
    const friday = first[7];
    const commit = (f: typeof friday) => f.forecast.company.categories.commit as { count: number; amountFen: number };
    const o1 = await t().db.selectFrom("opportunities").select(["customer_id", "pipeline_id"]).where("external_id", "=", "O1").executeTakeFirstOrThrow();
    const created = await t().call("rep", "POST", "/api/v1/opportunities", {
      customerId: o1.customer_id,
      pipelineId: o1.pipeline_id,
      title: "缓存之后的新单",
      amountFen: 700_000,
      expectedCloseDate: "2026-08-20",
      forecastCategory: "commit",
    });
    expect(created.status).toBe(201);
    const fresh = await get("admin", "forecast/friday?period=2026-Q3");
    expect(commit(fresh)).toMatchObject({ count: commit(friday).count + 1, amountFen: commit(friday).amountFen + 700_000 });
    expect((await get("admin", "velocity")).inputs.openCount).toBe(first[4].inputs.openCount + 1);

    // a submission (its own audit row) shows in this week's Friday view of the current quarter
    const q2 = async () => (await get("admin", "forecast/friday")).submissions.count as number;
    const n = await q2();
    const sub = await t().call("rep", "POST", "/api/v1/forecast/submissions", { period: "2026-Q2", commitFen: 100, bestCaseFen: 200 });
    expect(sub.status).toBe(201);
    expect(await q2()).toBe(n + 1);
  });
});
