/** Planning, language, import and the report pages in a real browser. */
import { describe, expect, inject, test } from "vitest";
import { login, newPage, serverAndBrowser, shot } from "./harness";

describe.skipIf(!inject("browserAvailable"))("pages", () => {
  const env = serverAndBrowser();

  test("the balance calculator gives the seed's worked example as typed: 300万 / 3万 / 10 %, and 200 台 / 2 台", async () => {
    const { context, page } = await newPage(env.browser);
    await login(page, env.server.url, "manager", "/planning");
    const balance = page.getByTestId("balance");
    await balance.waitFor();
    await page.getByTestId("balance-target").fill("300万");
    await page.getByTestId("balance-average").fill("3万");
    await page.getByTestId("balance-probability").fill("10%");
    await expect(page.getByTestId("balance-contracts").textContent()).resolves.toContain("100");
    await expect(page.getByTestId("balance-year").textContent()).resolves.toMatch(/1,?000/);
    await expect(page.getByTestId("balance-month").textContent()).resolves.toContain("83.3");
    await shot(page, "planning-balance-amount");
    await balance.getByText("按台数").click();
    await page.getByTestId("balance-target").fill("200");
    await page.getByTestId("balance-average").fill("2");
    await expect(page.getByTestId("balance-contracts").textContent()).resolves.toContain("100");
    await expect(page.getByTestId("balance-year").textContent()).resolves.toMatch(/1,?000/);
    await expect(page.getByTestId("balance-month").textContent()).resolves.toContain("83.3");
    await shot(page, "planning-balance-units");
    await context.close();
  });

  test("switching to English changes the app and is remembered for the user", async () => {
    const { context, page } = await newPage(env.browser);
    await login(page, env.server.url, "rep2", "/board");
    await page.getByRole("menuitem", { name: "销售漏斗看板" }).waitFor();
    await page.getByTestId("lang-switch").click();
    await page.getByRole("menuitem", { name: "Pipeline board" }).waitFor();
    await shot(page, "language-english");
    const me = await env.server.api("rep2", "GET", "/auth/me");
    expect(me.user.locale).toBe("en");
    await context.close();
    // a new browser (no local storage) gets English from the account
    const again = await newPage(env.browser);
    await login(again.page, env.server.url, "rep2", "/");
    await again.page.getByRole("menuitem", { name: "Pipeline board" }).waitFor();
    await again.page.getByTestId("lang-switch").click();
    await again.page.getByRole("menuitem", { name: "销售漏斗看板" }).waitFor();
    await again.context.close();
  });

  test("the import wizard maps Chinese headers and reports the bad row in the dry run", async () => {
    const { context, page } = await newPage(env.browser);
    await login(page, env.server.url, "manager", "/import");
    const csv = "客户编号,客户名称,行业,统一社会信用代码\nE2E-001,杭州导入测试有限公司,制造业,\nE2E-002,,零售,\nE2E-003,宁波导入测试有限公司,物流,123\n";
    await page.locator("input[type=file]").setInputFiles({ name: "客户.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    const map = page.getByTestId("import-map");
    await map.waitFor();
    await expect(map.textContent()).resolves.toContain("external_id");
    await expect(map.textContent()).resolves.toContain("credit_code");
    await shot(page, "import-map");
    await page.getByTestId("import-dry-run").click();
    const errors = page.getByTestId("import-errors");
    await errors.waitFor();
    const text = await errors.textContent();
    expect(text).toContain("name");
    expect(text).toMatch(/3/);
    expect(await page.getByTestId("import-run").isDisabled()).toBe(true);
    await shot(page, "import-dry-run-errors");
    const customers = await env.server.api("manager", "GET", "/customers?q=导入测试");
    expect(customers.items).toHaveLength(0);
    await context.close();
  });
});
