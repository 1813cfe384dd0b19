/** Issue 12 in a real browser: an admin builds a pipeline from scratch in settings and sees it on the board; a rep saves a view and picks it again. */
import { describe, expect, inject, test } from "vitest";
import { login, makeDeal, newPage, serverAndBrowser, shot } from "./harness";

interface P {
  id: number;
  key: string;
  stages: Array<{ id: number; key: string; kind: string; position: number; nameZh: string }>;
  archivedStages: Array<{ id: number }>;
}

describe.skipIf(!inject("browserAvailable"))("pipeline builder and saved views", () => {
  const env = serverAndBrowser();

  test("build Prospecting → Engaging, add Qualifying, move it up, remove Prospecting with its deal, and see it on the board", async () => {
    const s = env.server;
    const { context, page } = await newPage(env.browser);
    await login(page, s.url, "admin", "/settings");
    await page.getByTestId("pb-new").click();
    const dialog = page.getByRole("dialog");
    await page.getByTestId("pb-key").fill("outbound");
    await page.getByTestId("pb-nameZh").fill("外呼漏斗");
    await page.getByTestId("pb-nameEn").fill("Outbound");
    await dialog.getByRole("textbox", { name: "阶段 1 中文" }).fill("寻找客户");
    await dialog.getByRole("textbox", { name: "阶段 1 英文" }).fill("Prospecting");
    await dialog.getByRole("textbox", { name: "阶段 2 中文" }).fill("接洽");
    await dialog.getByRole("textbox", { name: "阶段 2 英文" }).fill("Engaging");
    await shot(page, "pipeline-builder-new");
    await dialog.getByRole("button", { name: /确\s*定|OK/ }).click();
    await page.getByTestId("pb-open-engaging").waitFor();
    let p = (await s.api<{ items: P[] }>("admin", "GET", "/pipelines")).items.find((x) => x.key === "outbound")!;
    expect(p.stages.map((x) => x.key)).toEqual(["prospecting", "engaging", "won", "lost"]);

    // add Qualifying at the end, then move it above Engaging
    const add = page.getByTestId("pb-add-stage");
    await add.getByRole("textbox", { name: "添加阶段 中文" }).fill("资格确认");
    await add.getByRole("textbox", { name: "添加阶段 英文" }).fill("Qualifying");
    await add.getByRole("button", { name: /添加阶段/ }).click();
    await page.getByTestId("pb-open-qualifying").waitFor();
    await page.getByRole("button", { name: "上移 资格确认" }).click();
    await page.getByTestId("pb-order").getByText("2. 资格确认").waitFor();
    p = (await s.api<{ items: P[] }>("admin", "GET", "/pipelines")).items.find((x) => x.key === "outbound")!;
    expect(p.stages.map((x) => x.key)).toEqual(["prospecting", "qualifying", "engaging", "won", "lost"]);

    // a deal in Prospecting; removing the stage moves it to Qualifying
    const { opp } = await makeDeal(s, "rep", { pipelineKey: "outbound", title: "外呼商机" });
    await page.getByRole("button", { name: "删除阶段 寻找客户" }).click();
    const rm = page.getByRole("dialog");
    await page.getByTestId("pb-move-to").click();
    await page.locator(".ant-select-item-option", { hasText: /^资格确认$/ }).click();
    await shot(page, "pipeline-builder-remove");
    await rm.getByRole("button", { name: /确\s*定|OK/ }).click();
    await page.getByText(/已删除\(归档\)的阶段: 寻找客户/).waitFor();
    p = (await s.api<{ items: P[] }>("admin", "GET", "/pipelines")).items.find((x) => x.key === "outbound")!;
    expect(p.stages.map((x) => x.key)).toEqual(["qualifying", "engaging", "won", "lost"]);
    const qualifying = p.stages[0];
    const moved = await s.api<{ stageId: number }>("rep", "GET", `/opportunities/${opp.id}`);
    expect(moved.stageId).toBe(qualifying.id);
    await context.close();

    // the rep's board shows the pipeline's stages and the deal in Qualifying
    const rep = await newPage(env.browser);
    await login(rep.page, s.url, "rep", `/board?pipeline=${p.id}`);
    await rep.page.getByTestId(`column-${qualifying.id}`).getByTestId(`card-${opp.id}`).waitFor();
    const labels = await rep.page.locator("section.jd-col").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    expect(labels.slice(0, 2)).toEqual(["资格确认", "接洽"]);
    expect(labels).not.toContain("寻找客户");
    await shot(rep.page, "pipeline-builder-board");
    await rep.context.close();
  });

  test("a rep saves a view of the customers list, reloads, picks it, and its filters and sort apply", async () => {
    const s = env.server;
    const { context, page } = await newPage(env.browser);
    await login(page, s.url, "rep", "/customers?tier=abc:A&sort=-updated_at");
    await page.getByTestId("view-save").click();
    await page.getByTestId("view-name").fill("A类客户");
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
    await page.waitForURL(/sv=\d+/);
    const views = await s.api<{ items: Array<{ name: string; filters: Record<string, string>; sort: string | null }> }>("rep", "GET", "/views?list=customers");
    expect(views.items.map((v) => [v.name, v.filters, v.sort])).toEqual([["A类客户", { tier: "abc:A" }, "-updated_at"]]);

    await page.goto(`${s.url}/customers`);
    await page.reload();
    await page.getByTestId("view-picker").click();
    await page.locator(".ant-select-item-option", { hasText: /^A类客户$/ }).click();
    await page.waitForURL(/tier=abc%3AA/);
    const url = new URL(page.url());
    expect([url.searchParams.get("tier"), url.searchParams.get("sort")]).toEqual(["abc:A", "-updated_at"]);
    await page.getByRole("group", { name: "筛选" }).getByText("ABC A").waitFor();
    await shot(page, "saved-view-picked");
    await context.close();
  });
});
