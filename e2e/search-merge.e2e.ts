/** Global search and merging duplicates in a real browser: Ctrl+K finds a customer by its pinyin initials and opens it; two customers merged on the duplicates page. */
import { describe, expect, inject, test } from "vitest";
import { login, newPage, serverAndBrowser, shot } from "./harness";

describe.skipIf(!inject("browserAvailable"))("search and merge", () => {
  const env = serverAndBrowser();

  test("Ctrl+K, jdkj, Enter opens 金豆科技; another department's 金豆 is not offered", async () => {
    const s = env.server;
    const mine = await s.api<{ customer: { id: number } }>("rep", "POST", "/customers", { name: "杭州金豆科技有限公司" });
    await s.api("otherRep", "POST", "/customers", { name: "苏州金豆科技有限公司" });
    const { page, context } = await newPage(env.browser);
    await login(page, s.url, "rep", "/");
    await page.keyboard.press("Control+k");
    await page.getByTestId("search-input").fill("jdkj");
    const items = page.getByTestId("search-item");
    await items.first().waitFor();
    await expect(items.allTextContents()).resolves.toEqual([expect.stringContaining("杭州金豆科技有限公司")]);
    await expect(page.getByTestId("search-group-customer").textContent()).resolves.toContain("客户");
    await shot(page, "search-jdkj");
    await page.getByTestId("search-input").press("Enter");
    await page.waitForURL(`**/customers/${mine.customer.id}`);
    await page.getByText("杭州金豆科技有限公司").first().waitFor();
    await context.close();
  });

  test("the duplicates page merges two customers field by field; the survivor has both records' deals", async () => {
    const s = env.server;
    const a = await s.api<{ customer: { id: number } }>("rep", "POST", "/customers", { name: "上海合并测试有限公司", region: "上海" });
    const b = await s.api<{ customer: { id: number } }>("rep", "POST", "/customers", { name: "上海 合并测试（有限公司）", industry: "制造" });
    const pipelines = await s.api<{ items: Array<{ id: number; key: string }> }>("rep", "GET", "/pipelines");
    const crm5 = pipelines.items.find((p) => p.key === "crm5")!;
    await s.api("rep", "POST", "/opportunities", {
      customerId: b.customer.id,
      pipelineId: crm5.id,
      title: "合并测试商机",
      amountFen: 1_000_000,
      source: "inbound",
    });
    const { page, context } = await newPage(env.browser);
    await login(page, s.url, "rep", "/duplicates");
    const pair = page.getByTestId("dup-pair").filter({ hasText: "上海合并测试有限公司" });
    await pair.waitFor();
    await pair.getByTestId("dup-merge").click();
    await page.getByTestId("merge-fields").waitFor();
    // the survivor (the older record) keeps its name; industry comes from the other record (the survivor has none)
    await page.getByTestId("keep-name-target").check();
    await expect(page.getByTestId("keep-industry-source").isChecked()).resolves.toBe(true);
    await shot(page, "merge-dialog");
    await page.getByTestId("merge-ok").click();
    await page.getByText("已合并").first().waitFor();
    const survivor = await s.api<{ name: string; industry: string; region: string; opportunities: Array<{ title: string }> }>(
      "rep",
      "GET",
      `/customers/${a.customer.id}`,
    );
    expect(survivor).toMatchObject({ name: "上海合并测试有限公司", industry: "制造", region: "上海" });
    expect(survivor.opportunities.map((o) => o.title)).toEqual(["合并测试商机"]);
    await expect(s.api("rep", "GET", `/customers/${b.customer.id}`)).rejects.toThrow(/404/);
    await expect(page.getByTestId("dup-pair").filter({ hasText: "上海合并测试有限公司" }).count()).resolves.toBe(0);
    await context.close();
  });
});
