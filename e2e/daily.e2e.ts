/** Daily work on the board: a card shows its next planned activity and marks a close date that has passed; a visit is logged from the card's menu. */
import { describe, expect, inject, test } from "vitest";
import { login, makeDeal, newPage, serverAndBrowser, shot } from "./harness";

describe.skipIf(!inject("browserAvailable"))("daily work on the board", () => {
  const env = serverAndBrowser();

  test("next activity and an overdue close date on the card; 记录拜访 from the card menu", async () => {
    const { pipeline, opp, customerId } = await makeDeal(env.server, "rep", { title: "逾期成交的商机" });
    const cur = await env.server.api<{ version: number }>("rep", "GET", `/opportunities/${opp.id}`);
    await env.server.api("rep", "PATCH", `/opportunities/${opp.id}`, { version: cur.version, expectedCloseDate: "2026-01-15" });
    const planned = new Date(Date.now() + 3 * 86_400_000);
    await env.server.api("rep", "POST", "/activities", { kind: "meeting", customerId, opportunityId: opp.id, plannedAt: planned.toISOString() });
    const { context, page } = await newPage(env.browser);
    await login(page, env.server.url, "rep", `/board?pipeline=${pipeline.id}`);
    await page.getByTestId(`close-overdue-${opp.id}`).waitFor();
    const next = await page.getByTestId(`next-activity-${opp.id}`).innerText();
    const mmdd = `${String(planned.getMonth() + 1).padStart(2, "0")}-${String(planned.getDate()).padStart(2, "0")}`;
    expect(next).toContain(mmdd);
    await shot(page, "board-card-markers");
    await page.getByTestId(`card-menu-${opp.id}`).click();
    await page.getByRole("menuitem", { name: "记录拜访" }).click();
    await page.getByTestId("quick-outcome-needFollowUp").click();
    await page.getByTestId("quick-visit-save").click();
    await page.getByText("已记录拜访").waitFor();
    const acts = await env.server.api<{ items: Array<{ kind: string; opportunityId: number | null; outcome: string | null; doneAt: number | null }> }>(
      "rep",
      "GET",
      `/activities?opportunity=${opp.id}`,
    );
    const visit = acts.items.find((a) => a.kind === "visit");
    expect(visit).toMatchObject({ opportunityId: opp.id, outcome: "需再跟进" });
    expect(visit?.doneAt).not.toBeNull();
    await context.close();
  });
});
