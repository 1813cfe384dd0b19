/**
 * Ctrl+K search, keyboard details: Enter pressed before the results are in (inside the 200 ms debounce, or with
 * arrows pressed while the request is out) still opens the highlighted result once they arrive; the arrows move the
 * highlight and the input's aria-activedescendant names it; the last option opens the customer list with ?q=;
 * an Enter that confirms an IME composition opens nothing.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, test } from "vitest";
import { login, newPage, serverAndBrowser } from "./harness";

/**
 * Holds every /api/v1/search request until the test lets it through, so keys pressed after typing come before the
 * results however slow the machine is (a fixed delay raced the test's own steps under load). `sent()` resolves once a
 * request is being held; `release()` lets the held ones (and every later one) through.
 */
async function heldSearch(page: Page) {
  let open = false;
  const waiting: Array<() => void> = [];
  let seen: () => void = () => undefined;
  let sentNow = new Promise<void>((r) => {
    seen = r;
  });
  await page.route("**/api/v1/search?**", async (route) => {
    if (!open) {
      seen();
      await new Promise<void>((r) => waiting.push(r));
    }
    await route.continue();
  });
  return {
    sent: () => sentNow,
    release() {
      open = true;
      for (const w of waiting.splice(0)) w();
    },
    hold() {
      open = false;
      sentNow = new Promise<void>((r) => {
        seen = r;
      });
    },
  };
}

const activeDescendantText = (page: Page) =>
  page.getByTestId("search-input").evaluate((el) => {
    const id = el.getAttribute("aria-activedescendant");
    return id ? (document.getElementById(id)?.textContent ?? `missing #${id}`) : null;
  });

describe.skipIf(!inject("browserAvailable"))("global search (Ctrl+K) by keyboard", () => {
  const env = serverAndBrowser();
  const customer = (name: string) => env.server.api<{ customer: { id: number } }>("rep", "POST", "/customers", { name });

  test("Enter inside the debounce, and Enter after arrows pressed before the results, open the highlighted result", async () => {
    const a = await customer("宁波回车测试甲有限公司");
    const { page, context } = await newPage(env.browser);
    await login(page, env.server.url, "rep", "/");
    const search = await heldSearch(page);
    const input = page.getByTestId("search-input");

    // typed and Enter at once: the debounce has not even sent the query (and its answer is held until after the Enter)
    await page.keyboard.press("Control+k");
    await input.fill("宁波回车测试甲");
    await input.press("Enter");
    search.release();
    await page.waitForURL(`**/customers/${a.customer.id}`);
    await input.waitFor({ state: "detached" });

    // arrows while the request is out (nothing to move through yet), then Enter: the first result once it comes
    search.hold();
    await page.keyboard.press("Control+k");
    await input.fill("宁波回车测试");
    await search.sent(); // past the debounce, the request held
    expect(await page.getByTestId("search-item").count()).toBe(0);
    await input.press("ArrowDown");
    await input.press("ArrowDown");
    await input.press("Enter");
    search.release();
    await page.waitForURL(`**/customers/${a.customer.id}`);
    await context.close();
  });

  test("arrows move the highlight (aria-activedescendant follows); the last option opens the customer list with ?q=", async () => {
    const first = await customer("温州箭头测试一号有限公司");
    const second = await customer("温州箭头测试二号有限公司");
    const { page, context } = await newPage(env.browser);
    await login(page, env.server.url, "rep", "/");
    const input = page.getByTestId("search-input");
    await page.keyboard.press("Control+k");
    await input.fill("温州箭头测试");
    await expect.poll(() => page.getByTestId("search-item").count()).toBe(2);
    expect(await input.getAttribute("role")).toBe("combobox");
    const titles = await page.locator("[data-testid='search-item'] > div:first-child").allTextContents();
    await expect.poll(() => activeDescendantText(page)).toContain(titles[0]);
    await input.press("ArrowDown");
    await expect.poll(() => activeDescendantText(page)).toContain(titles[1]);
    expect(await page.locator("[data-testid='search-item'][aria-selected='true']").textContent()).toContain(titles[1]);
    // Enter opens the one highlighted, not the first
    await input.press("Enter");
    const ids = { 温州箭头测试一号有限公司: first.customer.id, 温州箭头测试二号有限公司: second.customer.id } as Record<string, number>;
    await page.waitForURL(`**/customers/${ids[titles[1]]}`);

    // 查看全部结果: one more ArrowDown past the last result, Enter → the customer list filtered by the words
    await page.keyboard.press("Control+k");
    await input.fill("温州箭头测试");
    await expect.poll(() => page.getByTestId("search-item").count()).toBe(2);
    await input.press("ArrowDown");
    await input.press("ArrowDown");
    await input.press("ArrowDown"); // stays on the last option
    await expect.poll(() => activeDescendantText(page)).toContain("查看全部结果");
    expect(await page.getByTestId("search-all").getAttribute("aria-selected")).toBe("true");
    await input.press("Enter");
    await page.waitForURL((u) => u.pathname === "/customers" && u.searchParams.get("q") === "温州箭头测试");
    await page.getByText("温州箭头测试一号有限公司").first().waitFor();
    await page.getByText("温州箭头测试二号有限公司").first().waitFor();
    await context.close();
  });

  test("an Enter that confirms an IME composition opens nothing; the next Enter does", async () => {
    const c = await customer("绍兴输入法测试有限公司");
    const { page, context } = await newPage(env.browser);
    await login(page, env.server.url, "rep", "/");
    const input = page.getByTestId("search-input");
    await page.keyboard.press("Control+k");
    await input.fill("绍兴输入法");
    await page.getByTestId("search-item").first().waitFor();
    const enter = (isComposing: boolean) =>
      input.evaluate((el, composing) => {
        el.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", code: "Enter", bubbles: true, cancelable: true, isComposing: composing }));
      }, isComposing);
    await enter(true);
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await input.count()).toBe(1);
    await enter(false);
    await page.waitForURL(`**/customers/${c.customer.id}`);
    await context.close();
  });

  test("English: the last option reads See all results", async () => {
    await customer("嘉兴英文测试有限公司");
    await env.server.api("rep", "PATCH", "/auth/me", { locale: "en" });
    try {
      const { page, context } = await newPage(env.browser);
      await login(page, env.server.url, "rep", "/");
      await page.keyboard.press("Control+k");
      await page.getByTestId("search-input").fill("嘉兴英文测试");
      await page.getByTestId("search-item").first().waitFor();
      expect(await page.getByTestId("search-all").textContent()).toContain("See all results");
      await context.close();
    } finally {
      await env.server.api("rep", "PATCH", "/auth/me", { locale: "zh-CN" });
    }
  });
});
