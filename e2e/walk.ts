/** The pages every browser walk visits, and how to know a page has finished loading (no spinners, content shown). */
import type { Page } from "playwright-core";

export const PAGES = [
  "/",
  "/board",
  "/board?view=list",
  "/customers",
  "/customers/5",
  "/opportunities/1",
  "/funnel",
  "/planning",
  "/forecast",
  "/key-customers",
  "/import",
  "/settings",
  "/calendar",
  "/calendar?view=week",
  "/cash",
  "/value",
  "/products",
  "/product-report",
];

/** Pages outside the main walk (pools, duplicates, organisation, tokens, audit trail), visited by the crawl and the axe test. */
export const MORE_PAGES = ["/pools", "/duplicates", "/organisation", "/tokens", "/audit"];

/**
 * Waits until the shell is up, the page's content has rendered and nothing in it is loading (antd spinners and
 * skeletons, the loading state of tables), then a short quiet spell for charts. Never waits for the network to be idle.
 */
export async function settle(page: Page, timeout = 45_000): Promise<void> {
  await page.getByTestId("whoami").waitFor({ timeout });
  const quiet = () =>
    page.waitForFunction(
      () => {
        const main = document.querySelector(".jd-content");
        if (!main || (main.textContent ?? "").trim().length < 2) return false;
        return ![...main.querySelectorAll(".ant-spin-spinning, .ant-skeleton-active")].some((el) => !el.closest(".ant-btn, .ant-select, [data-busy-ok]"));
      },
      undefined,
      { timeout, polling: 100 },
    );
  try {
    await quiet();
    await drawCharts(page);
    await page.waitForTimeout(400);
    await quiet();
  } catch (e) {
    const busy = await page.evaluate(() =>
      [...document.querySelectorAll(".jd-content .ant-spin-spinning, .jd-content .ant-skeleton-active")]
        .map((el) => el.closest("[data-testid]")?.getAttribute("data-testid") ?? el.parentElement?.className ?? "?")
        .join(", "),
    );
    throw new Error(`${page.url()} still loading after ${timeout} ms (${busy}): ${(e as Error).message.split("\n")[0]}`);
  }
}

/** Brings every chart not drawn yet into view for a frame (web/src/components/Chart.tsx draws a chart once its box
 * nears the viewport), then goes back to the top, so walks see every chart's text. */
export async function drawCharts(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    for (const box of document.querySelectorAll(".jd-content [role='img']")) {
      if (box.querySelector("svg, canvas")) continue;
      box.scrollIntoView({ block: "center" });
      await frame();
    }
    window.scrollTo(0, 0);
    for (const el of document.querySelectorAll(".jd-content, .jd-content *")) if (el.scrollTop) el.scrollTop = 0;
  });
}
