/**
 * 回款与提成: receivables ageing, commission, signed / qualified customers, contracts and quotes show the figures of
 * contracts and payments made in the test; a quote is made from the opportunity page with the total computed here.
 */
import { describe, expect, inject, test } from "vitest";
import { login, makeDeal, newPage, serverAndBrowser, shot } from "./harness";
import { settle } from "./walk";

const DAY = 86_400_000;
/** "YYYY-MM-DD" in Shanghai (the server's organisation zone). */
const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

describe.skipIf(!inject("browserAvailable"))("回款与提成", () => {
  const env = serverAndBrowser();

  test("ageing buckets, commission at 3 %, signed counts and the contract list", async () => {
    const s = env.server;
    const now = Date.now();
    const a = await makeDeal(s, "rep", { customer: "回款甲公司" });
    const b = await makeDeal(s, "rep", { customer: "回款乙公司" });
    // 甲: 100万 signed 80 days ago, 30万 due 70 days ago (paid 72 days ago), 70万 due 45 days ago (unpaid: 31–60 days late)
    const ka = await s.api<{ id: number }>("rep", "POST", "/contracts", {
      customerId: a.customerId,
      opportunityId: a.opp.id,
      number: "HT-甲-001",
      signedDate: shanghai(now - 80 * DAY),
      amountFen: 100_000_000,
      schedule: [
        { dueDate: shanghai(now - 70 * DAY), amountFen: 30_000_000 },
        { dueDate: shanghai(now - 45 * DAY), amountFen: 70_000_000 },
      ],
    });
    await s.api("rep", "POST", `/contracts/${ka.id}/payments`, { receivedDate: shanghai(now - 72 * DAY), amountFen: 30_000_000 });
    // 乙: 20万 signed today, one instalment due in 30 days, 5万 received today (counts for this month's commission)
    const kb = await s.api<{ id: number }>("rep", "POST", "/contracts", {
      customerId: b.customerId,
      opportunityId: b.opp.id,
      number: "HT-乙-002",
      signedDate: shanghai(now),
      amountFen: 20_000_000,
      schedule: [{ dueDate: shanghai(now + 30 * DAY), amountFen: 20_000_000 }],
    });
    await s.api("rep", "POST", `/contracts/${kb.id}/payments`, { receivedDate: shanghai(now), amountFen: 5_000_000 });

    const { context, page } = await newPage(env.browser);
    await login(page, s.url, "manager", "/cash");
    await page.getByTestId("receivables").waitFor();
    await settle(page);
    // outstanding: 甲 70万 (31–60 days late) + 乙 15万 (not yet due) = 85万
    expect(await page.getByTestId("receivables-total").innerText()).toBe("¥85万");
    const rows = await page.getByTestId("receivables").locator("tbody tr").allInnerTexts();
    expect(rows.find((r) => r.includes("回款甲公司"))).toMatch(/¥70万/);
    expect(rows.find((r) => r.includes("回款乙公司"))).toMatch(/¥15万/);
    await shot(page, "cash-receivables");

    await page.getByRole("tab", { name: "提成" }).click();
    await settle(page);
    // this month: only 乙's 5万 was received → 3 % is ¥1,500
    const commission = await page.getByTestId("commission").innerText();
    expect(commission).toContain("¥5万");
    expect(commission).toContain("¥1,500");

    await page.getByRole("tab", { name: "签约客户" }).click();
    await settle(page);
    // both have a contract; only 甲 paid its first instalment in full (signed), and is late → none qualified
    expect(await page.getByTestId("sign-contracted").innerText()).toBe("已签合同 2");
    expect(await page.getByTestId("sign-signed").innerText()).toBe("签约客户 1");
    expect(await page.getByTestId("sign-qualified").innerText()).toBe("合格签约客户 0");

    await page.getByRole("tab", { name: "合同" }).click();
    await settle(page);
    const contracts = await page.getByTestId("contracts").innerText();
    expect(contracts).toContain("HT-甲-001");
    expect(contracts).toContain("HT-乙-002");
    expect(contracts).toContain("逾期");
    await context.close();
  });

  test("receivables beyond one page: 200 lines at first, load more fetches the rest after the cursor", async () => {
    const s = env.server;
    const now = Date.now();
    // 200 more customers owing 1万 each (the first test left two), so the lines run past the first page of 200
    for (let i = 0; i < 200; i += 10)
      await Promise.all(
        Array.from({ length: 10 }, async (_, j) => {
          const c = await s.api<{ customer: { id: number } }>("rep", "POST", "/customers", { name: `应收分页客户 ${i + j}` });
          await s.api("rep", "POST", "/contracts", {
            customerId: c.customer.id,
            number: `HT-AR-${i + j}`,
            signedDate: shanghai(now),
            amountFen: 1_000_000,
            schedule: [{ dueDate: shanghai(now + 10 * DAY), amountFen: 1_000_000 }],
          });
        }),
      );
    const { context, page } = await newPage(env.browser);
    await login(page, s.url, "manager", "/cash");
    await page.getByTestId("receivables-more").waitFor();
    // ¥85万 of the first test and 200 × ¥1万, over every line though only the first page is loaded
    expect(await page.getByTestId("receivables").getByTestId("receivables-total").innerText()).toBe("¥285万");
    expect(await page.locator(".ant-pagination-item-10").count()).toBe(1);
    expect(await page.locator(".ant-pagination-item-11").count()).toBe(0);
    const next = page.waitForResponse((r) => r.url().includes("/reports/receivables") && r.url().includes("cursor="));
    await page.getByTestId("receivables-more").click();
    expect((await next).status()).toBe(200);
    await page.getByTestId("receivables-more").waitFor({ state: "detached" });
    // 202 lines: 11 table pages of 20
    await page.locator(".ant-pagination-item-11").waitFor();
    await context.close();
  });

  test("a quote from the opportunity page: 2 × ¥3万 less 10 % is ¥5.4万, saved and listed", async () => {
    const s = env.server;
    const { opp } = await makeDeal(s, "rep", { customer: "报价客户" });
    const { context, page } = await newPage(env.browser);
    await login(page, s.url, "rep", `/opportunities/${opp.id}`);
    await page.getByTestId("new-quote").click();
    await page.getByTestId("quote-product-0").fill("金豆 CRM 年费");
    await page.getByTestId("quote-units-0").fill("2");
    await page.getByTestId("quote-price-0").fill("3万");
    await page.getByTestId("quote-discount").fill("10");
    const expected = Math.round(2 * 30_000 * 100 * 0.9); // fen
    await page.getByTestId("quote-total").getByText("¥5.4万").waitFor();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
    await page.getByText("已保存").first().waitFor();
    const quotes = await s.api<{ items: Array<{ total_fen: number; status: string }> }>("rep", "GET", `/quotes?opportunity=${opp.id}`);
    expect(quotes.items.map((q) => [Number(q.total_fen), q.status])).toEqual([[expected, "draft"]]);
    await page.getByTestId("cash-panel").getByText("草稿").waitFor();
    await page.goto(`${s.url}/cash?tab=quotes`);
    await settle(page);
    expect(await page.getByTestId("quotes").innerText()).toContain("¥5.4万");
    await context.close();
  });
});
