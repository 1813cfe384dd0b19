/**
 * A phone (390×844, touch): home, board, customer and opportunity pages fit the width (no horizontal page scroll),
 * the header keeps one line with sign-out visible, the board shows one column at a time, and a rep logs a visit
 * on the customer page in three taps.
 */
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, inject, test } from "vitest";
import { login, makeDeal, serverAndBrowser, shot } from "./harness";
import { settle } from "./walk";

const PHONE = { width: 390, height: 844 };

async function phonePage(env: ReturnType<typeof serverAndBrowser>): Promise<{ context: BrowserContext; page: Page }> {
  const context = await env.browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN" });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return { context, page };
}

const widths = (page: Page) => page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth }));

describe.skipIf(!inject("browserAvailable"))("on a phone", () => {
  const env = serverAndBrowser();

  test("home, board, customer and opportunity pages fit 390 px; the header keeps one line", async () => {
    const { pipeline, opp, customerId } = await makeDeal(env.server, "rep", { title: "手机上看的商机" });
    const { context, page } = await phonePage(env);
    await login(page, env.server.url, "rep");
    for (const [name, path] of [
      ["home", "/"],
      ["board", `/board?pipeline=${pipeline.id}`],
      ["customer", `/customers/${customerId}`],
      ["opportunity", `/opportunities/${opp.id}`],
      ["calendar", "/calendar"],
      ["calendar-week", "/calendar?view=week"],
      ["cash", "/cash"],
      ["cash-contracts", "/cash?tab=contracts"],
      ["value", "/value"],
    ] as const) {
      await page.goto(env.server.url + path);
      await settle(page);
      const w = await widths(page);
      expect(w.doc, `${name}: page scroll width`).toBeLessThanOrEqual(PHONE.width);
      expect(w.body, `${name}: body scroll width`).toBeLessThanOrEqual(PHONE.width);
      const header = (await page.locator(".jd-header").boundingBox())!;
      expect(header.height, `${name}: header height`).toBeLessThanOrEqual(60);
      const logout = (await page.getByTestId("logout").boundingBox())!;
      expect(logout.x + logout.width, `${name}: sign-out inside the screen`).toBeLessThanOrEqual(PHONE.width);
      await shot(page, `phone-${name}`);
    }
    await context.close();
  });

  test("the board shows one column at a time and swipes to the next", async () => {
    const { pipeline } = await makeDeal(env.server, "rep", { title: "滑动看板" });
    const { context, page } = await phonePage(env);
    await login(page, env.server.url, "rep", `/board?pipeline=${pipeline.id}`);
    await page.getByTestId("board").waitFor();
    const cols = page.locator(".jd-col");
    const first = (await cols.nth(0).boundingBox())!;
    expect(first.width).toBeGreaterThan(PHONE.width * 0.75);
    expect(first.x + first.width).toBeLessThanOrEqual(PHONE.width);
    const second = (await cols.nth(1).boundingBox())!;
    expect(second.x).toBeGreaterThanOrEqual(PHONE.width - 40);
    await page.getByTestId("board").evaluate((el) => el.scrollBy({ left: el.clientWidth, behavior: "instant" as ScrollBehavior }));
    await page.waitForTimeout(400);
    const after = (await cols.nth(1).boundingBox())!;
    expect(after.x).toBeGreaterThanOrEqual(0);
    expect(after.x + after.width).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  });

  test("a rep logs a visit in three taps: 记录拜访, an outcome, 保存", async () => {
    const { customerId } = await makeDeal(env.server, "rep", { customer: "三次点击拜访客户" });
    const { context, page } = await phonePage(env);
    await login(page, env.server.url, "rep", `/customers/${customerId}`);
    await settle(page);
    await page.getByTestId("quick-visit").tap();
    await page.getByTestId("quick-outcome-progress").tap();
    await page.getByTestId("quick-visit-save").tap();
    const list = () =>
      env.server.api<{ items: Array<{ kind: string; doneAt: number | null; outcome: string | null }> }>("rep", "GET", `/activities?customer=${customerId}`);
    await expect.poll(async () => (await list()).items.length, { timeout: 30_000 }).toBe(1);
    const acts = await list();
    expect(acts.items[0]).toMatchObject({ kind: "visit", outcome: "有进展" });
    expect(acts.items[0].doneAt).not.toBeNull();
    expect((await widths(page)).doc).toBeLessThanOrEqual(PHONE.width);
    await shot(page, "phone-visit-logged");
    await context.close();
  });
});
