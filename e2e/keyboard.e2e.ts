/**
 * The main actions with the keyboard alone (Tab / Shift+Tab to move, Enter or Space to act, the arrow keys inside a
 * menu or a list, Ctrl+K): sign in, open the board from the side menu, open an opportunity from its card, the card's
 * move menu, the stage buttons, log a visit from the quick-visit drawer, the global search, the language switch. No
 * mouse event is sent.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, test } from "vitest";
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from "../src/demo/people";
import { demoServerAndBrowser } from "./demo-server";
import { settle } from "./walk";

/** Presses Tab until the focused element matches `selector`; fails when `max` presses do not get there. */
async function tabTo(page: Page, selector: string, max = 250): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector} (focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160))})`);
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");

/**
 * Presses ArrowDown until the focused item's text is `text`, waiting after each press for the focus to move: the
 * menu's roving focus moves in a React update, and under the full suite's load a read straight after the press could
 * see the item before, so that the next press skipped the one sought.
 */
async function arrowTo(page: Page, text: string, max = 30): Promise<void> {
  for (let i = 0; i < max && (await focused(page)) !== text; i++) {
    const before = await page.evaluateHandle(() => document.activeElement);
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction((prev) => document.activeElement !== prev, before, { timeout: 5_000 }).catch(() => undefined);
    await before.dispose();
  }
}

describe.skipIf(!inject("browserAvailable"))("keyboard only", () => {
  const env = demoServerAndBrowser();

  test("sign in, board, card menu, opportunity, its stage buttons, log a visit, Ctrl+K search, language switch", async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);

    // sign in: the form's fields and its submit by Enter
    await page.goto(`${env.server.url}/login`);
    await tabTo(page, "#login-email");
    await page.keyboard.type(`rep1@${DEMO_EMAIL_DOMAIN}`);
    await tabTo(page, "#login-password");
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await settle(page);
    expect(new URL(page.url()).pathname).toBe("/");

    // the side menu: Tab into it (one tab stop), arrows to 销售漏斗看板, Enter
    await tabTo(page, "nav [role='menu'], nav [role='menuitem']");
    await arrowTo(page, "销售漏斗看板");
    expect(await focused(page)).toBe("销售漏斗看板");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/board/);
    await settle(page);

    // a card's menu: Tab to its button, Enter opens the moves, Escape closes it
    await tabTo(page, "[data-testid^='card-menu-']");
    const oppId = Number((await page.evaluate(() => document.activeElement!.getAttribute("data-testid")))!.replace("card-menu-", ""));
    await page.keyboard.press("Enter");
    const menu = page.locator(".ant-dropdown:not(.ant-dropdown-hidden) [role='menu']");
    await menu.getByRole("menuitem", { name: "保持阶段" }).waitFor();
    expect(await menu.getByRole("menuitem", { name: "丢单" }).count()).toBe(1);
    await page.keyboard.press("Escape");
    await menu.waitFor({ state: "hidden" });

    // 记录拜访 from the card's menu: Escape closes the drawer and focus is back on the card's menu button (the drawer unmounts as it closes)
    const activeTestId = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.tagName);
    const visitFromMenu = async () => {
      await page.keyboard.press("Enter");
      await menu.getByRole("menuitem", { name: "保持阶段" }).waitFor();
      await page.keyboard.press("Tab"); // into the menu (rc-dropdown), then the arrows move between its items
      // rc-menu moves focus a frame after the key: let it land before reading it
      for (let i = 0; i < 20 && (await focused(page)) !== "记录拜访"; i++) {
        await page.keyboard.press("ArrowDown");
        await page.waitForTimeout(80);
      }
      expect(await focused(page)).toBe("记录拜访");
      await page.keyboard.press("Enter");
      await page.locator(".ant-drawer-open").waitFor();
    };
    await visitFromMenu();
    await page.keyboard.press("Escape");
    await page.locator(".ant-drawer-open").waitFor({ state: "detached" });
    await expect.poll(activeTestId, { timeout: 5_000 }).toBe(`card-menu-${oppId}`);
    // and after saving one (the board refetches): focus on the menu button again, or on the card if the button was replaced
    await visitFromMenu();
    await tabTo(page, ".ant-drawer-open [data-testid^='quick-outcome-']", 40);
    await page.keyboard.press("Enter");
    for (let i = 0; i < 40 && (await activeTestId()) !== "quick-visit-save"; i++) await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await page.locator(".ant-drawer-open").waitFor({ state: "detached" });
    await expect.poll(activeTestId, { timeout: 5_000 }).toMatch(new RegExp(`^card(-menu)?-${oppId}$`));
    await page.getByTestId(`card-menu-${oppId}`).focus();

    // the card itself (its title is the focusable handle): Shift+Tab back to it, Enter opens the opportunity
    for (let i = 0; i < 5 && !(await page.evaluate((id) => document.activeElement?.getAttribute("data-testid") === `card-${id}`, oppId)); i++)
      await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe(`card-${oppId}`);
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/opportunities/${oppId}$`));
    await settle(page);
    // the stage moves are buttons on the page, not only drags
    await tabTo(page, "[data-testid='opp-won']");
    await tabTo(page, "[data-testid='opp-lost']");

    // log a visit: the button, an outcome, a note, save, all by keyboard
    const note = `键盘记录 ${oppId}`;
    type Opp = { title: string; customerId: number; customerName: string; activities: Array<{ outcome: string | null; kind: string }> };
    const read = async () => (await (await page.request.get(`${env.server.url}/api/v1/opportunities/${oppId}`)).json()) as Opp;
    const visitsBefore = (await read()).activities.filter((a) => a.kind === "visit").length;
    await tabTo(page, "[data-testid='quick-visit']");
    await page.keyboard.press("Enter");
    await page.locator(".ant-drawer-open").waitFor();
    await tabTo(page, ".ant-drawer-open [data-testid^='quick-outcome-']", 40);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-pressed"))).toBe("true");
    await tabTo(page, ".ant-drawer-open textarea", 40);
    await page.keyboard.type(note);
    // the save button sits in the drawer's header, before the outcomes
    for (let i = 0; i < 40 && !(await page.evaluate(() => !!document.activeElement?.matches("[data-testid='quick-visit-save']"))); i++)
      await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("quick-visit-save");
    await page.keyboard.press("Enter");
    await page.locator(".ant-drawer-open").waitFor({ state: "detached" });
    const opp = await read();
    expect(opp.activities.filter((a) => a.kind === "visit").length).toBe(visitsBefore + 1);
    expect(opp.activities.map((a) => a.outcome)).toContainEqual(expect.stringContaining(note));
    // focus is back on the button that opened the drawer
    await expect.poll(activeTestId, { timeout: 5_000 }).toBe("quick-visit");

    // Ctrl+K, type the deal's title, Enter opens the highlighted result
    await page.keyboard.press("Control+k");
    await page.getByTestId("search-input").waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid")), { timeout: 5_000 }).toBe("search-input");
    await page.keyboard.type(opp.title);
    const chosen = page.locator("[data-testid='search-item'][aria-selected='true'] > div").first();
    await chosen.waitFor();
    const title = (await chosen.textContent())!.trim();
    await page.keyboard.press("Enter");
    await page.getByTestId("search-input").waitFor({ state: "detached" });
    await page.waitForURL((u) => /\/(customers|opportunities|contacts|activities|quotes)\//.test(u.pathname));
    await settle(page);
    await page.locator(".jd-content", { hasText: title }).waitFor();

    // the language switch in the header
    await tabTo(page, "[data-testid='lang-switch']");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await page.locator("nav [role='menuitem']", { hasText: "Pipeline board" }).waitFor();

    await context.close();
  }, 300_000);
});
