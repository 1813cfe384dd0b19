/** Tiering settings as a form: the stored fractions show as percentages, and a changed field is saved as the server's value. */
import { describe, expect, inject, test } from "vitest";
import { login, newPage, serverAndBrowser, shot } from "./harness";
import { settle } from "./walk";

describe.skipIf(!inject("browserAvailable"))("tiering settings form", () => {
  const env = serverAndBrowser();

  test("ABC cut 0.8 reads 80 %; high-priority revisit set to 5 days and the A cut to 75 % are saved", async () => {
    const s = env.server;
    const before = await s.api<{ abc: { a: number }; priority: { revisitDays: { high: number; medium: number } } }>("admin", "GET", "/settings/tiering");
    const { context, page } = await newPage(env.browser);
    await login(page, s.url, "admin", "/settings");
    await settle(page);
    await page.getByRole("tab", { name: "分级方案与权重" }).click();
    await page.getByTestId("tiering-form").waitFor();
    const a = page.getByLabel("A 类累计占比");
    expect(await a.inputValue()).toBe(String(before.abc.a * 100));
    await a.fill("75");
    await page.getByLabel("高优先级回访间隔").fill("5");
    await shot(page, "settings-tiering-form");
    await page.getByTestId("tiering-save").click();
    await page.getByText("已保存").first().waitFor();
    const after = await s.api<{ abc: { a: number }; priority: { revisitDays: { high: number; medium: number } } }>("admin", "GET", "/settings/tiering");
    expect(after.abc.a).toBe(0.75);
    expect(after.priority.revisitDays).toEqual({ ...before.priority.revisitDays, high: 5 });
    await context.close();
  });
});
