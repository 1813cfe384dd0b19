/**
 * The broken items of issue 14, each in a real browser: Won after the checklist keeps the contract; a signing bar
 * lists as many customers as it counts; the duplicate warning comes while typing and needs confirmation; a rep
 * opening settings gets a translated notice.
 */
import { describe, expect, inject, test } from "vitest";
import { login, makeDeal, newPage, serverAndBrowser, type Server, shot } from "./harness";

type Stage = { id: number; kind: string; position: number; criteria: Array<{ id: number }> };

/** Walks an opportunity through the API to the last open stage, ticking each stage's checklist on the way. */
async function toLastOpenStage(s: Server, oppId: number, stages: Stage[]): Promise<Stage> {
  const open = stages.filter((x) => x.kind === "open").sort((a, b) => a.position - b.position);
  for (const st of open.slice(0, -1)) {
    for (const c of st.criteria) await s.api("rep", "PUT", `/opportunities/${oppId}/checks/${c.id}`, { note: "已核实" });
    const cur = await s.api<{ version: number }>("rep", "GET", `/opportunities/${oppId}`);
    await s.api("rep", "POST", `/opportunities/${oppId}/transition`, { version: cur.version, action: "advance" });
  }
  return open[open.length - 1];
}

describe.skipIf(!inject("browserAvailable"))("issue 14 fixes", () => {
  const env = serverAndBrowser();

  test("Won after the checklist dialog sends the contract again: one pass, no empty Won dialog", async () => {
    const { pipeline, opp } = await makeDeal(env.server, "rep", { title: "签约的商机", amountFen: 10_000_000 });
    const last = await toLastOpenStage(env.server, opp.id, pipeline.stages);
    expect(last.criteria.length).toBeGreaterThan(0);
    const { context, page } = await newPage(env.browser);
    await login(page, env.server.url, "rep", `/opportunities/${opp.id}`);
    await page.getByTestId("opp-fields").waitFor();
    await page.getByTestId("opp-won").click();
    const dialog = page.getByRole("dialog");
    await page.getByTestId("contract-number").fill("HT-2026-0042");
    await dialog.getByRole("button", { name: /赢\s*单/ }).click();
    await page
      .getByText(/达标检查评估点/)
      .first()
      .waitFor();
    for (const c of last.criteria) await page.getByTestId(`criterion-${c.id}`).click();
    await page.getByTestId("checklist-confirm").click();
    await expect.poll(() => page.getByTestId("opp-status").innerText(), { timeout: 15_000 }).toBe("赢单");
    await expect.poll(async () => (await env.server.api<{ status: string }>("rep", "GET", `/opportunities/${opp.id}`)).status, { timeout: 10_000 }).toBe("won");
    expect(await page.getByTestId("contract-number").count()).toBe(0);
    await shot(page, "fix-won-after-checklist");
    await context.close();
  });

  test("a rep opening settings by URL sees a translated notice, and no settings menu", async () => {
    const { context, page } = await newPage(env.browser);
    await login(page, env.server.url, "rep", "/settings");
    await page.getByTestId("no-access").waitFor();
    const text = await page.getByTestId("no-access").innerText();
    expect(text).toContain("无权访问");
    expect(text).toContain("仅管理员可用");
    expect(await page.getByRole("menuitem", { name: "系统设置" }).count()).toBe(0);
    await shot(page, "fix-rep-settings");
    await context.close();
  });

  test("the duplicate warning appears while typing and creating needs an explicit confirmation; nothing is created twice", async () => {
    const name = "宁波查重示范制造有限公司";
    await env.server.api("rep", "POST", "/customers", { name });
    const { context, page } = await newPage(env.browser);
    await login(page, env.server.url, "rep", "/customers");
    await page.getByRole("button", { name: /新建客户/ }).click();
    await page.getByTestId("customer-name").fill(name);
    await page.getByTestId("duplicate-warning").waitFor();
    const ok = page.getByRole("dialog").getByRole("button", { name: /确\s*定|OK/ });
    expect(await ok.isDisabled()).toBe(true);
    await shot(page, "fix-duplicate-while-typing");
    await page.getByTestId("duplicate-confirm").click();
    await ok.click();
    await page.waitForURL(/\/customers\/\d+$/);
    const list = await env.server.api<{ items: Array<{ name: string }> }>("rep", "GET", `/customers?q=${encodeURIComponent(name)}`);
    expect(list.items.filter((c) => c.name === name)).toHaveLength(2);
    await context.close();
  });
});
