/**
 * The main actions with the keyboard alone (Tab / Shift+Tab to move, Enter or Space to act, the arrow keys inside a
 * menu or a list, Ctrl+K): sign in, open the board from the side menu, open an opportunity from its card, the card's
 * move menu and the stage buttons. No mouse event is sent. Not covered yet: saving a visit from the quick-visit drawer
 * by Enter (the visit did not arrive in the first attempt, cause not found), Ctrl+K search and the language switch.
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

describe.skipIf(!inject("browserAvailable"))("keyboard only", () => {
  const env = demoServerAndBrowser();

  test("sign in, board, card menu, opportunity and its stage buttons", async () => {
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
    for (let i = 0; i < 20 && (await focused(page)) !== "销售漏斗看板"; i++) await page.keyboard.press("ArrowDown");
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

    await context.close();
  }, 300_000);
});
