/** Daily work on the board: a card shows its next planned activity and marks a close date that has passed; a visit is logged from the card's menu. */
import { describe, expect, inject, test } from "vitest";
import type { Person } from "../src/http/testing";
import { login, makeDeal, newPage, serverAndBrowser, shot } from "./harness";

const mmddOf = (d: Date) => `${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
const ymdhm = (d: Date) => `${d.getFullYear()}-${mmddOf(d)} ${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}:00`;

/** 记录活动 / Log activity from a board card, per language: the menu item, the dialog's fields and buttons, the card's marker. */
const CARD_LOG = {
  "zh-CN": { item: "记录活动", subject: "主题", planned: "计划", ok: /确\s*定/, none: "无后续计划", next: "下次" },
  en: { item: "Log activity", subject: "Subject", planned: "Planned", ok: /^OK$/, none: "nothing planned", next: "Next" },
} as const;

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

  for (const locale of ["zh-CN", "en"] as const) {
    test(`记录活动 from a card's menu (${locale}): the planned activity lands on the deal and becomes the card's next activity`, async () => {
      const L = CARD_LOG[locale];
      const who: Person = "rep2";
      const s = env.server;
      const subject = `卡片上记录的电话 ${locale}`;
      const { pipeline, opp } = await makeDeal(s, who, { title: `卡片记录 ${locale}` });
      // planned in four days at 10:00 local time (the browser and the server both run in UTC here)
      const planned = new Date(Date.now() + 4 * 86_400_000);
      planned.setHours(10, 0, 0, 0);
      await s.api(who, "PATCH", "/auth/me", { locale });
      try {
        const { context, page } = await newPage(env.browser);
        await login(page, s.url, who, `/board?pipeline=${pipeline.id}`);
        const marker = page.getByTestId(`next-activity-${opp.id}`);
        expect(await marker.innerText()).toContain(L.none);
        await page.getByTestId(`card-menu-${opp.id}`).click();
        await page.getByRole("menuitem", { name: L.item }).click();
        const dialog = page.getByRole("dialog", { name: L.item });
        await dialog.waitFor();
        await dialog.getByLabel(L.subject, { exact: true }).fill(subject);
        const when = dialog.getByLabel(L.planned, { exact: true });
        await when.click();
        await when.fill(ymdhm(planned));
        await when.press("Enter");
        await dialog.getByRole("button", { name: L.ok }).click();
        await dialog.waitFor({ state: "hidden" });
        const acts = await s.api<{
          items: Array<{ subject: string | null; opportunityId: number | null; kind: string; plannedAt: string | number | null; doneAt: unknown }>;
        }>(who, "GET", `/activities?opportunity=${opp.id}`);
        const mine = acts.items.filter((x) => x.subject === subject);
        expect(mine).toHaveLength(1);
        expect(mine[0]).toMatchObject({ opportunityId: opp.id, kind: "visit", doneAt: null });
        expect(new Date(mine[0].plannedAt as string).getTime()).toBe(planned.getTime());
        // the card's marker now shows that activity's day, without a reload
        await expect.poll(() => marker.innerText(), { timeout: 15_000 }).toContain(`${L.next} ${mmddOf(planned)}`);
        await context.close();
      } finally {
        await s.api(who, "PATCH", "/auth/me", { locale: "zh-CN" });
      }
    });
  }

  test("stall and overdue markers only where due; the nearest open planned activity is shown", async () => {
    const s = env.server;
    const stalled = await makeDeal(s, "rep", { title: "停滞的商机" });
    const fresh = await makeDeal(s, "rep", { title: "刚推进的商机" });
    // the oracle: the stage's own stall threshold (the pipeline API), passed by two days for one deal only
    const stallDays = stalled.pipeline.stages.find((x) => x.id === stalled.opp.stageId) as { stallDays?: number | null } | undefined;
    const days = stallDays?.stallDays ?? 14;
    await s.app.db.updateTable("stages").set({ stall_days: days }).where("id", "=", stalled.opp.stageId).execute();
    await s.app.db
      .updateTable("opportunities")
      .set({ stage_entered_at: Date.now() - (days + 2) * 86_400_000 })
      .where("id", "=", stalled.opp.id)
      .execute();
    const cur = await s.api<{ version: number }>("rep", "GET", `/opportunities/${fresh.opp.id}`);
    const farClose = `${new Date().getFullYear() + 1}-06-30`;
    await s.api("rep", "PATCH", `/opportunities/${fresh.opp.id}`, { version: cur.version, expectedCloseDate: farClose });
    // three activities on the fresh deal: done yesterday, planned in 5 days, planned in 2 days → the card shows the 2-day one
    const at = (d: number) => new Date(Date.now() + d * 86_400_000);
    const a = (plannedAt: Date, doneAt?: Date) =>
      s.api("rep", "POST", "/activities", {
        kind: "call",
        customerId: fresh.customerId,
        opportunityId: fresh.opp.id,
        plannedAt: plannedAt.toISOString(),
        ...(doneAt ? { doneAt: doneAt.toISOString() } : {}),
      });
    await a(at(-1), at(-1));
    await a(at(5));
    await a(at(2));
    const rows = await s.app.db
      .selectFrom("activities")
      .select(["planned_at"])
      .where("opportunity_id", "=", fresh.opp.id)
      .where("done_at", "is", null)
      .orderBy("planned_at")
      .execute();
    const nearest = new Date(Number(rows[0].planned_at));
    const mmdd = `${String(nearest.getMonth() + 1).padStart(2, "0")}-${String(nearest.getDate()).padStart(2, "0")}`;

    const { context, page } = await newPage(env.browser);
    await login(page, s.url, "rep", `/board?pipeline=${stalled.pipeline.id}`);
    const stalledCard = page.locator(".jd-card", { has: page.getByTestId(`card-${stalled.opp.id}`) });
    const freshCard = page.locator(".jd-card", { has: page.getByTestId(`card-${fresh.opp.id}`) });
    await stalledCard.waitFor();
    expect(await stalledCard.getAttribute("class")).toContain("stalled");
    await stalledCard.getByLabel("停滞").waitFor();
    expect(await stalledCard.innerText()).toContain(`${days + 2}`);
    expect(await stalledCard.getByTestId(`next-activity-${stalled.opp.id}`).innerText()).toContain("无后续计划");
    expect(await freshCard.getAttribute("class")).not.toContain("stalled");
    expect(await freshCard.getByLabel("停滞").count()).toBe(0);
    expect(await page.getByTestId(`close-overdue-${fresh.opp.id}`).count()).toBe(0);
    const next = await freshCard.getByTestId(`next-activity-${fresh.opp.id}`).innerText();
    expect(next).toContain(mmdd);

    await context.close();
  });
});
