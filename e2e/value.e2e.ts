/** 客户价值 on demo data: last month's active customers and the grade counts match what SQL counts in the database. */
import { sql } from "kysely";
import { describe, expect, inject, test } from "vitest";
import { DEMO_ADMIN, demoServerAndBrowser } from "./demo-server";
import { shot } from "./harness";
import { settle } from "./walk";

describe.skipIf(!inject("browserAvailable"))("客户价值", () => {
  const env = demoServerAndBrowser();

  test("retention: last month's active customers; grades: every customer in one grade", async () => {
    const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
    await context.request.post(`${env.server.url}/api/v1/auth/login`, { data: DEMO_ADMIN });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${env.server.url}/value`);
    await page.getByTestId("retention").waitFor();
    await settle(page);
    // last month in Shanghai, and the customers with an order in it, counted in SQL
    const shanghaiNow = new Date(Date.now() + 8 * 3_600_000);
    const y = shanghaiNow.getUTCFullYear(),
      m = shanghaiNow.getUTCMonth(); // m: this month 0-based → last month is m - 1
    const start = Date.UTC(y, m - 1, 1) - 8 * 3_600_000,
      end = Date.UTC(y, m, 1) - 8 * 3_600_000;
    const key = new Date(Date.UTC(y, m - 1, 1)).toISOString().slice(0, 7);
    const active = await env.server.db
      .selectFrom("orders")
      .select(sql<number>`count(distinct customer_id)`.as("n"))
      .where("ordered_at", ">=", start)
      .where("ordered_at", "<", end)
      .executeTakeFirstOrThrow();
    const row = (await page.getByTestId("retention").locator("tbody tr").allInnerTexts()).find((r) => r.startsWith(key));
    expect(row, `a row for ${key}`).toBeDefined();
    expect(row!.split(/\t/)[1].trim()).toBe(String(Number(active.n)));
    await shot(page, "value-retention");

    await page.getByRole("tab", { name: "客户等级" }).click();
    await page.getByTestId("grades").waitFor();
    await settle(page);
    const counts = await Promise.all(["A", "B", "C", "D"].map(async (g) => Number((await page.getByTestId(`grade-${g}`).innerText()).split("·")[1])));
    const customers = await env.server.db
      .selectFrom("customers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(counts.reduce((s, n) => s + n, 0)).toBe(Number(customers.n));
    await context.close();
  });
});
