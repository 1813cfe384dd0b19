/**
 * The weekly forecast review in the browser: the Friday view's moved in / moved out / slipped lists (counts, totals in
 * ¥/万, a link to each deal, zh-CN and en labels) against the week the test made, and the forecast's drill-down: a
 * figure opens exactly the deals and the total it shows, both computed here by SQL over the test's own data.
 */
import { describe, expect, inject, test } from "vitest";
import { formatWan } from "../src/core/money";
import { login, makeDeal, newPage, serverAndBrowser } from "./harness";
import { settle } from "./walk";

const DAY = 86_400_000;
const W = 1_000_000; // 1万 in fen
/** today in the organisation's time zone, and a date surely after the current quarter */
const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
const later = `${Number(today.slice(0, 4)) + 1}-06-15`;

describe.skipIf(!inject("browserAvailable"))("weekly forecast review", () => {
  const env = serverAndBrowser();
  const db = () => env.server.app.db;

  test("Friday view: moved in, moved out and slipped this week, with totals, links and both languages", async () => {
    const s = env.server;
    const deal = async (who: "rep" | "rep2", title: string, wan: number) => (await makeDeal(s, who, { title, amountFen: wan * W })).opp.id;
    const redate = async (who: "rep" | "rep2", id: number, expectedCloseDate: string) => {
      const cur = await s.api<{ version: number }>(who, "GET", `/opportunities/${id}`);
      await s.api(who, "PATCH", `/opportunities/${id}`, { version: cur.version, expectedCloseDate });
    };
    const A = await deal("rep", "本周延期的项目", 30);
    const B = await deal("rep", "本周提前的项目", 50);
    const C = await deal("rep", "本周输掉的项目", 20);
    const F = await deal("rep2", "同事延期的项目", 40);
    // a month old, dated (without an audit row) inside this quarter — B in a later one
    await db()
      .updateTable("opportunities")
      .set({ created_at: Date.now() - 30 * DAY, expected_close_date: today })
      .where("id", "in", [A, B, C, F])
      .execute();
    await db().updateTable("opportunities").set({ expected_close_date: later }).where("id", "=", B).execute();
    const E = await deal("rep", "本周新建的项目", 15);
    await redate("rep", E, today);
    await redate("rep", A, later);
    await redate("rep", B, today);
    await redate("rep2", F, later);
    const cur = await s.api<{ version: number }>("rep", "GET", `/opportunities/${C}`);
    await s.api("rep", "POST", `/opportunities/${C}/transition`, { version: cur.version, action: "lost", lostReason: "competitor" });

    // the oracle: the amounts of the deals in each list, read back by SQL
    const sum = async (ids: number[]) =>
      (await db().selectFrom("opportunities").select("amount_fen").where("id", "in", ids).execute()).reduce((a, r) => a + Number(r.amount_fen), 0);
    const expected = { movedIn: [B, E], movedOut: [C], slipped: [F, A] } as const;

    const { context, page } = await newPage(env.browser);
    await login(page, s.url, "admin", "/forecast");
    await settle(page);
    const card = page.getByTestId("friday-moves");
    await card.waitFor();
    for (const [key, ids] of Object.entries(expected)) {
      await card.getByTestId(`moves-tab-${key}`).click();
      const list = card.getByTestId(`moves-${key}`);
      await list.waitFor();
      const rows = await list.locator("tr[data-row-key]").evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-row-key"))));
      expect(rows).toEqual(ids);
      const total = await sum([...ids]);
      expect(await list.getAttribute("data-amount")).toBe(String(total));
      expect(await list.getByTestId(`moves-total-${key}`).innerText()).toContain(`${ids.length} 单 · ${formatWan(total)}`);
    }
    await card.getByTestId("moves-tab-slipped").click();
    expect(await card.getByTestId("moves-slipped").innerText()).toContain("推迟到后续期间");
    expect(await card.getByTestId("moves-tab-movedIn").innerText()).toContain("移入");
    // English labels
    await page.getByTestId("lang-switch").click();
    await expect.poll(() => card.getByTestId("moves-tab-movedIn").innerText()).toContain("Moved in");
    expect(await card.getByTestId("moves-tab-movedOut").innerText()).toContain("Moved out");
    expect(await card.getByTestId("moves-tab-slipped").innerText()).toContain(`Slipped 2 deals · ¥700K`);
    expect(await card.getByTestId("moves-slipped").innerText()).toContain("Pushed to a later period");
    await page.getByTestId("lang-switch").click();
    await expect.poll(() => card.getByTestId("moves-tab-movedIn").innerText()).toContain("移入");
    // drill-down: a deal opens its opportunity
    await card.getByTestId("moves-tab-movedIn").click();
    await card.getByTestId(`move-link-${B}`).click();
    await page.waitForURL(new RegExp(`/opportunities/${B}$`));
    await page.getByText("本周提前的项目").first().waitFor();
    // the director's home shows the same lists
    await page.goto(`${s.url}/`);
    const home = page.getByTestId("friday-view").getByTestId("friday-moves");
    await home.getByTestId("moves-movedIn").waitFor();
    expect(await home.getByTestId("moves-movedIn").getAttribute("data-count")).toBe("2");
    await context.close();
  });

  test("forecast drill-down: a figure lists exactly the deals and the total it shows", async () => {
    const s = env.server;
    const cat = async (who: "rep" | "rep2", wan: number, forecastCategory: string) => {
      const { opp } = await makeDeal(s, who, { title: `预测下钻${wan}万`, amountFen: wan * W });
      await s.api(who, "PATCH", `/opportunities/${opp.id}`, { version: opp.version, expectedCloseDate: today, forecastCategory });
      return opp.id;
    };
    await cat("rep", 12, "commit");
    await cat("rep", 25, "commit");
    await cat("rep", 8, "best_case");
    await cat("rep2", 33, "commit");
    const y = Number(today.slice(0, 4)),
      q = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
    const from = `${y}-${String(q * 3 + 1).padStart(2, "0")}-01`;
    const to = q === 3 ? `${y + 1}-01-01` : `${y}-${String(q * 3 + 4).padStart(2, "0")}-01`;
    /** the oracle: the open deals of a category in this quarter, by SQL, with their weighted sum */
    const oracle = async (category: "commit" | "best_case" | "pipeline" | "omitted", owner?: number) => {
      let qq = db()
        .selectFrom("opportunities as o")
        .innerJoin("stages as st", "st.id", "o.stage_id")
        .select(["o.id", "o.amount_fen", "o.probability_override", "st.probability"])
        .where("o.status", "=", "open")
        .where("o.forecast_category", "=", category)
        .where("o.expected_close_date", ">=", from)
        .where("o.expected_close_date", "<", to);
      if (owner) qq = qq.where("o.owner_id", "=", owner);
      const rows = await qq.execute();
      const weighted = Math.round(rows.reduce((a, r) => a + Number(r.amount_fen) * (r.probability_override ?? r.probability), 0) / 100);
      return { ids: rows.map((r) => r.id).sort((a, b) => a - b), amount: rows.reduce((a, r) => a + Number(r.amount_fen), 0), weighted };
    };
    const { context, page } = await newPage(env.browser);
    await login(page, s.url, "admin", "/forecast");
    await settle(page);
    const cases = [
      { scope: "user", id: String(s.ids.rep), what: "commit" as const, owner: s.ids.rep },
      { scope: "user", id: String(s.ids.rep), what: "best_case" as const, owner: s.ids.rep },
      { scope: "company", id: "", what: "commit" as const, owner: undefined },
    ];
    for (const c of cases) {
      const want = await oracle(c.what, c.owner);
      expect(want.ids.length).toBeGreaterThan(0);
      const fig = page.locator(`[data-testid="fc-figure"][data-scope="${c.scope}"][data-scope-id="${c.id}"][data-what="${c.what}"]`).first();
      expect(await fig.innerText()).toBe(formatWan(want.weighted));
      await fig.click();
      const drawer = page.locator(".ant-drawer-open");
      const summary = drawer.getByTestId("drill-summary");
      await expect.poll(() => summary.getAttribute("data-count")).toBe(String(want.ids.length));
      expect(await summary.getAttribute("data-weighted")).toBe(String(want.weighted));
      expect(await summary.getAttribute("data-amount")).toBe(String(want.amount));
      expect(await summary.innerText()).toContain(formatWan(want.weighted));
      await expect
        .poll(async () =>
          (await drawer.locator("tr[data-row-key]").evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-row-key"))))).sort((a, b) => a - b),
        )
        .toEqual(want.ids);
      await page.keyboard.press("Escape");
      await drawer.waitFor({ state: "detached" });
    }
    await context.close();
  });
});
