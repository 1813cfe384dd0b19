/** The pipeline board in a real browser: gates, a blocked skip, Lost with a reason, a conflict between two people, access by URL. */
import { describe, expect, inject, test } from "vitest";
import { login, makeDeal, newPage, serverAndBrowser, shot } from "./harness";

describe.skipIf(!inject("browserAvailable"))("pipeline board", () => {
  const env = serverAndBrowser();

  test("each role signs in and lands on its home page", async () => {
    for (const who of ["rep", "manager", "admin"] as const) {
      const { context, page } = await newPage(env.browser);
      await login(page, env.server.url, who);
      await expect(page.getByTestId("whoami").textContent()).resolves.toContain(who);
      await page.getByTestId(`home-${who === "admin" ? "director" : who}`).waitFor();
      await shot(page, `home-${who}`);
      await context.close();
    }
  });

  test("dragging a card forward by keyboard opens the exit checklist; ticking it moves the card", async () => {
    const { pipeline, opp } = await makeDeal(env.server, "rep", { title: "键盘推进的商机" });
    const [first, second] = pipeline.stages.filter((s) => s.kind === "open").sort((a, b) => a.position - b.position);
    const { context, page } = await newPage(env.browser);
    await login(page, env.server.url, "rep", `/board?pipeline=${pipeline.id}`);
    const card = page.getByTestId(`card-${opp.id}`);
    await card.waitFor();
    await card.focus();
    await page.keyboard.press("Space");
    await page.waitForTimeout(150);
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(250);
    await page.keyboard.press("Space");
    const dialog = page.getByRole("dialog");
    await dialog.getByText(/达标检查评估点/).waitFor();
    await shot(page, "board-gate-dialog");
    for (const c of first.criteria) {
      await page.getByTestId(`criterion-${c.id}`).click();
      await dialog
        .getByRole("textbox", { name: new RegExp("证据说明") })
        .first()
        .waitFor();
    }
    await dialog.getByRole("textbox").first().fill("客户张总名片,电话已核实");
    await page.getByTestId("checklist-confirm").click();
    await page.getByTestId(`column-${second.id}`).getByTestId(`card-${opp.id}`).waitFor();
    await shot(page, "board-after-advance");
    const after = await env.server.api("rep", "GET", `/opportunities/${opp.id}`);
    expect(after.stageId).toBe(second.id);
    expect(after.checks.map((k: { criterionId: number }) => k.criterionId).sort()).toEqual(first.criteria.map((c) => c.id).sort());
    expect(after.checks.find((k: { note: string | null }) => k.note)?.note).toBe("客户张总名片,电话已核实");
    await context.close();
  });

  test("dragging a card two stages ahead with the mouse is blocked as a skip", async () => {
    const { pipeline, opp } = await makeDeal(env.server, "rep", { title: "想跳级的商机" });
    const third = pipeline.stages.filter((s) => s.kind === "open").sort((a, b) => a.position - b.position)[2];
    const { context, page } = await newPage(env.browser);
    await login(page, env.server.url, "rep", `/board?pipeline=${pipeline.id}`);
    const card = page.getByTestId(`card-${opp.id}`);
    await card.waitFor();
    const from = (await card.boundingBox())!;
    const to = (await page.getByTestId(`column-${third.id}`).boundingBox())!;
    await page.mouse.move(from.x + 40, from.y + 20);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++)
      await page.mouse.move(from.x + 40 + ((to.x + 60 - from.x - 40) * i) / 12, from.y + 20 + ((to.y + 120 - from.y - 20) * i) / 12);
    await page.mouse.up();
    await page.getByTestId("skip-blocked").waitFor();
    await shot(page, "board-skip-blocked");
    const after = await env.server.api("rep", "GET", `/opportunities/${opp.id}`);
    expect(after.stageId).toBe(opp.stageId);
    await context.close();
  });

  test("marking a card Lost from its menu asks for the reason", async () => {
    const { pipeline, opp } = await makeDeal(env.server, "rep", { title: "会丢的商机" });
    const { context, page } = await newPage(env.browser);
    await login(page, env.server.url, "rep", `/board?pipeline=${pipeline.id}`);
    await page.getByTestId(`card-menu-${opp.id}`).click();
    await page.getByRole("menuitem", { name: "丢单" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("丢单原因").first().waitFor();
    await dialog.getByRole("button", { name: /丢\s*单/ }).click();
    await dialog.getByText("请填写原因").waitFor();
    await page.getByTestId("lost-reason").click();
    await page.getByTitle("预算不足").click();
    await dialog.getByRole("textbox").fill("客户年度预算被砍");
    await shot(page, "board-lost-reason");
    await dialog.getByRole("button", { name: /丢\s*单/ }).click();
    await page.getByTestId(`card-${opp.id}`).waitFor({ state: "detached" });
    const after = await env.server.api("rep", "GET", `/opportunities/${opp.id}`);
    expect(after.status).toBe("lost");
    expect(after.lostReason).toBe("budget");
    await context.close();
  });

  test("when someone else moved the card first, the second move shows a conflict and the board reloads", async () => {
    const { pipeline, opp } = await makeDeal(env.server, "rep", { title: "两人同时操作" });
    const [, second] = pipeline.stages.filter((s) => s.kind === "open").sort((a, b) => a.position - b.position);
    const a = await newPage(env.browser);
    const b = await newPage(env.browser);
    await login(a.page, env.server.url, "rep", `/board?pipeline=${pipeline.id}`);
    await login(b.page, env.server.url, "manager", `/board?pipeline=${pipeline.id}`);
    await a.page.getByTestId(`card-${opp.id}`).waitFor();
    await b.page.getByTestId(`card-${opp.id}`).waitFor();
    // The manager moves it back-and-forth-free: a "stay" decision bumps the version.
    await b.page.getByTestId(`card-menu-${opp.id}`).click();
    await b.page.getByRole("menuitem", { name: "保持阶段" }).click();
    await b.page.getByTestId("reason-input").fill("等客户预算批复");
    await b.page
      .getByRole("dialog")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
    await b.page.getByRole("dialog").waitFor({ state: "detached" });
    // The rep, on a stale board, tries to mark it lost.
    await a.page.getByTestId(`card-menu-${opp.id}`).click();
    await a.page.getByRole("menuitem", { name: "丢单" }).click();
    await a.page.getByTestId("lost-reason").click();
    await a.page.getByTitle("竞争对手").click();
    await a.page
      .getByRole("dialog")
      .getByRole("button", { name: /丢\s*单/ })
      .click();
    await a.page.getByText("版本冲突").waitFor();
    await shot(a.page, "board-conflict");
    const after = await env.server.api("rep", "GET", `/opportunities/${opp.id}`);
    expect(after.status).toBe("open");
    expect(after.stageId).toBe(opp.stageId);
    // the card is still there after the reload, with the manager's version
    await a.page.getByTestId(`card-${opp.id}`).waitFor();
    void second;
    await a.context.close();
    await b.context.close();
  });

  test("a rep cannot open another rep's opportunity by URL", async () => {
    const { opp } = await makeDeal(env.server, "otherRep", { title: "别人的商机" });
    const { context, page } = await newPage(env.browser);
    await login(page, env.server.url, "rep", `/opportunities/${opp.id}`);
    await page.getByTestId("opp-not-found").waitFor();
    expect(await page.getByText("别人的商机").count()).toBe(0);
    await shot(page, "opportunity-not-visible");
    await context.close();
  });
});
