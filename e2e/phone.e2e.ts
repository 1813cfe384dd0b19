/**
 * A phone (390×844, touch): home, board, customer and opportunity pages fit the width (no horizontal page scroll),
 * the header keeps one line with sign-out visible, the board shows one column at a time, and a rep logs a visit
 * in three taps on the customer page, the opportunity page and from a board card; the drawers and the full
 * 记录活动 form fit the screen while open.
 */
import type { BrowserContext, Locator, Page } from "playwright-core";
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

/**
 * Content reaching past the right edge of the screen outside a horizontal scroller (a wide table's own scroll box, the
 * board's columns). The page's scroll width misses it on a phone: the content area clips what overflows it.
 */
const cutOff = (page: Page) =>
  page.evaluate(() => {
    const view = window.innerWidth;
    const scrolls = (el: Element) => {
      const x = getComputedStyle(el).overflowX;
      return (x === "auto" || x === "scroll") && el.scrollWidth > el.clientWidth;
    };
    const out: string[] = [];
    for (const el of document.querySelectorAll(".jd-content *")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.right <= view + 1) continue;
      let p = el.parentElement;
      while (p && !p.classList.contains("jd-content") && !scrolls(p)) p = p.parentElement;
      if (p?.classList.contains("jd-content"))
        out.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 24)}" right ${Math.round(r.right)}`);
    }
    return out.slice(0, 5);
  });

describe.skipIf(!inject("browserAvailable"))("on a phone", () => {
  const env = serverAndBrowser();

  test("organisation and pools: nothing cut off at the right edge (the department tree above the members, not beside them)", async () => {
    const { context, page } = await phonePage(env);
    await login(page, env.server.url, "admin");
    for (const path of ["/pools", "/organisation"]) {
      await page.goto(env.server.url + path);
      await settle(page);
      expect(await cutOff(page), `${path}: past the right edge`).toEqual([]);
    }
    // stacked: the members card starts below the department tree, at the left edge, not squeezed beside it
    const tree = (await page.getByTestId("org-tree").boundingBox())!;
    const members = (await page.locator(".ant-card", { hasText: "成员" }).first().boundingBox())!;
    expect(members.y, "members below the tree").toBeGreaterThanOrEqual(tree.y + tree.height);
    expect(members.width, "members card as wide as the screen's content").toBeGreaterThan(PHONE.width - 40);
    await shot(page, "phone-organisation");
    await context.close();
  });

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

  test("the side menu opens from a button in the header and takes the rep to another page", async () => {
    const { context, page } = await phonePage(env);
    await login(page, env.server.url, "rep");
    await settle(page);
    const toggle = page.getByTestId("nav-toggle");
    const box = (await toggle.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    // the button is what a tap at its centre reaches (before, the menu tab was clipped under the header)
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x, y)?.closest("[data-testid=nav-toggle]") != null,
      [box.x + box.width / 2, box.y + box.height / 2],
    );
    expect(hit).toBe(true);
    await expect.poll(() => toggle.getAttribute("aria-expanded")).toBe("false");
    await toggle.tap();
    await expect.poll(() => toggle.getAttribute("aria-expanded")).toBe("true");
    const item = page.getByRole("navigation", { name: "主导航" }).getByText("客户档案", { exact: true });
    const itemBox = (await item.boundingBox())!;
    expect(itemBox.x + itemBox.width).toBeLessThanOrEqual(PHONE.width);
    await item.tap();
    await page.waitForURL((u) => u.pathname === "/customers");
    await expect.poll(() => toggle.getAttribute("aria-expanded")).toBe("false");
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

  /** Everything inside the screen: no page scroll, and the open drawer or dialog's box within 0…390. */
  async function fits(page: Page, name: string, box: string | Locator) {
    const w = await widths(page);
    expect(w.doc, `${name}: page scroll width`).toBeLessThanOrEqual(PHONE.width);
    expect(w.body, `${name}: body scroll width`).toBeLessThanOrEqual(PHONE.width);
    const b = (await (typeof box === "string" ? page.locator(box).first() : box).boundingBox())!;
    expect(b.x, `${name}: left edge`).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width, `${name}: right edge`).toBeLessThanOrEqual(PHONE.width);
  }
  const visitsOf = (oppId: number) =>
    env.server.api<{ items: Array<{ kind: string; doneAt: number | null; outcome: string | null; opportunityId: number | null }> }>(
      "rep",
      "GET",
      `/activities?opportunity=${oppId}`,
    );

  test("on the opportunity page: three taps log a visit on the deal, the drawer fits while open; the full 记录活动 form fits too", async () => {
    const { opp } = await makeDeal(env.server, "rep", { title: "手机记录拜访的商机" });
    const { context, page } = await phonePage(env);
    await login(page, env.server.url, "rep", `/opportunities/${opp.id}`);
    await settle(page);
    await page.getByTestId("quick-visit").tap(); // 1
    await page.locator(".ant-drawer-open .ant-drawer-section, .ant-drawer-open .ant-drawer-content").first().waitFor();
    await fits(page, "quick visit drawer", ".ant-drawer-open .ant-drawer-section, .ant-drawer-open .ant-drawer-content");
    await page.getByTestId("quick-outcome-metDecisionMaker").tap(); // 2
    await page.getByTestId("quick-visit-save").tap(); // 3
    await expect.poll(async () => (await visitsOf(opp.id)).items.length, { timeout: 30_000 }).toBe(1);
    expect((await visitsOf(opp.id)).items[0]).toMatchObject({ kind: "visit", opportunityId: opp.id, outcome: "见到决策人" });

    await page.locator(".ant-drawer-open").waitFor({ state: "detached" });
    const full = page.getByRole("button", { name: "记录活动" });
    await full.scrollIntoViewIfNeeded();
    await full.tap();
    const dialog = page.getByRole("dialog", { name: "记录活动" });
    await dialog.waitFor();
    await fits(page, "记录活动 form", dialog);
    await context.close();
  });

  test("from a board card on a phone: the card's menu, 记录拜访, an outcome, 保存; the drawer fits", async () => {
    const { pipeline, opp } = await makeDeal(env.server, "rep", { title: "看板手机拜访" });
    const { context, page } = await phonePage(env);
    await login(page, env.server.url, "rep", `/board?pipeline=${pipeline.id}`);
    await page.getByTestId(`card-menu-${opp.id}`).tap();
    await page.getByRole("menuitem", { name: "记录拜访" }).tap();
    await page.getByTestId("quick-outcome-progress").waitFor();
    await fits(page, "board quick visit drawer", ".ant-drawer-open .ant-drawer-section, .ant-drawer-open .ant-drawer-content");
    await page.getByTestId("quick-outcome-progress").tap();
    await page.getByTestId("quick-visit-save").tap();
    await expect.poll(async () => (await visitsOf(opp.id)).items.length, { timeout: 30_000 }).toBe(1);
    expect((await visitsOf(opp.id)).items[0]).toMatchObject({ kind: "visit", opportunityId: opp.id, outcome: "有进展" });
    await context.close();
  });
});
