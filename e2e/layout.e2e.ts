/**
 * Layout fixes of issue 14 on demo data: the home funnel's labels stay inside the chart, the pyramid's labels fit
 * the chart (beside the tip, not inside it), the Pareto's "80%" line label does not overprint the axis's "80%",
 * card counts sit beside their titles, and the activity table's columns keep a readable width.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, test } from "vitest";
import { DEMO_ADMIN, DEMO_MANAGER, demoServerAndBrowser } from "./demo-server";
import { shot } from "./harness";
import { settle } from "./walk";

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  text?: string;
}
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The chart's box and the boxes of its SVG labels. */
async function chartText(page: Page, selector: string): Promise<{ chart: Box; texts: Box[] }> {
  return page
    .locator(selector)
    .first()
    .evaluate((root) => {
      const svg = root.querySelector("svg")!;
      const r = (svg.parentElement ?? svg).getBoundingClientRect();
      const texts = [...root.querySelectorAll("svg text")]
        .map((t) => {
          const b = t.getBoundingClientRect();
          return { x: b.x, y: b.y, width: b.width, height: b.height, text: t.textContent ?? "" };
        })
        .filter((b) => b.width > 0);
      return { chart: { x: r.x, y: r.y, width: r.width, height: r.height }, texts };
    });
}

describe.skipIf(!inject("browserAvailable"))("layout", () => {
  const env = demoServerAndBrowser();

  test("funnel, pyramid and Pareto labels inside their charts and apart; counts beside titles; activity columns readable", async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
    await context.request.post(`${env.server.url}/api/v1/auth/login`, { data: DEMO_ADMIN });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);

    await page.goto(`${env.server.url}/`);
    await page.getByTestId("brief-funnel").locator("svg text").first().waitFor();
    await settle(page);
    const funnel = await chartText(page, "[data-testid='brief-funnel'] [role='img']");
    expect(funnel.texts.length).toBeGreaterThan(0);
    for (const t of funnel.texts) expect(t.x + t.width, `funnel label "${t.text}"`).toBeLessThanOrEqual(funnel.chart.x + funnel.chart.width + 0.5);
    // each card's count badge sits beside its title, never over it
    for (const id of ["brief-today", "todo-overdue", "brief-forgotten", "brief-pool", "brief-closing"]) {
      const head = page.getByTestId(id).locator(".jd-card-title").first();
      const boxes = await head.evaluate((el) => {
        const badge = el.querySelector(".ant-badge")!.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(el.firstChild!);
        const text = range.getBoundingClientRect();
        return {
          badge: { x: badge.x, y: badge.y, width: badge.width, height: badge.height },
          text: { x: text.x, y: text.y, width: text.width, height: text.height },
        };
      });
      expect(overlap(boxes.badge, boxes.text), `${id}: count over its title`).toBe(false);
    }

    await page.goto(`${env.server.url}/key-customers`);
    await page.getByTestId("pyramid").locator("svg text").first().waitFor();
    await settle(page);
    const pyr = await chartText(page, "[data-testid='pyramid']");
    for (const t of pyr.texts) {
      expect(t.x, `pyramid label "${t.text}"`).toBeGreaterThanOrEqual(pyr.chart.x - 0.5);
      expect(t.x + t.width, `pyramid label "${t.text}"`).toBeLessThanOrEqual(pyr.chart.x + pyr.chart.width + 0.5);
    }
    for (let i = 0; i < pyr.texts.length; i++)
      for (let j = i + 1; j < pyr.texts.length; j++)
        expect(overlap(pyr.texts[i], pyr.texts[j]), `pyramid labels "${pyr.texts[i].text}" and "${pyr.texts[j].text}"`).toBe(false);
    const pareto = await chartText(page, "[data-testid='pareto']");
    const eighty = pareto.texts.filter((t) => t.text === "80%");
    expect(eighty.length).toBe(2); // the axis tick and the dashed line's label
    expect(overlap(eighty[0], eighty[1]), "the two 80% labels overprint").toBe(false);
    await shot(page, "layout-key-customers");

    await page.goto(`${env.server.url}/opportunities/1`);
    await settle(page);
    const heads = await page
      .locator(".ant-table-thead th")
      .evaluateAll((ths) => ths.map((th) => ({ text: th.textContent ?? "", width: th.getBoundingClientRect().width })));
    for (const h of heads.filter((x) => x.text.length >= 2)) expect(h.width, `column "${h.text}"`).toBeGreaterThanOrEqual(44);
    await context.close();
  });

  test("funnel dashboard and customer page on a phone (390×844): every table heading and the credit code on one line (tables scroll inside their cards)", async () => {
    const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN" });
    await context.request.post(`${env.server.url}/api/v1/auth/login`, { data: DEMO_MANAGER });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    // the texts (at least two characters) of the elements matched that wrap onto more than one line
    const wrapped = (selector: string) =>
      page.locator(selector).evaluateAll((els) =>
        els
          .map((el) => {
            const range = document.createRange();
            range.selectNodeContents(el);
            const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            return { text: (el.textContent ?? "").trim(), lines: tops.size };
          })
          .filter((h) => h.text.length >= 2 && h.lines > 1)
          .map((h) => `${h.text} (${h.lines} lines)`),
      );
    const customer = (await (await context.request.get(`${env.server.url}/api/v1/customers?limit=50`)).json()) as {
      items: Array<{ id: number; creditCode: string | null }>;
    };
    const withCode = customer.items.find((c) => c.creditCode)!;
    for (const [path, shotName] of [
      ["/funnel", "layout-phone-funnel"],
      [`/customers/${withCode.id}`, "layout-phone-customer"],
    ] as const) {
      await page.goto(env.server.url + path);
      await settle(page);
      expect(await wrapped(".jd-content .ant-table-thead th"), `${path}: table headings`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(page, shotName);
    }
    // the profile's values: the 18-character unified social credit code on one line
    const code = page.locator(".ant-descriptions-item-content", { hasText: withCode.creditCode! });
    expect((await code.boundingBox())!.height).toBeLessThan(40);
    await context.close();
  });
});
