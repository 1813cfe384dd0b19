/**
 * Forecast drill-down on demo data: a figure of the forecast page (company pipeline, a rep's commit, a department's best case)
 * opens the opportunities behind it; the drawer's count, amount and weighted amount, the rows paged through with the cursor and
 * the CSV export all equal the figure computed here from the API's opportunities (expected close in this quarter, the category,
 * the owner), not from the forecast endpoint.
 */
import { readFileSync } from "node:fs";
import { describe, expect, inject, test } from "vitest";
import { formatWan } from "../src/core/money";
import { login, newPage, serverAndBrowser, shot } from "./harness";
import { settle } from "./walk";
import type { Page } from "playwright-core";

interface Opp {
  id: number;
  ownerId: number;
  amountFen: number;
  probability: number;
  forecastCategory: string;
  expectedCloseDate: string | null;
  status: string;
}

/** This quarter in Shanghai as [first day, first day of the next quarter). */
function quarter(now: number): [string, string] {
  const d = new Date(now + 8 * 3_600_000);
  const y = d.getUTCFullYear(),
    q = Math.floor(d.getUTCMonth() / 3);
  const first = (yy: number, m: number) => `${yy}-${String(m + 1).padStart(2, "0")}-01`;
  return [first(y, q * 3), q === 3 ? first(y + 1, 0) : first(y, q * 3 + 3)];
}

describe.skipIf(!inject("browserAvailable"))("forecast drill-down", () => {
  const env = serverAndBrowser();

  async function allOpen(): Promise<Opp[]> {
    const out: Opp[] = [];
    let cursor: string | null = null;
    do {
      const p: { items: Opp[]; nextCursor: string | null } = await env.server.api(
        "admin",
        "GET",
        `/opportunities?status=open&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      out.push(...p.items);
      cursor = p.nextCursor;
    } while (cursor);
    return out;
  }

  /** Rows listed in the open drawer, page after page. */
  async function drawerIds(page: Page): Promise<number[]> {
    const ids: number[] = [];
    for (;;) {
      const drawer = page.locator(".ant-drawer-content");
      await drawer.locator("[data-testid=drill-table] tbody tr[data-row-key]").first().waitFor();
      ids.push(
        ...(await drawer
          .locator("[data-testid=drill-table] tbody tr[data-row-key]")
          .evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-row-key"))))),
      );
      const next = drawer.getByTestId("drill-next");
      if (await next.isDisabled()) return ids;
      const first = await drawer.locator("[data-testid=drill-table] tbody tr[data-row-key]").first().getAttribute("data-row-key");
      await next.click();
      await page.waitForFunction(
        (f) => document.querySelector(".ant-drawer-content [data-testid=drill-table] tbody tr[data-row-key]")?.getAttribute("data-row-key") !== f,
        first,
      );
    }
  }

  test("company, rep and department figures list exactly their opportunities, with totals and export equal to the figure", async () => {
    const s = env.server;
    const [from, to] = quarter(Date.now());
    // deals made here: 25 in rep's pipeline (more than a drawer page), 7 rep commits, best cases of rep2 (team A) and
    // otherRep (team B), and deals outside the figures (next year; rep2's omitted)
    const pipelines = await s.api<{ items: Array<{ id: number; key: string }> }>("rep", "GET", "/pipelines");
    const pipelineId = pipelines.items.find((p) => p.key === "crm5")!.id;
    const customerId = (await s.api<{ customer: { id: number } }>("admin", "POST", "/customers", { name: "预测明细客户" })).customer.id;
    const deal = (who: "rep" | "rep2" | "otherRep", i: number, forecastCategory: string, expectedCloseDate = from) =>
      s.api("admin", "POST", "/opportunities", {
        customerId,
        pipelineId,
        ownerId: s.ids[who],
        title: `${who}-${forecastCategory}-${i}`,
        amountFen: (i + 1) * 1_234_500,
        expectedCloseDate,
        forecastCategory,
      });
    for (let i = 0; i < 25; i++) await deal("rep", i, "pipeline");
    for (let i = 0; i < 7; i++) await deal("rep", i, "commit");
    for (let i = 0; i < 5; i++) await deal("rep2", i, "best_case");
    for (let i = 0; i < 4; i++) await deal("otherRep", i, "best_case");
    await deal("rep", 99, "pipeline", `${Number(to.slice(0, 4)) + 1}-06-30`);
    await deal("rep2", 98, "omitted");
    const opps = (await allOpen()).filter((o) => o.expectedCloseDate && o.expectedCloseDate >= from && o.expectedCloseDate < to);
    // the sellers and their departments (the people the forecast lines are about)
    const sellers = (await s.api<{ items: Array<{ userId: number; departmentId: number | null }> }>("admin", "GET", "/forecast/submissions")).items;
    const sellerDept = new Map(sellers.map((u) => [u.userId, u.departmentId ?? null]));
    /** count, amount and weighted (rounded per owner, as the forecast rolls up) of a set of deals */
    const sums = (xs: Opp[]) => {
      const perOwner = new Map<number, number>();
      for (const o of xs) perOwner.set(o.ownerId, (perOwner.get(o.ownerId) ?? 0) + o.amountFen * o.probability);
      return {
        ids: xs.map((o) => o.id).sort((a, b) => a - b),
        count: xs.length,
        amountFen: xs.reduce((a, o) => a + o.amountFen, 0),
        weightedFen: [...perOwner.values()].reduce((a, v) => a + Math.round(v / 100), 0),
      };
    };
    const byCat = (c: string) => opps.filter((o) => o.forecastCategory === c);
    const pipeline = sums(byCat("pipeline"));
    expect(pipeline.count).toBeGreaterThan(20); // more than one drawer page
    // the rep with the most commit deals this quarter, and the department with the most best-case deals
    const countBy = <K>(xs: Opp[], key: (o: Opp) => K) => {
      const m = new Map<K, number>();
      for (const o of xs) m.set(key(o), (m.get(key(o)) ?? 0) + 1);
      return [...m.entries()].sort((a, b) => b[1] - a[1])[0][0];
    };
    const rep = countBy(byCat("commit"), (o) => o.ownerId);
    const repCommit = sums(byCat("commit").filter((o) => o.ownerId === rep));
    const dept = countBy(
      byCat("best_case").filter((o) => sellerDept.get(o.ownerId) != null),
      (o) => sellerDept.get(o.ownerId)!,
    );
    const deptBest = sums(byCat("best_case").filter((o) => sellerDept.get(o.ownerId) === dept));

    const { context, page } = await newPage(env.browser);
    await login(page, s.url, "admin", "/forecast");
    await page.getByTestId("fc-figure").first().waitFor();
    await settle(page);

    const cases: Array<[string, string, number | "", ReturnType<typeof sums>]> = [
      ["company", "pipeline", "", pipeline],
      ["user", "commit", rep, repCommit],
      ["team", "best_case", dept, deptBest],
    ];
    for (const [scope, what, id, want] of cases) {
      console.log(`forecast drill: ${scope} ${what} ${id} → ${want.count} deals`);
      const fig = page.locator(`[data-testid=fc-figure][data-scope=${scope}][data-scope-id="${id}"][data-what=${what}]`).first();
      // rep and department rows may sit on a later page of the table
      for (let i = 0; i < 10 && !(await fig.isVisible()); i++) await page.locator(".ant-pagination-next").first().click();
      expect((await fig.innerText()).trim(), `${scope} ${what}`).toBe(formatWan(want.weightedFen, 1));
      await fig.click();
      const summary = page.getByTestId("drill-summary");
      await page.waitForFunction(() => document.querySelector("[data-testid=drill-summary]")?.getAttribute("data-count") != null);
      expect(Number(await summary.getAttribute("data-count")), `${scope} ${what} count`).toBe(want.count);
      expect(Number(await summary.getAttribute("data-amount"))).toBe(want.amountFen);
      expect(Number(await summary.getAttribute("data-weighted"))).toBe(want.weightedFen);
      expect(await summary.innerText()).toContain(`共 ${want.count} 个商机`);
      const listed = (await drawerIds(page)).sort((a, b) => a - b);
      expect(listed).toEqual(want.ids);
      if (scope === "company") {
        await shot(page, "forecast-drill");
        const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("drill-export").click()]);
        const csv = readFileSync((await download.path())!, "utf8")
          .trim()
          .split(/\r\n/);
        expect(csv.length - 1).toBe(want.count);
        expect(
          csv
            .slice(1)
            .map((l) => Number(l.split(",")[0]))
            .sort((a, b) => a - b),
        ).toEqual(want.ids);
      }
      await page.locator(".ant-drawer-close").click();
      await page.locator(".ant-drawer-content").waitFor({ state: "detached" });
    }
    await context.close();
  }, 300_000);
});
