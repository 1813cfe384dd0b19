/** The forecast drill-down: every figure of GET /forecast equals the count and sums of GET /opportunities(/totals) behind it, paged by cursor. */
import { expect, test } from "vitest";
import { forEachApp, type Person } from "../http/testing";
import { seedBook, YUAN } from "./test-book";

type Line = {
  scope: string;
  scopeId: number | null;
  categories: Record<string, { count: number; amountFen: number; weightedFen: number }>;
  wonCount: number;
  wonFen: number;
};

forEachApp("forecast drill-down", (t) => {
  const lines = (f: { company: Line; teams: Line[]; reps: Line[] }) => [f.company, ...f.teams, ...f.reps];
  const scopeParams = (l: Line) => (l.scope === "user" ? `&owner=${l.scopeId}` : l.scope === "team" ? `&department=${l.scopeId ?? 0}` : "");

  /** Every row behind a filter, one at a time through the cursor. */
  async function allRows(who: Person, params: string) {
    const out: Array<{ id: number; amountFen: number }> = [];
    let cursor: string | null | undefined;
    do {
      const r = await t().call(who, "GET", `/api/v1/opportunities?limit=1${params}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(r.status).toBe(200);
      out.push(...r.body.items);
      cursor = r.body.nextCursor;
    } while (cursor);
    return out;
  }

  test("each category and won figure of every line equals its drill-down's count, amount and weighted amount", async () => {
    await seedBook(t().db, t().ids, Date.parse("2026-06-15T02:00:00Z"));
    for (const who of ["admin", "manager", "rep"] as const) {
      const f = (await t().call(who, "GET", "/api/v1/forecast?period=2026-Q2")).body;
      for (const l of lines(f)) {
        for (const c of ["commit", "best_case", "pipeline", "omitted"]) {
          const params = `&period=2026-Q2&status=open&category=${c}${scopeParams(l)}`;
          const tot = (await t().call(who, "GET", `/api/v1/opportunities/totals?${params.slice(1)}`)).body;
          expect(tot, `${who} ${l.scope} ${l.scopeId} ${c}`).toEqual(l.categories[c]);
          const rows = await allRows(who, params);
          expect(rows.length).toBe(l.categories[c].count);
          expect(rows.reduce((s, r) => s + r.amountFen, 0)).toBe(l.categories[c].amountFen);
        }
        const won = await allRows(who, `&period=2026-Q2&status=won${scopeParams(l)}`);
        expect(won.length).toBe(l.wonCount);
        expect(won.reduce((s, r) => s + r.amountFen, 0)).toBe(l.wonFen);
      }
    }
  });

  test("the worked example: rep's commit is 1 deal of 100 000 weighing 75 000; team A's pipeline holds rep's 30 000", async () => {
    const tot = (await t().call("admin", "GET", `/api/v1/opportunities/totals?period=2026-Q2&status=open&category=commit&owner=${t().ids.rep}`)).body;
    expect(tot).toEqual({ count: 1, amountFen: 100_000 * YUAN, weightedFen: 75_000 * YUAN });
    const june = (await t().call("admin", "GET", "/api/v1/opportunities/totals?period=2026-06&status=open&category=best_case")).body;
    expect(june.count).toBe(1);
  });

  test("a rep's drill-down of another rep is empty (the access rule); a bad period is a 400 with the field", async () => {
    const other = (await t().call("rep", "GET", `/api/v1/opportunities/totals?period=2026-Q2&status=open&owner=${t().ids.otherRep}`)).body;
    expect(other.count).toBe(0);
    const bad = await t().call("admin", "GET", "/api/v1/opportunities/totals?period=2026-W25");
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("period");
  });
});
