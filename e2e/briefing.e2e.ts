/**
 * 销售简报 home: the tiles show the figures set up through the API (forgotten customers, overdue follow-ups, today's
 * visits, this month's closings), and a follow-up is done or snoozed in place.
 */
import { describe, expect, inject, test } from "vitest";
import { login, newPage, serverAndBrowser, shot } from "./harness";
import { settle } from "./walk";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** "YYYY-MM-DD" in Shanghai, the server's organisation zone. */
const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

describe.skipIf(!inject("browserAvailable"))("销售简报 home", () => {
  const env = serverAndBrowser();

  test("tiles and lists show the rep's own figures; done and snooze act in place", async () => {
    const s = env.server;
    const now = Date.now();
    const cust = async (name: string) => (await s.api<{ customer: { id: number } }>("rep", "POST", "/customers", { name })).customer.id;
    const quiet = await cust("简报·四十天未联系");
    const never = await cust("简报·从未联系");
    const recent = await cust("简报·昨天拜访");
    await s.api("rep", "POST", "/activities", { kind: "visit", customerId: quiet, doneAt: iso(now - 40 * DAY) });
    // yesterday's visit set a follow-up two days ago: overdue
    const follow = await s.api<{ id: number }>("rep", "POST", "/activities", {
      kind: "call",
      customerId: recent,
      doneAt: iso(now - DAY),
      nextFollowUpAt: iso(now - 2 * DAY),
      subject: "回访报价",
    });
    // a visit planned for today (noon Shanghai)
    const todayNoon = Date.parse(`${shanghai(now)}T12:00:00+08:00`);
    const planned = await s.api<{ id: number }>("rep", "POST", "/activities", {
      kind: "visit",
      customerId: never,
      plannedAt: iso(todayNoon),
      subject: "上门演示",
    });
    // a deal closing on the last day of this month, and another rep's customer the rep must not see
    const pipelines = await s.api<{ items: Array<{ id: number; key: string }> }>("rep", "GET", "/pipelines");
    const pipeline = pipelines.items.find((p) => p.key === "crm5")!;
    const [y, m] = shanghai(now).split("-").map(Number);
    const lastDay = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    await s.api("rep", "POST", "/opportunities", {
      customerId: recent,
      pipelineId: pipeline.id,
      title: "月底签约",
      amountFen: 12_340_000_00,
      expectedCloseDate: lastDay,
    });
    await s.api("rep2", "POST", "/customers", { name: "简报·别人的客户" });

    // Expected figures, from the facts above: forgotten = no activity done in 30 days among the rep's customers.
    const mine = await s.api<{ items: Array<{ id: number }> }>("rep", "GET", "/customers?limit=200");
    const acts = await s.api<{ items: Array<{ customerId: number; doneAt: number | null }> }>("rep", "GET", "/activities?limit=200");
    const contacted = new Set(acts.items.filter((a) => a.doneAt != null && Number(a.doneAt) >= now - 30 * DAY).map((a) => a.customerId));
    const forgotten = mine.items.filter((c) => !contacted.has(c.id)).length;
    expect(forgotten).toBe(2);

    const { context, page } = await newPage(env.browser);
    await login(page, s.url, "rep", "/");
    await page.getByTestId("brief-tiles").waitFor();
    await settle(page);
    const tile = async (k: string) => (await page.getByTestId(`tile-${k}`).innerText()).replace(/\s+/g, " ");
    expect(await tile("forgotten")).toContain(String(forgotten));
    expect(await tile("overdue")).toMatch(/逾期跟进 1$/);
    expect(await tile("today")).toMatch(/今日拜访 1$/);
    expect(await tile("closing")).toContain("1 · ¥1234万");
    const forgottenText = await page.getByTestId("brief-forgotten").innerText();
    expect(forgottenText).toContain("简报·四十天未联系");
    expect(forgottenText).toContain("已 40 天未联系");
    expect(forgottenText).not.toContain("别人的客户");
    expect(await page.getByTestId("brief-closing").innerText()).toContain("月底签约");
    await shot(page, "home-briefing");

    // Done on the overdue follow-up: recorded as a contact now, so it leaves the overdue list (checked through the API).
    await page.getByTestId(`todo-done-${follow.id}`).click();
    await page.getByText("已完成").first().waitFor();
    await page.getByTestId(`todo-${follow.id}`).waitFor({ state: "detached" });
    const f = await s.api<{ overdue: Array<{ id: number }> }>("rep", "GET", "/followups");
    expect(f.overdue.map((a) => a.id)).not.toContain(follow.id);

    // Snooze today's visit by 3 days: its planned time moves 3 days on.
    await page.getByTestId(`todo-snooze-${planned.id}`).click();
    await page.getByRole("menuitem", { name: "推迟 3 天" }).click();
    await page.getByTestId(`todo-${planned.id}`).waitFor({ state: "detached" });
    const moved = await s.api<{ items: Array<{ id: number; plannedAt: number }> }>("rep", "GET", `/activities?customer=${never}`);
    const p = moved.items.find((a) => a.id === planned.id)!;
    expect(Number(p.plannedAt) - todayNoon).toBe(3 * DAY);
    await context.close();
  });
});
