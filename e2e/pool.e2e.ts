/** The customer pool in a real browser: release a customer, claim it as another rep, hit the daily cap, transfer with deals. */
import { describe, expect, inject, test } from "vitest";
import { login, makeDeal, newPage, serverAndBrowser, shot } from "./harness";

describe.skipIf(!inject("browserAvailable"))("customer pool", () => {
  const env = serverAndBrowser();

  test("a rep releases a customer with a reason; another rep claims it from the pool page; the daily cap message names the cap", async () => {
    const s = env.server;
    const pools = await s.api<{ items: Array<{ id: number }> }>("admin", "GET", "/pools");
    const poolId = pools.items[0].id;
    await s.api("admin", "PUT", `/pools/${poolId}/rules`, {
      dailyClaimCap: 1,
      cooldownDays: 7,
      rulesEnabled: true,
      rules: [{ kind: "no_follow_up", days: 30, warnDays: 3 }],
    });
    const a = await makeDeal(s, "rep", { customer: "公海测试甲公司" });
    const b = await s.api<{ customer: { id: number } }>("rep", "POST", "/customers", { name: "公海测试乙公司" });
    await s.api("rep", "POST", `/customers/${b.customer.id}/release`, { reason: "暂无需求" });

    const rep = await newPage(env.browser);
    await login(rep.page, s.url, "rep", `/customers/${a.customerId}`);
    await rep.page.getByTestId("pool-badge").waitFor();
    await expect(rep.page.getByTestId("pool-badge").textContent()).resolves.toMatch(/不回收|天后进公海/);
    await rep.page.getByTestId("release").click();
    await rep.page.getByTestId("release-reason").fill("客户预算冻结，明年再跟");
    await rep.page.getByTestId("release-ok").click();
    await rep.page.getByTestId("in-pool").waitFor();
    await shot(rep.page, "pool-released");
    await rep.context.close();

    const other = await newPage(env.browser);
    await login(other.page, s.url, "otherRep", "/pools");
    await other.page.getByText("客户预算冻结，明年再跟").waitFor();
    await shot(other.page, "pool-page");
    await other.page.getByTestId(`claim-${a.customerId}`).click();
    await other.page.getByText("已领取").first().waitFor();
    const owned = await s.api<{ ownerId: number }>("otherRep", "GET", `/customers/${a.customerId}`);
    expect(owned.ownerId).toBe(s.ids.otherRep);
    await other.page.getByTestId(`claim-${b.customer.id}`).click();
    const err = other.page.getByTestId("pool-error");
    await err.waitFor();
    await expect(err.textContent()).resolves.toContain("今日领取已达上限（1/1）");
    await shot(other.page, "pool-daily-cap");
    await other.context.close();
  });

  test("a manager transfers a customer with its open deal from the customer page", async () => {
    const s = env.server;
    const d = await makeDeal(s, "rep2", { customer: "转移测试丙公司", title: "转移商机" });
    const mgr = await newPage(env.browser);
    await login(mgr.page, s.url, "manager", `/customers/${d.customerId}`);
    await mgr.page.getByTestId("transfer").click();
    await mgr.page.getByTestId("transfer-to").click();
    await mgr.page.locator(".ant-select-item-option", { hasText: /^rep$/ }).click();
    await mgr.page.getByTestId("transfer-ok").click();
    await mgr.page.getByText(/已转移：客户 1，商机 1/).waitFor();
    await shot(mgr.page, "transfer-with-deals");
    const opp = await s.api<{ ownerId: number }>("manager", "GET", `/opportunities/${d.opp.id}`);
    expect(opp.ownerId).toBe(s.ids.rep);
    await mgr.context.close();
  });
});
