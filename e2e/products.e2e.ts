/** Products in a real browser: a manager adds a product in the catalogue; a rep adds line items on an opportunity and sees its amount become their total, then quotes from the lines. */
import { describe, expect, inject, test } from "vitest";
import { formatWan } from "../src/core/money";
import { login, makeDeal, newPage, serverAndBrowser, shot } from "./harness";

describe.skipIf(!inject("browserAvailable"))("products", () => {
  const env = serverAndBrowser();

  test("a manager adds ERP-E2E at ¥12 000; a rep adds 3 of it at 10 % off and 1 service on a deal: the amount becomes ¥37 400", async () => {
    const s = env.server;
    await s.api("admin", "POST", "/products", { code: "SVC-E2E", name: "实施服务E2E", category: "服务", unit: "人天", listPriceFen: 500_000 });
    const mgr = await newPage(env.browser);
    await login(mgr.page, s.url, "manager", "/products");
    await mgr.page.getByTestId("product-new").click();
    await mgr.page.getByTestId("product-code").fill("ERP-E2E");
    await mgr.page.getByTestId("product-name").fill("ERP 标准版E2E");
    await mgr.page.getByTestId("product-price").fill("12000");
    await mgr.page.getByRole("button", { name: /保\s*存/ }).click();
    await mgr.page.getByTestId("product-table").getByText("ERP-E2E").waitFor();
    await shot(mgr.page, "products-catalogue");
    await mgr.context.close();

    const { opp } = await makeDeal(s, "rep", { amountFen: 30_000_000 });
    const rep = await newPage(env.browser);
    await login(rep.page, s.url, "rep", `/opportunities/${opp.id}`);
    await rep.page.getByText(formatWan(30_000_000, 1)).first().waitFor();
    await rep.page.getByTestId("lines-edit").click();
    for (const [i, name, units, discount] of [
      [0, "ERP-E2E", "3", "10"],
      [1, "SVC-E2E", "1", ""],
    ] as const) {
      await rep.page.getByTestId("lines-add").click();
      await rep.page.getByTestId(`line-product-${i}`).click();
      // the previous row's dropdown may still be closing: the row's own is the newest, rendered last
      await rep.page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option", { hasText: name }).last().click();
      await rep.page.getByTestId(`line-units-${i}`).fill(units);
      if (discount) await rep.page.getByTestId(`line-${i}`).getByPlaceholder("%").fill(discount);
    }
    await shot(rep.page, "opportunity-lines-edit");
    await rep.page.getByTestId("lines-save").click();
    // 3 × ¥12 000 × 0.9 + 1 × ¥5 000 = ¥37 400 = 3 740 000 fen
    const expected = 3 * 1_200_000 * 0.9 + 500_000;
    await rep.page
      .getByTestId("lines-total")
      .filter({ hasText: formatWan(expected, 1) })
      .waitFor();
    await rep.page
      .locator("strong", { hasText: formatWan(expected, 1) })
      .first()
      .waitFor();
    expect(await rep.page.getByText(formatWan(30_000_000, 1)).count()).toBe(0);
    const stored = await s.api<{ amountFen: number }>("rep", "GET", `/opportunities/${opp.id}`);
    expect(stored.amountFen).toBe(expected);
    await rep.page.getByTestId("lines-quote").click();
    await rep.page.locator("td", { hasText: "Q-000001" }).waitFor();
    await shot(rep.page, "opportunity-lines");
    await rep.context.close();
  });
});
